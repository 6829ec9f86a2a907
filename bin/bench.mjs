#!/usr/bin/env node
// Runs one benchmark, bench/<name>.bench.ts, through tsx: `npm run bench -- http`.
import { readdirSync } from 'node:fs';
import { register } from 'tsx/esm/api';

const dir = new URL('../bench/', import.meta.url);
const available = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .sort();
const name = process.argv[2];

if (!name || !available.includes(name)) {
  if (name) console.error(`bench: no benchmark named "${name}".`);
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ') || '(none)'}`);
  process.exit(1);
}

register();
process.argv.splice(2, 1); // the benchmark sees its own arguments only
await import(new URL(`${name}.bench.ts`, dir).href);
