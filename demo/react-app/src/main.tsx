import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'

/** The companion server: `?server=` in the address, else `npm run demo`'s default. */
const server = new URLSearchParams(location.search).get('server') ?? 'http://localhost:8787'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App server={server} />
  </StrictMode>,
)
