import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/env.js';
import { TryggError } from '../server/errors.js';
import { registerApiKeyCommands } from './apikey.command.js';
import { registerAuditCommands } from './audit.command.js';
import { registerBankCommands } from './bank.command.js';
import { registerDemoCommands } from './demo.command.js';
import { registerEvidenceCommands } from './evidence.command.js';
import { registerServerCommands } from './server.command.js';
import { registerStaffCommands } from './staff.command.js';

const program = new Command()
  .name('trygg')
  .description('Trygg: child-safety and trust-and-safety engine for online communities')
  .showHelpAfterError()
  .exitOverride();

registerServerCommands(program);
registerStaffCommands(program);
registerApiKeyCommands(program);
registerAuditCommands(program);
registerBankCommands(program);
registerEvidenceCommands(program);
registerDemoCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof ConfigError || error instanceof TryggError) {
    console.error(`trygg: ${error.message}`);
  } else {
    console.error(`trygg: ${(error as Error).stack ?? String(error)}`);
  }
  process.exit(1);
}
