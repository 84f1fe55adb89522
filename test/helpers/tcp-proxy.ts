import { createConnection, createServer, type Server, type Socket } from 'node:net'

/**
 * A TCP forwarder on a loopback port to `target`, which a test can take down (every connection
 * cut, new ones refused) and bring back: a database that goes away and returns, as the server
 * under test sees it, without touching the database others share.
 */
export async function tcpProxy(target: { host: string; port: number }, port = 0) {
  const sockets = new Set<Socket>()
  let server: Server | null = null
  let boundPort = port

  const up = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = createConnection(target)
        for (const socket of [client, upstream]) {
          sockets.add(socket)
          socket.on('close', () => sockets.delete(socket))
          socket.on('error', () => socket.destroy())
        }
        client.pipe(upstream).pipe(client)
        client.on('close', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
      })
      s.once('error', reject)
      s.listen(boundPort, '127.0.0.1', () => {
        boundPort = (s.address() as { port: number }).port
        server = s
        resolve()
      })
    })

  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      if (!server) return resolve()
      server.close(() => resolve())
      server = null
    })

  await up()
  return {
    get port() {
      return boundPort
    },
    up,
    down,
  }
}
