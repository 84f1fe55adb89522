/**
 * The network between the browser and the servers of `npm run bench:render`: a small proxy in front
 * of each server (the page's file server, the companion server), all of them on one `Link`, as one
 * phone's connection carries the requests to every origin a page talks to. Every request passes
 * through it and is recorded, CORS preflights included.
 *
 * Chromium's own emulation (CDP `Network.emulateNetworkConditions`) is not used: it does not delay
 * CORS preflights, which are a round trip each on a real network.
 *
 * The browser speaks HTTP/2 over TLS to the proxy, as to a merchant's site and a companion server
 * behind any CDN or load balancer today: one connection per origin carries every request in
 * parallel (HTTP/1.1 would open up to six, each with its own handshake, and queue the seventh). The
 * proxy speaks HTTP/1.1 to the server on loopback. The model, per request and response rather than
 * per connection (a connection pays again for every request it carries):
 * - propagation: each direction takes half the round-trip time. A request is forwarded rtt/2 after
 *   the browser sent it; each piece of the answer (head, every body chunk) reaches the browser rtt/2
 *   after the server wrote it. So every request costs at least one round trip, and a streamed answer
 *   (the live status) arrives piece by piece.
 * - connection setup: a new connection costs two round trips (TCP handshake, then TLS 1.3) before
 *   its first request can leave.
 * - bandwidth, when the profile has one, paced here (not by Chromium): the bytes of each direction go
 *   through one first-in-first-out queue at the profile's bit rate, shared by every connection on
 *   the link.
 *   Bodies count as sent (scripts gzipped), each head as its HTTP/1.1 text (HPACK would make repeated
 *   headers smaller). No TCP slow start, no loss, no fair sharing between streams.
 */
import { execFileSync } from 'node:child_process'
import { createHash, createPublicKey } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request as upstreamRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse, type ServerHttp2Session } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface NetworkProfile {
  /** What BENCH_PROFILES names it by. */
  key: string
  /** How the report names it. */
  name: string
  rttMs: number
  /** Round trips a new connection costs before its first request leaves (default: TCP, then TLS 1.3). */
  setupRoundTrips?: number
  /** Download rate in kbit/s; none: unlimited. */
  downKbps?: number
  /** Upload rate in kbit/s; none: unlimited. */
  upKbps?: number
}

/** Round trips a new connection costs before its first request leaves: TCP, then TLS 1.3. */
export const CONNECTION_SETUP_ROUND_TRIPS = 2

/** One request as the browser saw it: times on the wall clock (`performance.timeOrigin + performance.now()`), as the page reads it too. */
export interface RequestRecord {
  /** Which proxy carried it (`page`, `server`). */
  via: string
  method: string
  /** Path and query. */
  url: string
  /** When the browser sent it. */
  start: number
  /** When the last byte of its answer reached the browser; NaN while it has not (or never will, when aborted). */
  end: number
  /** How long it waited for its connection to be set up before it could leave (ms; 0 on a ready connection). */
  setupWait: number
}

/** The clock the page reads too: wall-clock milliseconds with sub-millisecond precision. */
export const wallClock = () => performance.timeOrigin + performance.now()

/** Resolves at `time`; at once (no timer tick) when that has passed. */
const sleepUntil = (time: number): Promise<void> => {
  const wait = time - wallClock()
  return wait <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, wait))
}

/** The shared link: its profile, its two queues and the record of every request it carried. */
export class Link {
  /** Every request on this link since the last `reset`, in the order they were sent. */
  records: RequestRecord[] = []
  /**
   * The payer's address, sent on as `X-Forwarded-For` (to a server that trusts the proxy): each
   * page load is another payer, so the server's per-address rate limit counts each load alone.
   */
  payerAddress = '10.0.0.0'
  private freeAt = { up: 0, down: 0 }
  private loads = 0

  constructor(public profile: NetworkProfile) {}

  /** Starts afresh (before each page load): another payer, an empty record, idle queues. */
  reset(profile = this.profile): void {
    this.profile = profile
    this.records = []
    this.freeAt = { up: 0, down: 0 }
    const n = ++this.loads
    this.payerAddress = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
  }

  /**
   * When `bytes` handed to the link at `sentAt` reach the other end: once the bytes queued before
   * them have gone out, after their own transmission time at the profile's rate, plus rtt/2.
   */
  arrival(direction: 'up' | 'down', bytes: number, sentAt = wallClock()): number {
    const kbps = direction === 'up' ? this.profile.upKbps : this.profile.downKbps
    let leaves = sentAt
    if (kbps) {
      // kbit/s is bits per millisecond.
      leaves = Math.max(sentAt, this.freeAt[direction]) + (bytes * 8) / kbps
      this.freeAt[direction] = leaves
    }
    return leaves + this.profile.rttMs / 2
  }
}

/** A certificate for 127.0.0.1, and its key's SPKI hash for Chromium's `--ignore-certificate-errors-spki-list`, which makes it valid there. */
export interface Certificate {
  key: string
  cert: string
  spkiHash: string
}

/** A throw-away self-signed certificate for 127.0.0.1 (OpenSSL's command line: Node has no certificate builder). */
export function selfSignedCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'pay-bench-tls-'))
  try {
    const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')]
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    )
    const key = readFileSync(keyFile, 'utf8')
    const spki = createPublicKey(key).export({ type: 'spki', format: 'der' })
    return { key, cert: readFileSync(certFile, 'utf8'), spkiHash: createHash('sha256').update(spki).digest('base64') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const CONNECTION_SPECIFIC = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
])

/** Headers to pass on across the protocol change: none of HTTP/2's pseudo-headers, none of either side's connection headers. */
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(':') && !CONNECTION_SPECIFIC.has(name)))
}

/** Bytes of a message's head as HTTP/1.1 text: its first line, each header line, the blank line. */
function headBytes(firstLine: string, headers: IncomingHttpHeaders): number {
  let bytes = firstLine.length + 4
  for (const [name, value] of Object.entries(headers)) bytes += name.length + String(value).length + 4
  return bytes
}

export interface DelayProxy {
  /** Its origin, `https://127.0.0.1:<port>`. */
  url: string
  port: number
  /** Closes every open connection, so the browser's next request sets up a new one. */
  dropConnections(): void
  close(): void
}

/** A proxy on a loopback port of its own to `target` (an http origin), carried by `link`; its records say `via`. */
export async function delayProxy(link: Link, target: string, via: string, certificate: Certificate): Promise<DelayProxy> {
  const agent = new Agent({ keepAlive: true })
  /** When each connection is set up. */
  const readyAt = new WeakMap<ServerHttp2Session, number>()

  const server = createSecureServer(
    { key: certificate.key, cert: certificate.cert },
    (request: Http2ServerRequest, response: Http2ServerResponse) => {
      const start = wallClock()
      const ready = readyAt.get(request.stream.session as ServerHttp2Session) ?? start
      const record: RequestRecord = {
        via,
        method: request.method,
        url: request.url,
        start,
        end: Number.NaN,
        setupWait: Math.max(0, ready - start),
      }
      link.records.push(record)

      let upstream: ReturnType<typeof upstreamRequest> | undefined
      let closed = false
      // The browser went away (the page closed): what is still on its way is dropped.
      response.on('close', () => {
        if (response.writableFinished) return
        closed = true
        upstream?.destroy()
      })

      // The body is small (JSON) and on loopback has arrived in full within a moment: it travels with the head.
      const body: Buffer[] = []
      request.on('data', (chunk: Buffer) => body.push(chunk))
      request.on('end', () => {
        const bytes = Buffer.concat(body)
        const sent = Math.max(start, ready)
        void sleepUntil(
          link.arrival('up', headBytes(`${record.method} ${record.url} HTTP/1.1`, request.headers) + bytes.length, sent),
        ).then(() => {
          if (closed) return
          const headers: IncomingHttpHeaders = {
            ...endToEnd(request.headers),
            host: request.authority,
            'x-forwarded-for': link.payerAddress,
          }
          if (bytes.length) headers['content-length'] = String(bytes.length)
          upstream = upstreamRequest(new URL(record.url, target), { method: record.method, headers, agent }, relay)
          upstream.on('error', () => response.destroy())
          upstream.end(bytes)
        })
      })

      /**
       * Passes the answer on piece by piece, each piece when the link delivers it, in order. The
       * end of the stream goes with the last piece (the browser acts on an answer's last byte,
       * not on the empty frame that may follow it), and the answer counts as arrived then.
       */
      function relay(answer: IncomingMessage): void {
        let delivered = Promise.resolve()
        let lastAt = wallClock()
        let lastWrittenAt = Number.NaN
        const deliver = (at: number, write: () => void) => {
          lastAt = at
          delivered = delivered
            .then(() => sleepUntil(at))
            .then(() => {
              if (closed) return
              write()
              lastWrittenAt = wallClock()
            })
        }
        const headers = endToEnd(answer.headers)
        const head = headBytes(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`, answer.headers)
        deliver(link.arrival('down', head), () => response.writeHead(answer.statusCode ?? 502, headers))
        answer.on('data', (chunk: Buffer) => deliver(link.arrival('down', chunk.length), () => response.write(chunk)))
        answer.on('end', () =>
          // Runs right after the last piece was written, so `lastWrittenAt` is that piece's.
          deliver(lastAt, () => {
            record.end = lastWrittenAt
            response.end()
          }),
        )
        answer.on('error', () => response.destroy())
      }
    },
  )
  const sessions = new Set<ServerHttp2Session>()
  server.on('session', (session: ServerHttp2Session) => {
    // The TLS handshake on loopback is over when the session starts: the link's setup time is counted from there.
    readyAt.set(session, wallClock() + (link.profile.setupRoundTrips ?? CONNECTION_SETUP_ROUND_TRIPS) * link.profile.rttMs)
    sessions.add(session)
    session.on('close', () => sessions.delete(session))
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const dropConnections = () => sessions.forEach((session) => session.destroy())
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    dropConnections,
    close() {
      dropConnections()
      server.close()
      agent.destroy()
    },
  }
}
