import { useMemo } from 'react';
import { qrModules } from './qr';

const QUIET_ZONE = 4; // modules of light margin that scanners need around the code

/** A QR code as SVG: crisp at any zoom, and plain markup (no inline styles, so the CSP holds). */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => {
    const modules = qrModules(text);
    let d = '';
    modules.forEach((row, y) => row.forEach((dark, x) => {
      if (dark) d += `M${x + QUIET_ZONE},${y + QUIET_ZONE}h1v1h-1z`;
    }));
    return { size: modules.length + QUIET_ZONE * 2, path: d };
  }, [text]);
  return (
    <svg className="qr-code" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
