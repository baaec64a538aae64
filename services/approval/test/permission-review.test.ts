import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEvent, RegistrationEvents } from '@cas/contracts';
import {
  applyAccountActivated,
  applyPermissionDecision,
  applyPermissionsGranted,
  applyRequestSubmitted,
  applyRequestUnit,
  currentGrants,
  emptyPermissionReview,
  emptyUserGrants,
  permissionDecisionRefusal,
  PERMISSION_STATUS,
  type PermissionReview,
  type UserGrants,
} from '../src/domain/permission-review.js';

/** The permission-review projections: order of events does not matter, replays change nothing. */
const USER = '0190a000-0000-7000-8000-00000000e001';
const OWN_UNIT = { id: '0190a000-0000-7000-8000-00000000c001', name: 'MOPR w Kielcach' };
const OTHER_UNIT = { id: '0190a000-0000-7000-8000-00000000c002', name: 'GOPS w Chęcinach', regon: '123456785', teryt: '2604022' };
const REQ_OWN = '0190a000-0000-7000-8000-00000000f001';
const REQ_OTHER = '0190a000-0000-7000-8000-00000000f002';
const meta = { source: 'registration', correlationId: 'c' };

const submitted = (requestId: string, unit: { id: string; name: string; regon: string; teryt: string }, subArea: string) =>
  createEvent(
    RegistrationEvents.permissionRequestSubmitted,
    {
      requestId,
      user: { id: USER, login: 'jnowak', email: 'jan@example.pl', firstName: 'Jan', lastName: 'Nowak' },
      targetUnit: unit,
      voivodeship: unit.teryt.slice(0, 2),
      subAreas: [{ area: 'SR', subArea }],
      justification: 'Nowe obowiązki',
      submittedAt: '2026-11-20T10:00:00.000Z',
    },
    meta,
  ).data;
const subOwn = submitted(REQ_OWN, { ...OWN_UNIT, regon: '192598184', teryt: '2661011' }, 'swiadczenia-rodzinne');
const subOther = submitted(REQ_OTHER, OTHER_UNIT, 'swiadczenia-rodzinne');
const activated = createEvent(
  RegistrationEvents.accountActivated,
  {
    userId: USER,
    login: 'jnowak',
    email: 'jan@example.pl',
    name: { firstName: 'Jan', lastName: 'Nowak' },
    unit: OWN_UNIT,
    grants: [{ area: 'PS', subArea: 'sprawozdania-resortowe' }],
  },
  meta,
).data;
const granted = (requestId: string) =>
  createEvent(
    RegistrationEvents.permissionsGranted,
    { requestId, userId: USER, email: 'jan@example.pl', grants: [{ area: 'SR', subArea: 'swiadczenia-rodzinne' }] },
    meta,
  ).data;

type Step = (g: UserGrants) => UserGrants;
const grantSteps: Step[] = [
  (g) => applyAccountActivated(g, activated),
  (g) => applyRequestUnit(g, subOwn),
  (g) => applyRequestUnit(g, subOther),
  (g) => applyPermissionsGranted(g, granted(REQ_OWN)),
  (g) => applyPermissionsGranted(g, granted(REQ_OTHER)),
];
const inOrder = grantSteps.reduce((g, step) => step(g), emptyUserGrants(USER));

describe('user grants', () => {
  it('joins each granted sub-area to the unit of its request, the activated ones to the own unit', () => {
    expect(currentGrants(inOrder)).toEqual([
      { unitId: OWN_UNIT.id, unitName: OWN_UNIT.name, area: 'PS', subArea: 'sprawozdania-resortowe' },
      { unitId: OWN_UNIT.id, unitName: OWN_UNIT.name, area: 'SR', subArea: 'swiadczenia-rodzinne' },
      { unitId: OTHER_UNIT.id, unitName: OTHER_UNIT.name, area: 'SR', subArea: 'swiadczenia-rodzinne' },
    ]);
    expect(currentGrants(null)).toEqual([]);
  });

  it('a grant whose request was not seen yet has no unit; the request arriving later places it', () => {
    const early = applyPermissionsGranted(emptyUserGrants(USER), granted(REQ_OTHER));
    expect(currentGrants(early)).toEqual([{ unitId: null, unitName: null, area: 'SR', subArea: 'swiadczenia-rodzinne' }]);
    expect(currentGrants(applyRequestUnit(early, subOther))[0]?.unitId).toBe(OTHER_UNIT.id);
  });

  it('any order of activation, submissions and grants, with replays, gives the same document', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: grantSteps.length - 1 }), { maxLength: 10 }),
        fc.shuffledSubarray(grantSteps, { minLength: grantSteps.length }),
        (replays, order) => {
          let g = order.reduce((acc, step) => step(acc), emptyUserGrants(USER));
          for (const i of replays) g = grantSteps[i]!(g);
          expect(g).toEqual(inOrder);
        },
      ),
    );
  });

  it('a replay returns the same object, so the repository writes nothing', () => {
    for (const step of grantSteps) expect(step(inOrder)).toBe(inOrder);
  });
});

describe('permission review', () => {
  const decision = { outcome: 'approved' as const, decidedBy: 'admin', decidedAt: '2026-11-21T10:00:00.000Z', reason: null };
  const rejection = { outcome: 'rejected' as const, decidedBy: 'admin2', decidedAt: '2026-11-21T11:00:00.000Z', reason: 'Nie' };

  it('a submission makes a pending review with the request data; a replay changes nothing', () => {
    const r = applyRequestSubmitted(emptyPermissionReview(REQ_OTHER), subOther);
    expect(r).toMatchObject({
      requestId: REQ_OTHER,
      status: PERMISSION_STATUS.pending,
      user: { id: USER, login: 'jnowak', name: 'Jan Nowak', email: 'jan@example.pl' },
      targetUnit: OTHER_UNIT,
      voivodeship: '26',
      subAreas: [{ area: 'SR', subArea: 'swiadczenia-rodzinne' }],
      justification: 'Nowe obowiązki',
      decision: null,
    });
    expect(r.submittedAt?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(applyRequestSubmitted(r, subOther)).toBe(r);
    expect(permissionDecisionRefusal(r)).toBeNull();
  });

  it('submission and decision in either order give the same review; the first decision is final', () => {
    const steps: ((r: PermissionReview) => PermissionReview)[] = [
      (r) => applyRequestSubmitted(r, subOther),
      (r) => applyPermissionDecision(r, decision),
    ];
    const a = steps.reduce((r, s) => s(r), emptyPermissionReview(REQ_OTHER));
    const b = [...steps].reverse().reduce((r, s) => s(r), emptyPermissionReview(REQ_OTHER));
    expect(b).toEqual(a);
    expect(a.status).toBe(PERMISSION_STATUS.approved);
    expect(applyPermissionDecision(a, rejection)).toBe(a);
    expect(permissionDecisionRefusal(a)).toBe('already-decided');
    const rejected = applyPermissionDecision(applyRequestSubmitted(emptyPermissionReview(REQ_OTHER), subOther), rejection);
    expect(rejected).toMatchObject({ status: PERMISSION_STATUS.rejected, decision: { reason: 'Nie' } });
  });

  it('a request approval has not seen cannot be decided', () => {
    expect(permissionDecisionRefusal(emptyPermissionReview(REQ_OWN))).toBe('unknown');
  });
});
