import { SCAN_STATUS, type MatchedBy } from './scan.js';
import { findApplicationNumbers, type QrEvidence } from './evidence.js';
import { OPEN_APPLICATION_STATUS, type OpenApplication } from './open-application.js';

/** Why a scan stayed unmatched (the values of `intake.scan.unmatched.v1`'s `reason`). */
export const UNMATCHED = {
  noCode: 'no-code-found',
  unknownNumber: 'unknown-number',
  notOpen: 'application-not-open',
  codeMismatch: 'code-mismatch',
  notRelated: 'not-related',
} as const;
export type UnmatchedReason = (typeof UNMATCHED)[keyof typeof UNMATCHED];

export type MatchOutcome =
  | { status: typeof SCAN_STATUS.matched; application: OpenApplication; matchedBy: MatchedBy; verified: boolean }
  | { status: typeof SCAN_STATUS.unmatched; reason: UnmatchedReason; number: string | null };

export interface MatchInput {
  /** The channel's voivodeship: a scan sent to one office never matches another office's application. */
  voivodeship: string;
  qr: QrEvidence[];
  /** Free texts in order of trust: e-mail subject, body, file name, PDF text layer. */
  texts: string[];
}

/**
 * Decides a scan's outcome from its evidence (DESIGN §4, order QR → text). A QR whose code checks out wins;
 * a QR that names an open application with a wrong code is a `code-mismatch` (an altered or foreign form) and
 * is not rescued by a number in the text. Without a usable QR, the first number that names an open
 * application of this voivodeship matches, unverified.
 */
export async function decideMatch(input: MatchInput, find: (number: string) => Promise<OpenApplication | null>): Promise<MatchOutcome> {
  let firstProblem: { reason: UnmatchedReason; number: string } | null = null;
  const judge = async (number: string): Promise<OpenApplication | null> => {
    const app = await find(number);
    const problem = !app
      ? UNMATCHED.unknownNumber
      : app.voivodeship !== input.voivodeship
        ? UNMATCHED.notRelated
        : app.status !== OPEN_APPLICATION_STATUS.open
          ? UNMATCHED.notOpen
          : null;
    if (problem) {
      firstProblem ??= { reason: problem, number };
      return null;
    }
    return app;
  };
  for (const qr of input.qr) {
    const app = await judge(qr.number);
    if (!app) continue;
    if (app.verificationCode === qr.code) return { status: SCAN_STATUS.matched, application: app, matchedBy: 'qr', verified: true };
    return { status: SCAN_STATUS.unmatched, reason: UNMATCHED.codeMismatch, number: qr.number };
  }
  for (const number of input.texts.flatMap(findApplicationNumbers)) {
    const app = await judge(number);
    if (app) return { status: SCAN_STATUS.matched, application: app, matchedBy: 'text', verified: false };
  }
  const problem = firstProblem as { reason: UnmatchedReason; number: string } | null;
  return problem
    ? { status: SCAN_STATUS.unmatched, reason: problem.reason, number: problem.number }
    : { status: SCAN_STATUS.unmatched, reason: UNMATCHED.noCode, number: null };
}
