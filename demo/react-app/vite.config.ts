import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// A merchant's app as it would be: the packages come from node_modules (here the workspace's
// built packages), with no knowledge of this repository's sources.
export default defineConfig({
  plugins: [react()],
  build: { sourcemap: true },
})
