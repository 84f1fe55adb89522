import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * An error the caller can act on. It becomes `{ error: { code, message, field } }` with its status;
 * anything else that escapes a handler is logged and answered with a bare 500.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } }
  }
}

export const invalid = (field: string, message: string, code = 'invalid_request') => new ApiError(400, code, message, field)
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`)
