#!/usr/bin/env node
// Builds the web console once if it is missing, so `npm install && npm run demo` (or
// `npm start`) serves it on a fresh checkout without a separate build step.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(join(root, 'console', 'dist', 'index.html'))) process.exit(0);
console.log('Building the web console (first run only)…');
const result = spawnSync('npm', ['run', '--silent', 'build:console'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
