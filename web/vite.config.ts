import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API to a parcoursd on PARCOURS_URL (default 127.0.0.1:8080).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: {
    proxy: { '/v1': process.env.PARCOURS_URL ?? 'http://127.0.0.1:8080' },
  },
});
