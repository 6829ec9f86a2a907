import { describe, expect, it } from 'vitest';
import { contentTypeMatches, detectImageFormat } from './sniff.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

/** An ISO-BMFF ftyp box with a major brand and compatible brands. */
const ftyp = (major: string, ...compatible: string[]): Uint8Array => {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible, [0, 0, 0, 0]);
};

describe('image format sniffing', () => {
  it('recognises the formats we hash by their first bytes', () => {
    expect(detectImageFormat(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(detectImageFormat(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(detectImageFormat(bytes('GIF89a'))).toBe('gif');
    expect(detectImageFormat(bytes('GIF87a'))).toBe('gif');
    expect(detectImageFormat(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('webp');
    expect(detectImageFormat(ftyp('avif', 'mif1', 'miaf'))).toBe('avif');
    expect(detectImageFormat(ftyp('mif1', 'avif'))).toBe('avif');
    expect(detectImageFormat(ftyp('heic', 'mif1'))).toBe('heif');
  });

  it('recognises nothing else: SVG, TIFF, BMP, PDF, video, text, truncated signatures', () => {
    for (const other of [
      bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      bytes('II*', [0]),
      bytes('BM'),
      bytes('%PDF-1.7'),
      ftyp('isom', 'mp41'),
      bytes('RIFF', [1, 2, 3, 4], 'WAVE'),
      bytes('hello'),
      bytes([0xff, 0xd8]),
      bytes([0x89], 'PN'),
      new Uint8Array(0),
    ]) {
      expect(detectImageFormat(other)).toBeNull();
    }
  });

  it('accepts a declared type naming the detected format, whatever its case or parameters', () => {
    expect(contentTypeMatches('image/jpeg', 'jpeg')).toBe(true);
    expect(contentTypeMatches('IMAGE/JPG', 'jpeg')).toBe(true);
    expect(contentTypeMatches('image/png; charset=binary', 'png')).toBe(true);
    expect(contentTypeMatches('image/heif', 'avif')).toBe(true);
  });

  it('treats a missing or generic declared type as no claim', () => {
    expect(contentTypeMatches('', 'gif')).toBe(true);
    expect(contentTypeMatches('application/octet-stream', 'webp')).toBe(true);
  });

  it('refuses a declared type naming another format or no image at all', () => {
    expect(contentTypeMatches('image/jpeg', 'png')).toBe(false);
    expect(contentTypeMatches('image/avif', 'heif')).toBe(false);
    expect(contentTypeMatches('text/html', 'jpeg')).toBe(false);
    expect(contentTypeMatches('image/svg+xml', 'png')).toBe(false);
  });
});
