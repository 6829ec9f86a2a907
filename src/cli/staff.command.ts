import { Option, type Command } from 'commander';
import { readEnv } from '../config/env.js';
import { roles, type Role } from '../server/access.js';
import { openRuntime } from '../server/runtime.js';

export function registerStaffCommands(program: Command): void {
  const staff = program.command('staff').description('Manage staff accounts');
  staff
    .command('create')
    .description('Create a staff account; without --password one is generated and printed once')
    .requiredOption('--email <email>', 'sign-in e-mail')
    .addOption(new Option('--role <role>', 'role').choices(roles).makeOptionMandatory())
    .option('--name <name>', 'display name')
    .option('--password <password>', 'password (at least 12 characters)')
    .action(async (opts: { email: string; role: Role; name?: string; password?: string }) => {
      const runtime = await openRuntime(readEnv());
      try {
        const result = await runtime.services.staff.create(
          { type: 'system', id: 'cli' },
          { email: opts.email, role: opts.role, displayName: opts.name, password: opts.password },
        );
        console.log(`Created ${result.staff.role} ${result.staff.email} (${result.staff.id}).`);
        if (['admin', 'senior_moderator', 'legal'].includes(result.staff.role)) {
          console.log('This role must enrol in two-factor authentication at first sign-in.');
        }
        if (result.password) console.log(`Password (shown once): ${result.password}`);
      } finally {
        await runtime.close();
      }
    });
}
