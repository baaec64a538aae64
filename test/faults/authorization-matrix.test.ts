import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startSmtpSink, startSystem, type SmtpSink, type System } from '@cas/testing';
import { coverageGaps } from './authz/coverage.js';
import { APPROVAL_ENDPOINTS } from './authz/endpoints-approval.js';
import { INTAKE_ENDPOINTS, NOTIFICATION_ENDPOINTS, PLATFORM_ENDPOINTS } from './authz/endpoints-other.js';
import { REGISTRATION_API } from './authz/endpoints-registration-api.js';
import { REGISTRATION_PAGES } from './authz/endpoints-registration-pages.js';
import { buildFixtures, REFUSED_PREFIX, type Fixtures } from './authz/fixtures.js';
import type { Endpoint } from './authz/policy.js';
import { mismatchLine, printMatrix, printPolicy } from './authz/report.js';
import { cellsOf, runCells } from './authz/run-cells.js';

/**
 * Issue #8 step 6: the authorization matrix across all four services. Every endpoint (each operation of each
 * service's OpenAPI document, every page and form post, the platform routes) × every caller (anonymous, an
 * applicant, a unit user, the admins of 26 and 14, the central admin, the mailroom keys of 26 and 14) × own and
 * foreign resource, each cell against the outcome the policy table (authz/policy.ts `RULES`) gives it.
 *
 * Counting rule: an endpoint that addresses a resource (an application, a scan, a user, a permission request, a
 * failed e-mail, or a list scoped to a voivodeship) has two cells per caller, own and foreign; one that does not
 * (a catalogue, my account, a form that creates something) has exactly one cell per caller, `n/a`, asserted all
 * the same. Total = Σ endpoints × callers × (2 or 1); every one of them is asserted.
 */
const ENDPOINTS: Endpoint[] = [
  ...REGISTRATION_API,
  ...REGISTRATION_PAGES,
  ...APPROVAL_ENDPOINTS,
  ...INTAKE_ENDPOINTS,
  ...NOTIFICATION_ENDPOINTS,
  ...PLATFORM_ENDPOINTS,
];

let sys: System;
let sink: SmtpSink;
let mongo: MongoClient;
let nc: NatsConnection;
let fx: Fixtures;
let fixturesMs = 0;

beforeAll(async () => {
  // The relay refuses the applicants' addresses for good, so each voivodeship has a failed e-mail to retry.
  sink = await startSmtpSink();
  sink.answer = (rcpt) => (rcpt.startsWith(REFUSED_PREFIX) ? { code: 550, message: '5.1.1 Mailbox unavailable' } : 'accept');
  sys = await startSystem({
    env: {
      registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '10000', REMINDER_RATE_PER_IP_PER_HOUR: '1000' },
      notification: { SMTP_HOST: sink.host, SMTP_PORT: String(sink.port) },
    },
  });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
  const started = Date.now();
  fx = await buildFixtures(sys, mongo, nc);
  fixturesMs = Date.now() - started;
}, 300_000);
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
  await sink?.close();
});

describe('authorization matrix', () => {
  it('the policy table covers every endpoint of every service (OpenAPI, pages, platform)', async () => {
    const { uncovered, unknown } = await coverageGaps(sys, ENDPOINTS);
    expect(uncovered, 'endpoints without a row in the policy table').toEqual([]);
    expect(unknown, 'rows of the policy table no service has').toEqual([]);
  });

  it('every cell answers as the policy table says', { timeout: 300_000 }, async () => {
    const started = Date.now();
    const results = await runCells(sys, fx, ENDPOINTS);
    printPolicy(ENDPOINTS);
    printMatrix(ENDPOINTS, results, { fixturesMs, cellsMs: Date.now() - started });
    expect(results.length).toBe(ENDPOINTS.reduce((n, e) => n + cellsOf(e).length, 0));
    expect(results.filter((r) => r.observed !== r.expected).map(mismatchLine)).toEqual([]);
  });
});
