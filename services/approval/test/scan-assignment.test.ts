import { describe, expect, it } from 'vitest';
import { assignmentRefusal, dismissalRefused } from '../src/domain/scan-assignment.js';
import { emptyReviewItem, REVIEW_STATUS, type ReviewStatus } from '../src/domain/review-item.js';

const item = (status: ReviewStatus, voivodeship = '26') => ({ ...emptyReviewItem('a1'), number: '26/2026/000001', voivodeship, status });
const scan = (over: Partial<{ kind: 'unmatched' | 'rejected'; status: string; voivodeship: string }> = {}) => ({
  kind: 'unmatched' as const,
  status: 'open',
  voivodeship: '26',
  ...over,
});

describe('assigning an unmatched scan', () => {
  it('is allowed only to an open application of the same voivodeship, for an open unmatched scan', () => {
    expect(assignmentRefusal(scan(), item(REVIEW_STATUS.awaitingDocument))).toBeNull();
    expect(assignmentRefusal(scan(), item(REVIEW_STATUS.readyForReview))).toBeNull();
    for (const closed of [REVIEW_STATUS.approved, REVIEW_STATUS.rejected, REVIEW_STATUS.expired, REVIEW_STATUS.withdrawn])
      expect(assignmentRefusal(scan(), item(closed))).toBe('application-closed');
    expect(assignmentRefusal(scan(), item(REVIEW_STATUS.awaitingDocument, '14'))).toBe('other-voivodeship');
    expect(assignmentRefusal(scan({ kind: 'rejected' }), item(REVIEW_STATUS.awaitingDocument))).toBe('scan-rejected');
    for (const status of ['assigned', 'matched', 'dismissed'])
      expect(assignmentRefusal(scan({ status }), item(REVIEW_STATUS.awaitingDocument))).toBe('scan-handled');
  });

  it('setting aside needs a scan nobody acted on', () => {
    expect(dismissalRefused(scan())).toBe(false);
    expect(dismissalRefused(scan({ kind: 'rejected' }))).toBe(false);
    expect(dismissalRefused(scan({ status: 'dismissed' }))).toBe(true);
    expect(dismissalRefused(scan({ status: 'assigned' }))).toBe(true);
  });
});
