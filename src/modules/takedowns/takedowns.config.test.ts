import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTakedownConfig, loadTakedownConfig, supportFor } from './takedowns.config.js';

const file = (content: unknown) => {
  const path = join(mkdtempSync(join(tmpdir(), 'trygg-takedown-config-')), 'takedowns.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
};

describe('takedown configuration', () => {
  it('has support contacts for Sweden, Norway, Denmark and international ones by default', () => {
    expect(supportFor(defaultTakedownConfig, 'SE').map((c) => c.name)).toEqual(['BRIS', 'Ecpat Sverige hotline', 'NCMEC Take It Down', 'StopNCII.org']);
    expect(supportFor(defaultTakedownConfig, 'NO')[0]!.name).toBe('Kors på halsen');
    expect(supportFor(defaultTakedownConfig, 'DK').some((c) => c.phone === '116 111')).toBe(true);
    expect(supportFor(defaultTakedownConfig, undefined).map((c) => c.name)).toEqual(['NCMEC Take It Down', 'StopNCII.org']);
  });

  it('replaces the keys a file names and keeps the other defaults', () => {
    const support = { ...defaultTakedownConfig.support, SE: [{ name: 'Lokal jour', phone: '020-00 00 00' }] };
    const config = loadTakedownConfig(file({ support }));
    expect(supportFor(config, 'SE')[0]).toEqual({ name: 'Lokal jour', phone: '020-00 00 00', description: '' });
    expect(config.priority).toEqual(defaultTakedownConfig.priority);
  });

  it('refuses a file with an unknown key or a bad value', () => {
    expect(() => loadTakedownConfig(file({ priorities: {} }))).toThrow();
    expect(() => loadTakedownConfig(file({ uploader: { minor: 'warn', sexual: 'ban', other: 'strike' } }))).toThrow();
  });
});
