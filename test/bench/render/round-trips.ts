import type { RequestRecord } from './delay-proxy.js'

/** The round trips a page waited for in turn before its first meaningful paint, and which requests. */
export interface CriticalChain {
  roundTrips: number
  requests: RequestRecord[]
}

/**
 * Round trips a request cost: its own, and those it waited for its connection to be set up
 * (rounded to whole round trips; nothing on a link without latency, where setup costs nothing).
 */
function cost(request: RequestRecord, rttMs: number): number {
  return 1 + (rttMs > 0 ? Math.round(request.setupWait / rttMs) : 0)
}

/**
 * The round trips a page waited for one after the other before its first meaningful paint: the
 * chain of requests, among those answered before `paintedAt`, in which each was sent after the one
 * before it had been answered (the page itself included), that cost the most round trips. Requests
 * that overlap in time were waited for together and count once. A connection set up for a request
 * counts too (TCP and TLS, see delay-proxy.ts), so that two short requests that happened to run
 * one after the other while it was set up do not outweigh it.
 *
 * Timing alone cannot tell a dependency from a coincidence: several chains may cost the most,
 * which changes nothing in the count but does in the chain shown. The one shown ends with the
 * request answered last that is no preflight (a preflight's answer gives the page nothing to draw),
 * and each step goes back to, first, the request's own CORS preflight, then a request to the same
 * server, then the one answered last before the request was sent (the likeliest causes).
 */
export function criticalChain(records: RequestRecord[], paintedAt: number, rttMs: number): CriticalChain {
  const answered = records.filter((r) => r.end <= paintedAt).sort((a, b) => a.end - b.end || a.start - b.start)
  const likelyCause = (cause: RequestRecord, request: RequestRecord) =>
    cause.via !== request.via ? 0 : cause.method === 'OPTIONS' && request.method !== 'OPTIONS' && cause.url === request.url ? 2 : 1
  const drawsOn = (r: RequestRecord) => (r.method === 'OPTIONS' ? 0 : 1)
  /** Round trips of the costliest chain ending with each request, and the request before it there. */
  const total: number[] = []
  const previous: (number | undefined)[] = []
  let last: number | undefined
  for (let j = 0; j < answered.length; j++) {
    const request = answered[j]!
    let best = 0
    for (let i = 0; i < j; i++) {
      if (answered[i]!.end > request.start) continue
      const before = previous[j]
      // Sorted by end, so on a tie in both a later `i` is the one answered last.
      if (total[i]! > best || (total[i] === best && likelyCause(answered[i]!, request) >= likelyCause(answered[before!]!, request))) {
        best = total[i]!
        previous[j] = i
      }
    }
    total[j] = best + cost(request, rttMs)
    if (last === undefined || total[j]! > total[last]! || (total[j] === total[last] && drawsOn(request) >= drawsOn(answered[last]!))) {
      last = j
    }
  }
  const requests: RequestRecord[] = []
  for (let at = last; at !== undefined; at = previous[at]) requests.unshift(answered[at]!)
  return { roundTrips: last === undefined ? 0 : total[last]!, requests }
}

/**
 * A chain as the report shows it: `page → pay-crypto.js → … → OPTIONS /v1/client/checkout (new
 * connection: +2) → GET /v1/client/checkout`.
 */
export function describeChain({ requests }: CriticalChain, rttMs: number): string {
  return requests
    .map((r) => {
      const path = r.url.split('?')[0]!
      // The page's files by name; calls to the server (on its origin or the page's) with their method.
      const file = r.via === 'page' && !path.startsWith('/v1/')
      const name = file ? (path === '/page' ? 'page' : path.slice(1)) : `${r.method} ${path}`
      const setup = cost(r, rttMs) - 1
      return setup ? `${name} (new connection: +${setup})` : name
    })
    .join(' → ')
}
