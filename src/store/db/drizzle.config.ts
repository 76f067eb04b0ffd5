import { defineConfig } from 'drizzle-kit';

/** `npx drizzle-kit generate --config src/store/db/drizzle.config.ts` writes SQL migrations for both drivers. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/db/schema/index.ts',
  out: './src/store/db/migrations',
});
