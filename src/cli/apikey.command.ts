import type { Command } from 'commander';
import { readEnv } from '../config/env.js';
import { scopes, type Scope } from '../server/access.js';
import { badRequest } from '../server/errors.js';
import { openRuntime } from '../server/runtime.js';

export function parseScopes(list: string): Scope[] {
  const parsed = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (parsed.length === 0) throw badRequest('--scopes', `name at least one of ${scopes.join(', ')}`);
  for (const scope of parsed) {
    if (!(scopes as readonly string[]).includes(scope)) throw badRequest('--scopes', `unknown scope "${scope}"; known: ${scopes.join(', ')}`);
  }
  return parsed as Scope[];
}

export function registerApiKeyCommands(program: Command): void {
  const apikey = program.command('apikey').description('Manage platform API keys');
  apikey
    .command('create')
    .description('Create an API key; the key is printed once, as the last line')
    .requiredOption('--name <name>', 'what the key is for, e.g. "web backend"')
    .requiredOption('--scopes <list>', `comma-separated scopes: ${scopes.join(', ')}`)
    .action(async (opts: { name: string; scopes: string }) => {
      const wanted = parseScopes(opts.scopes);
      const runtime = await openRuntime(readEnv());
      try {
        const { apiKey, key } = await runtime.services.apiKeys.create({ type: 'system', id: 'cli' }, opts.name, wanted);
        console.log(`Created API key "${apiKey.name}" (${apiKey.id}) with scopes ${apiKey.scopes.join(', ')}. Store it now; it is not shown again:`);
        console.log(key);
      } finally {
        await runtime.close();
      }
    });
}
