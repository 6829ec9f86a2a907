import { describe, expect, it } from 'vitest';
import { publicLinks, publicUrlOf } from './public-links.js';

describe('public links', () => {
  it('builds absolute appeal and status links from the public URL, with or without a trailing slash', () => {
    for (const url of ['https://trygg.example.org', 'https://trygg.example.org/']) {
      const links = publicLinks(url);
      expect(links.base).toBe('https://trygg.example.org');
      expect(links.appeal('tok_abc-123')).toBe('https://trygg.example.org/appeal/tok_abc-123');
      expect(links.reportStatus('AAAAbbbbCCCCdddd')).toBe('https://trygg.example.org/report/status/AAAAbbbbCCCCdddd');
    }
  });

  it('keeps a path prefix when Trygg is served below one', () => {
    expect(publicLinks('https://example.org/trygg/').appeal('t')).toBe('https://example.org/trygg/appeal/t');
  });

  it('refuses a URL that is not http or https', () => {
    expect(() => publicLinks('ftp://example.org')).toThrow(/http/);
  });

  it('falls back to where the node listens when TRYGG_PUBLIC_URL is unset', () => {
    expect(publicUrlOf({ TRYGG_PUBLIC_URL: 'https://t.example', HOST: '127.0.0.1', PORT: 8080 })).toBe('https://t.example');
    expect(publicUrlOf({ HOST: '127.0.0.1', PORT: 8080 })).toBe('http://127.0.0.1:8080');
    expect(publicUrlOf({ HOST: '0.0.0.0', PORT: 9000 })).toBe('http://localhost:9000');
    expect(publicUrlOf({ HOST: '::1', PORT: 9000 })).toBe('http://[::1]:9000');
  });
});
