import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEvent, IntakeEvents, RegistrationEvents } from '@cas/contracts';
import { sampleApplication } from '@cas/testing';
import {
  applyDecision,
  applyEnded,
  applyScanMatched,
  applySubmitted,
  emptyReviewItem,
  REVIEW_STATUS,
  type ReviewItem,
} from '../src/domain/review-item.js';

const APP = '0190a000-0000-7000-8000-00000000a001';
const app = sampleApplication('rm1');
const submitted = createEvent(
  RegistrationEvents.applicationSubmitted,
  {
    applicationId: APP,
    number: '26/2026/000001',
    voivodeship: '26',
    kind: 'new-unit',
    unit: { id: '0190a000-0000-7000-8000-00000000c001', isNew: true, ...app.unit },
    user: {
      id: '0190a000-0000-7000-8000-00000000d001',
      firstName: app.user.firstName,
      lastName: app.user.lastName,
      email: app.user.email,
      phone: app.user.phone,
      position: app.user.position,
      login: app.user.login,
    },
    grants: [{ area: 'PS', subArea: 'sprawozdania-resortowe' }],
    verificationCode: 'ABCDEFGH',
    submittedAt: '2026-11-20T10:00:00.000Z',
    expiresAt: '2026-12-20T10:00:00.000Z',
  },
  { source: 'registration', correlationId: 'c' },
).data;
const scan = (n: number) =>
  createEvent(
    IntakeEvents.scanMatched,
    {
      scanId: `0190a000-0000-7000-8000-00000000b00${n}`,
      applicationId: APP,
      number: '26/2026/000001',
      matchedBy: 'qr',
      verified: true,
      channel: 'epuap',
      receivedAt: '2026-11-21T10:00:00.000Z',
      contentType: 'application/pdf',
      pages: 2,
      sha256: 'a'.repeat(64),
    },
    { source: 'document-intake', correlationId: 'c' },
  ).data;

type Step = (i: ReviewItem) => ReviewItem;
const steps: Record<string, Step> = {
  submitted: (i) => applySubmitted(i, submitted),
  scan1: (i) => applyScanMatched(i, scan(1)),
  scan1again: (i) => applyScanMatched(i, scan(1)),
  scan2: (i) => applyScanMatched(i, scan(2)),
  approved: (i) =>
    applyDecision(i, {
      outcome: 'approved',
      decidedBy: 'admin',
      decidedAt: '2026-11-22T10:00:00.000Z',
      reasonCode: null,
      reasonText: null,
    }),
  expired: (i) => applyEnded(i, REVIEW_STATUS.expired),
};
const run = (order: string[]) => order.reduce((item, name) => steps[name]!(item), emptyReviewItem(APP));
const sameScans = (i: ReviewItem) => ({ ...i, scans: [...i.scans].sort((a, b) => a.scanId.localeCompare(b.scanId)) });

describe('review item projection', () => {
  it('submitted + scan → ready for review; a replayed scan is kept once', () => {
    const item = run(['submitted', 'scan1', 'scan1again']);
    expect(item.status).toBe(REVIEW_STATUS.readyForReview);
    expect(item.scans).toHaveLength(1);
    expect(run(['scan1']).status).toBe(REVIEW_STATUS.awaitingDocument); // the application is not known yet
  });

  it('ends in the same item whatever the order across streams', () => {
    for (const set of [
      ['submitted', 'scan1', 'scan2', 'scan1again'],
      ['submitted', 'scan1', 'approved'],
      ['submitted', 'scan1', 'expired'],
      ['submitted', 'approved', 'expired', 'scan2'],
    ]) {
      const reference = sameScans(run(set));
      fc.assert(
        fc.property(fc.shuffledSubarray(set, { minLength: set.length, maxLength: set.length }), (order) => {
          expect(sameScans(run(order))).toEqual(reference);
        }),
      );
    }
  });

  it('a decision is final; expiry does not undo it and a second decision does not replace it', () => {
    const approved = run(['submitted', 'scan1', 'approved', 'expired']);
    expect(approved.status).toBe(REVIEW_STATUS.approved);
    const again = applyDecision(approved, { outcome: 'rejected', decidedBy: 'other', decidedAt: 'x', reasonCode: 'r', reasonText: null });
    expect(again).toBe(approved);
  });
});
