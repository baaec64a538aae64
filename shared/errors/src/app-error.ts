/**
 * A coded application error. `code` is a dotted, stable identifier (`REGISTRATION.LOGIN_TAKEN`), `message`
 * is the Polish text a user may read, `status` the HTTP status it maps to when it reaches an HTTP edge.
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface AppErrorOptions {
  status?: number;
  cause?: unknown;
  errors?: FieldError[];
  /** Extra, non-sensitive details for logs (never shown to users). */
  details?: Record<string, unknown>;
  /** Response headers the HTTP layer adds (e.g. `Retry-After` on 429). */
  headers?: Record<string, string>;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly errors: FieldError[];
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 500;
    this.errors = options.errors ?? [];
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  /** True for errors a retry may fix (dependency down, timeout); false for bad input and rule violations. */
  get transient(): boolean {
    return this.status === 503 || this.status === 504;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
