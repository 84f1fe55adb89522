import node from '@astrojs/node'
import { defineConfig } from 'astro/config'

// Every page is rendered on the server, per request (the checkout is created there), by Astro's
// standalone Node server: `npm run build`, then `npm start` (HOST, PORT, PAY_SERVER_URL).
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // The example is one page; no telemetry, no dev toolbar.
  devToolbar: { enabled: false },
})
