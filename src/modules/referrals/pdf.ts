/**
 * A minimal, valid PDF 1.4 of text lines: A4 pages, the standard Helvetica fonts (no embedding),
 * WinAnsi text (Swedish, Norwegian and Danish letters included). Written here rather than with a
 * PDF library because a one-column text summary needs only this, and it adds no dependency.
 */

export interface PdfLine {
  text: string;
  bold?: boolean;
  /** Extra space above, in points (headings). */
  gap?: number;
}

const PAGE = { width: 595, height: 842, margin: 50 };
const SIZE = 10;
const LEADING = 14;
const WRAP = 95;

// Characters WinAnsiEncoding places in 0x80-0x9F; the rest of Latin-1 maps to itself.
const WIN_ANSI: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c,
  'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b,
  'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

/** A PDF string literal's bytes: WinAnsi, with \, ( and ) escaped; what WinAnsi lacks becomes "?". */
export function pdfString(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    let b = WIN_ANSI[ch] ?? (code >= 0x20 && code <= 0x7e ? code : code >= 0xa0 && code <= 0xff ? code : 0x3f);
    if (code === 0x09) b = 0x20;
    if (b === 0x5c || b === 0x28 || b === 0x29) bytes.push(0x5c);
    bytes.push(b);
  }
  return Buffer.from([0x28, ...bytes, 0x29]);
}

/** Breaks long lines at spaces (or hard, for long tokens such as hashes). */
export function wrap(text: string, width = WRAP): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      let w = word;
      while (w.length > width) {
        if (line) { out.push(line); line = ''; }
        out.push(w.slice(0, width));
        w = w.slice(width);
      }
      if (line && line.length + 1 + w.length > width) { out.push(line); line = w; } else line = line ? `${line} ${w}` : w;
    }
    out.push(line);
  }
  return out;
}

export function textPdf(title: string, lines: PdfLine[]): Buffer {
  const perPage = Math.floor((PAGE.height - 2 * PAGE.margin) / LEADING);
  const laid = lines.flatMap((l) => wrap(l.text).map((t, i) => ({ text: t, bold: l.bold, gap: i === 0 ? l.gap ?? 0 : 0 })));
  const pages: (typeof laid)[] = [];
  let current: typeof laid = [];
  let used = 0;
  for (const line of laid) {
    const cost = 1 + Math.ceil(line.gap / LEADING);
    if (used + cost > perPage) { pages.push(current); current = []; used = 0; }
    current.push(line);
    used += cost;
  }
  pages.push(current);

  const objects: Buffer[] = [];
  const add = (body: Buffer | string) => objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body) ;
  const pageIds = pages.map((_, i) => 5 + i * 2);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  pages.forEach((page, index) => {
    const ops: Buffer[] = [Buffer.from(`BT\n${LEADING} TL\n${PAGE.margin} ${PAGE.height - PAGE.margin} Td\n`, 'latin1')];
    for (const line of page) {
      if (line.gap) ops.push(Buffer.from(`0 -${line.gap} Td\n`, 'latin1'));
      ops.push(Buffer.from(`/${line.bold ? 'F2' : 'F1'} ${SIZE} Tf\n`, 'latin1'), pdfString(line.text), Buffer.from(" '\n", 'latin1'));
    }
    ops.push(Buffer.from(`ET\nBT /F1 8 Tf ${PAGE.margin} 30 Td `, 'latin1'), pdfString(`${title} - page ${index + 1} of ${pages.length}`), Buffer.from(' Tj ET\n', 'latin1'));
    const stream = Buffer.concat(ops);
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageIds[index]! + 1} 0 R >>`);
    add(Buffer.concat([Buffer.from(`<< /Length ${stream.length} >>\nstream\n`, 'latin1'), stream, Buffer.from('\nendstream', 'latin1')]));
  });
  add(Buffer.concat([Buffer.from('<< /Title ', 'latin1'), pdfString(title), Buffer.from(' /Producer (Trygg) >>', 'latin1')]));

  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    chunks.push(chunk);
    offset += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}
