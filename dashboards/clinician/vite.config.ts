/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The hub serves the built files at "/" (src/Monitoring.Hub/Dashboard/DashboardSetup.cs);
// `npm run dev` proxies the API and SignalR to a hub running locally (HUB_URL, default :8080).
const hub = process.env.HUB_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    // Hashed file names under assets/ get a year-long cache from the hub; index.html gets no-cache.
    assetsDir: 'assets',
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': hub,
      '/health': hub,
      '/hubs': { target: hub, ws: true },
    },
  },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
