import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { describe, expect, it } from 'vitest'
import { addResponseHeaders, API_SECURITY_HEADERS, completeResponse, gatherResponseHeaders, requestId } from './response-headers.js'

const headersOf = (response: Response) => Object.fromEntries(response.headers)

describe('gathered response headers', () => {
  it('are the headers hono/secure-headers sets with the options they stand for', async () => {
    const hono = new Hono()
      .use(
        secureHeaders({
          contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
          crossOriginResourcePolicy: 'cross-origin',
          referrerPolicy: 'no-referrer',
        }),
      )
      .get('/', (c) => c.body(null, 204))
    const ours = new Hono()
      .use(gatherResponseHeaders)
      .use((c, next) => {
        addResponseHeaders(c, API_SECURITY_HEADERS)
        return next()
      })
      .get('/', (c) => c.body(null, 204))
    expect(headersOf(await ours.request('/'))).toEqual(headersOf(await hono.request('/')))
  })

  it('reach a complete response, and are added to any other after its handler, over its own', async () => {
    const app = new Hono()
      .use(gatherResponseHeaders)
      .use(requestId)
      .use((c, next) => {
        addResponseHeaders(c, { 'X-Frame-Options': 'DENY', Vary: 'Origin' })
        return next()
      })
      .get('/complete', (c) => completeResponse(c, '{}', 200, { 'Content-Type': 'application/json', 'X-Frame-Options': 'SAMEORIGIN' }))
      .get('/other', (c) => c.json({}, 200, { 'X-Frame-Options': 'SAMEORIGIN', Vary: 'Accept' }))
      .get('/failing', () => {
        throw new Error('boom')
      })
      .onError((_, c) => c.json({ error: 'boom' }, 500))
    const complete = await app.request('/complete', { headers: { 'X-Request-Id': 'given-id' } })
    expect(headersOf(complete)).toEqual({
      'content-type': 'application/json',
      'x-frame-options': 'DENY',
      vary: 'Origin',
      'x-request-id': 'given-id',
    })
    const other = await app.request('/other', { headers: { 'X-Request-Id': 'not plain!' } })
    expect(headersOf(other)).toMatchObject({ 'content-type': 'application/json', 'x-frame-options': 'DENY', vary: 'Accept, Origin' })
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    const failing = await app.request('/failing')
    expect(failing.status).toBe(500)
    expect(headersOf(failing)).toMatchObject({ 'x-frame-options': 'DENY', vary: 'Origin' })
  })
})
