/** The part of autocannon 9 the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  export interface AutocannonRequest {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
    /** Called before every request is sent; what it returns is sent. */
    setupRequest?: (request: AutocannonRequest) => AutocannonRequest
  }

  export interface AutocannonOptions {
    url: string
    connections?: number
    pipelining?: number
    /** Seconds. */
    duration?: number
    /** Stop after this many requests instead of after `duration`. */
    amount?: number
    /** Seconds. */
    timeout?: number
    method?: string
    headers?: Record<string, string>
    body?: string
    requests?: AutocannonRequest[]
  }

  export interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    p50: number
    p90: number
    p99: number
    total: number
  }

  export interface AutocannonResult {
    /** Seconds the run took. */
    duration: number
    requests: Histogram & { sent: number }
    /** Milliseconds. */
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
  }

  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>
  export default autocannon
}
