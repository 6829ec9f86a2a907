// Recognises the image formats we hash from their first bytes, before any decoder sees them:
// everything else (SVG, TIFF, PDF, BMP, ...) is refused without waking a parser for it.
// Pure, so the browser form can refuse the same files the server would.

export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'avif', 'heif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

const ascii = (bytes: Uint8Array, start: number, text: string): boolean => {
  if (bytes.length < start + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** The format the bytes claim to be, or null when it is not one we hash. */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'webp';
  if (ascii(bytes, 4, 'ftyp')) return isoMediaFormat(bytes);
  return null;
}

/** AVIF and HEIC share the ISO-BMFF container: the major brand, then the compatible brands, say which. */
function isoMediaFormat(bytes: Uint8Array): ImageFormat | null {
  const boxSize = (bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!;
  const end = Math.min(bytes.length, boxSize >>> 0);
  const brands: string[] = [];
  // The major brand at 8, a minor version at 12, compatible brands from 16.
  for (let at = 8; at + 4 <= end; at += at === 8 ? 8 : 4) {
    brands.push(String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!));
  }
  if (brands.some((b) => AVIF_BRANDS.has(b))) return 'avif';
  if (brands.some((b) => HEIF_BRANDS.has(b))) return 'heif';
  return null;
}

const CONTENT_TYPES: Record<string, readonly ImageFormat[]> = {
  'image/jpeg': ['jpeg'],
  'image/jpg': ['jpeg'],
  'image/pjpeg': ['jpeg'],
  'image/png': ['png'],
  'image/apng': ['png'],
  'image/x-png': ['png'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
  'image/avif': ['avif'],
  // AVIF is a HEIF profile, so a generic HEIF label fits it too.
  'image/heif': ['heif', 'avif'],
  'image/heic': ['heif'],
  'image/heif-sequence': ['heif', 'avif'],
  'image/heic-sequence': ['heif'],
};

// Labels that say nothing about the content: an upload without a real claim is not a mismatch.
const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** Whether a declared Content-Type (parameters and case ignored) is consistent with the detected format. */
export function contentTypeMatches(contentType: string, format: ImageFormat): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (GENERIC_TYPES.has(type)) return true;
  return CONTENT_TYPES[type]?.includes(format) ?? false;
}
