import { describe, expect, it } from 'vitest';
import { CONSUMERS, EVENTS, STREAMS, createEvent, envelopeSchema, RegistrationEvents, uuidv7 } from '../src/index.js';

/** DESIGN §5.1, every subject. */
const DESIGN_SUBJECTS = [
  'registration.application.submitted.v1',
  'registration.application.reminded.v1',
  'registration.application.expired.v1',
  'registration.application.withdrawn.v1',
  'registration.account.activated.v1',
  'registration.account.closed.v1',
  'registration.account.blocked.v1',
  'registration.account.password-reminder-issued.v1',
  'registration.permission-request.submitted.v1',
  'registration.permissions.granted.v1',
  'intake.scan.matched.v1',
  'intake.scan.unmatched.v1',
  'intake.scan.rejected.v1',
  'approval.application.approved.v1',
  'approval.application.rejected.v1',
  'approval.permission-request.approved.v1',
  'approval.permission-request.rejected.v1',
  'approval.scan.assigned.v1',
];

describe('contracts', () => {
  it('defines every event of the design handbook (plus our listed additions), each captured by its owner stream', () => {
    // Events added beyond the handbook's table, each for a requirement it names without a contract.
    const ADDITIONS = ['registration.account.email-change-requested.v1'];
    expect([...EVENTS.keys()].sort()).toEqual([...DESIGN_SUBJECTS, ...ADDITIONS].sort());
    const streamNames = new Set<string>(Object.values(STREAMS).map((s) => s.name));
    for (const def of EVENTS.values()) {
      expect(streamNames.has(def.stream)).toBe(true);
      expect(def.subject.startsWith(`${def.stream.toLowerCase()}.`)).toBe(true);
    }
  });

  it('names durable consumers <service>--<purpose> on existing streams', () => {
    for (const c of Object.values(CONSUMERS)) {
      expect(c.durable).toMatch(/^[a-z-]+--[a-z-]+$/);
      expect(c.durable).not.toContain('.');
      expect(Object.values(STREAMS).map((s) => s.name)).toContain(c.stream);
    }
  });

  it('builds a CloudEvents envelope and refuses data that fails the schema', () => {
    const data = {
      applicationId: 'a1',
      number: '26/2026/000001',
      voivodeship: '26',
      kind: 'new-unit' as const,
      unit: { id: 'u1', isNew: true, name: 'MOPS', type: 'mops', regon: '123456785', teryt: '2661011' },
      user: {
        id: 'p1',
        firstName: 'Jan',
        lastName: 'Nowak',
        email: 'jan@example.pl',
        phone: '+48600100200',
        position: 'x',
        login: 'jnowak',
      },
      grants: [{ area: 'PS' as const, subArea: 'sprawozdania' }],
      verificationCode: 'ABCDEFGH',
      submittedAt: new Date().toISOString(),
      expiresAt: new Date().toISOString(),
    };
    const ev = createEvent(RegistrationEvents.applicationSubmitted, data, { source: 'registration', correlationId: 'c1' });
    expect(envelopeSchema.parse(ev).type).toBe('registration.application.submitted.v1');
    expect(ev.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() =>
      createEvent(RegistrationEvents.applicationSubmitted, { ...data, voivodeship: '27' }, { source: 'registration', correlationId: 'c1' }),
    ).toThrow();
    expect(() =>
      createEvent(RegistrationEvents.applicationSubmitted, { ...data, user: { ...data.user, password: 'x' } } as never, {
        source: 'r',
        correlationId: 'c',
      }),
    ).toThrow();
  });

  it('generates time-ordered UUIDv7', () => {
    const a = uuidv7(1_000);
    const b = uuidv7(2_000);
    expect(a < b).toBe(true);
  });
});
