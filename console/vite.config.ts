import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** In development, /console and every path below it get the console page, as Trygg serves them. */
const consoleRoutes: Plugin = {
  name: 'trygg-console-routes',
  configureServer(server) {
    server.middlewares.use((request, _response, next) => {
      if (request.url && /^\/console(\/[^.]*)?(\?.*)?$/.test(request.url)) request.url = '/console.html';
      next();
    });
  },
};

// Two entries share one asset folder: the public pages (/) and the staff console (/console).
// base '/' makes every asset load from /assets/..., whichever page or client-side route asked.
// For development: run Trygg on :8080 and `npx vite --config console/vite.config.ts`.
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), consoleRoutes],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      input: { index: `${root}index.html`, console: `${root}console.html` },
      // Chunks shared by both pages (React, the dictionaries) get plain names, not their first module's.
      output: { codeSplitting: { groups: [{ name: 'react', test: /node_modules/ }, { name: 'i18n', test: /[\\/]src[\\/]i18n[\\/]/ }] } },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080', '/docs': 'http://127.0.0.1:8080' } },
});
