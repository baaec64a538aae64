import type { ScanLimits } from '../src/scan/scan-limits.js';

/** The service's default limits (config.ts), for tests that analyse files directly. */
export const LIMITS: ScanLimits = {
  maxPixels: 60_000_000,
  maxPages: 10,
  maxPagesReject: 200,
  zipMaxEntries: 20,
  zipMaxTotalBytes: 100 * 1024 * 1024,
  zipMaxRatio: 100,
};
