import { createServer, type Server } from 'node:http'
import { freePort } from './wait.js'

/**
 * A merchant's page on an origin of its own (another port on this machine: a page the browser sees
 * as public may not call loopback at all): the script-tag file at `/pay-elements.js` and `markup`,
 * under a strict CSP that lets the page call `connectSrc` besides itself.
 */
export async function startMerchantShop(script: string, markup: string, connectSrc: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url === '/pay-elements.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' })
      return void response.end(script)
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${connectSrc}`,
    })
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
      <script src="/pay-elements.js"></script></head><body><main>${markup}</main></body></html>`)
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${port}`, server }
}
