import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from the Drizzle schema; the SQL is committed and applied at boot.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/storage/schema.ts',
  out: './src/storage/migrations',
});
