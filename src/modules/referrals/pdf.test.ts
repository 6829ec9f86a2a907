import { describe, expect, it } from 'vitest';
import { pdfString, textPdf, wrap } from './pdf.js';

describe('the minimal PDF writer', () => {
  it('writes a cross-reference table whose offsets point at each object', () => {
    const pdf = textPdf('Test', Array.from({ length: 150 }, (_, i) => ({ text: `Line ${i} (with parentheses) and a backslash \\` })));
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    entries.forEach((offset, i) => expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    expect(text).toMatch(/\/Count 3 /);
    const lengths = [...text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)];
    for (const m of lengths) expect(text.slice(m.index! + m[0].length + Number(m[1]), m.index! + m[0].length + Number(m[1]) + 10)).toBe('\nendstream');
  });

  it('encodes Nordic letters in WinAnsi and escapes the string delimiters', () => {
    expect(pdfString('Åsa (ö) \\ €')).toEqual(Buffer.from([0x28, 0xc5, 0x73, 0x61, 0x20, 0x5c, 0x28, 0xf6, 0x5c, 0x29, 0x20, 0x5c, 0x5c, 0x20, 0x80, 0x29]));
    expect(pdfString('漢').toString('latin1')).toBe('(?)');
  });

  it('wraps long lines at spaces and cuts tokens longer than a line', () => {
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('x'.repeat(10), 4)).toEqual(['xxxx', 'xxxx', 'xx']);
  });
});
