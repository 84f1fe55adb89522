import type { Context } from 'hono'
import { z } from 'zod'
import { ApiError } from '../errors.js'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** How deep a request body may nest; the product's own bodies stay within three levels. */
export const MAX_JSON_DEPTH = 32

/**
 * Whether `text` nests arrays and objects at most `max` deep, found by one pass over the text
 * before anything recursive (a parser, `JSON.stringify`, a schema) sees it: thousands of brackets
 * would overflow the stack there, and a stack overflow is an answer of 500.
 */
export function jsonDepthWithin(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === 0x5c)
        i++ // backslash: the next character is escaped
      else if (ch === 0x22) inString = false
    } else if (ch === 0x22) inString = true
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > max) return false
    } else if (ch === 0x7d || ch === 0x5d) depth--
  }
  return true
}

/**
 * Reads a JSON request body strictly: `application/json`, valid UTF-8, one JSON object and nothing
 * after it. Each failure is a 4xx that says what is wrong.
 */
export async function readJsonObject(c: Context, { plainText = false } = {}): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? ''
  // `text/plain` where a browser must send without a CORS preflight (a simple request).
  if (!(plainText ? /^(application\/json|text\/plain)\s*(;|$)/i : /^application\/json\s*(;|$)/i).test(type)) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `Send the body as JSON with Content-Type: application/json${plainText ? ' or text/plain' : ''}`,
    )
  }
  let text: string
  try {
    text = utf8.decode(await c.req.arrayBuffer())
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid UTF-8')
  }
  if (!jsonDepthWithin(text, MAX_JSON_DEPTH)) {
    throw new ApiError(400, 'invalid_json', `The body nests deeper than ${MAX_JSON_DEPTH} levels`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON')
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'invalid_json', 'The body must be a JSON object')
  }
  return value as Record<string, unknown>
}

/** Validates with a zod schema; the first problem becomes a 400 naming its field ("customer.email"). */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  let path = issue.path.map(String).join('.')
  if (issue.code === 'unrecognized_keys') path = [path, issue.keys[0]].filter(Boolean).join('.')
  const message = issue.code === 'unrecognized_keys' ? `unknown field "${issue.keys[0]}"` : issue.message
  throw new ApiError(400, 'invalid_request', path ? `${path}: ${message}` : message, path || undefined)
}

/**
 * Whether a string can be stored and looked up as it is: well-formed Unicode without NUL, which
 * PostgreSQL refuses in text outright (an error, so a 500, if it reached a query).
 */
export const storable = (value: string): boolean => value.isWellFormed() && !value.includes('\u0000')

/** Text a person typed: well-formed Unicode, no control characters (PostgreSQL refuses NUL outright). */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.isWellFormed() && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must be text without control characters')
