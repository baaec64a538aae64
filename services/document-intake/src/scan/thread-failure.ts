import { RejectedFile, type RejectedReason } from './scan-limits.js';

/** A failure as it crosses between threads (an Error's class does not survive `postMessage`). */
export interface ThreadFailure {
  rejected?: { reason: RejectedReason; detail?: string };
  error?: string;
}

/** The sending side: a `RejectedFile` keeps its reason and detail; anything else is a fault, by its message. */
export function failureOf(e: unknown): ThreadFailure {
  return e instanceof RejectedFile
    ? { rejected: { reason: e.reason, ...(e.detail !== undefined ? { detail: e.detail } : {}) } }
    : { error: e instanceof Error ? e.message : String(e) };
}

/** The receiving side: the `RejectedFile` again, or a plain Error (a fault: the job retries). */
export function errorFrom(failure: ThreadFailure, fallback: string): Error {
  return failure.rejected ? new RejectedFile(failure.rejected.reason, failure.rejected.detail) : new Error(failure.error ?? fallback);
}
