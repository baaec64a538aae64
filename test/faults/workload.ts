import type { NatsConnection } from '@nats-io/nats-core';
import {
  centralAdminSession,
  createMailroomKey,
  sampleApplication,
  scannedPage,
  uploadScans,
  voivodeshipAdminSession,
  type ServiceName,
  type System,
} from '@cas/testing';

/** One application driven through the whole flow, and what happened to it on the way. */
export interface FlowResult {
  tag: string;
  id: string;
  number: string;
  email: string;
  login: string;
  scanId: string;
  reminded: boolean;
  /** The permission request this flow made and had approved ('' when none). */
  requestId: string;
  /** Requests that failed (connection refused, 5xx, timeout) and were repeated. */
  retries: number;
  /** Requests answered 503 (a dependency down), and how long the slowest took: "fail fast, don't hang". */
  unavailable: number;
  /** Answers ≥ 500 other than 503 ("a bug, not an outage" when a dependency is merely down), by status and path. */
  serverErrors: string[];
  slowestMs: number;
}

export interface WorkloadContext {
  sys: System;
  mailroomKey: string;
  adminCookie: string;
  /** Give up on one request after this long of retrying (ms). */
  patienceMs: number;
  /**
   * Base URLs of every replica per service (scale-out): requests go to them in turn, so one flow's steps land on
   * different replicas. The system's first replica of each service when omitted.
   */
  replicas?: Partial<Record<ServiceName, string[]>>;
}

/**
 * What every fault test drives its flows with: a central administrator (the CLI), an administrator of 26 who
 * approves, and a mailroom key of 26 that uploads the scans.
 */
export async function workloadContext(
  sys: System,
  nc: NatsConnection,
  tag: string,
  options: Pick<WorkloadContext, 'patienceMs' | 'replicas'>,
): Promise<WorkloadContext> {
  const registration = sys.service('registration').baseUrl;
  const central = await centralAdminSession(registration, sys.infra, tag);
  const admin = await voivodeshipAdminSession(registration, nc, central.cookie, '26', tag);
  return { sys, mailroomKey: (await createMailroomKey(sys.infra, '26')).apiKey, adminCookie: admin.cookie, ...options };
}

let turn = 0;
/** The base URL of `name` for the next request (round robin over `ctx.replicas`). */
function baseUrl(ctx: WorkloadContext, name: ServiceName): string {
  const urls = ctx.replicas?.[name];
  return urls?.length ? urls[turn++ % urls.length]! : ctx.sys.service(name).baseUrl;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A request repeated while the service is down or answers 5xx (a crash, a restart, an outage), as a client with
 * an idempotency key would. `accept` decides which answers end it. Each try has its own timeout.
 */
async function persist(
  ctx: WorkloadContext,
  r: FlowResult,
  what: string,
  send: () => Promise<Response>,
  accept: (res: Response) => boolean,
): Promise<Response> {
  const deadline = Date.now() + ctx.patienceMs;
  let last = '';
  for (;;) {
    const started = Date.now();
    try {
      const res = await send();
      r.slowestMs = Math.max(r.slowestMs, Date.now() - started);
      if (accept(res)) return res;
      if (res.status === 503) r.unavailable++;
      const body = await res.text().catch(() => '');
      if (res.status >= 500 && res.status !== 503) r.serverErrors.push(`${what} ${res.status} ${body.slice(0, 200)}`);
      // 409 "in progress" is registration's "the same request is still being saved: ask again in a moment".
      const inProgress = res.status === 409 && body.includes('REGISTRATION.IN_PROGRESS');
      if (res.status < 500 && res.status !== 429 && !inProgress) throw new Error(`${what}: unexpected ${res.status} ${body}`);
      last = `${res.status} ${body.slice(0, 300)}`;
    } catch (e) {
      if ((e as Error).message.startsWith(`${what}: unexpected`)) throw e;
      last = (e as Error).message;
    }
    r.retries++;
    if (Date.now() > deadline) throw new Error(`${what} ${r.tag}: gave up after ${ctx.patienceMs} ms of retries; last: ${last}`);
    await sleep(300 + Math.random() * 700);
  }
}

const timeout = () => AbortSignal.timeout(15_000);

/**
 * register → the signed form's scan through the mailroom API → ready for review → approved by the admin of 26;
 * every fourth applicant then asks for a password reminder, and every fourth (another one) for more permissions,
 * which the admin approves. Every step is safe to repeat: the application with an
 * Idempotency-Key, the scan with an externalId, the approval answers 409 once decided.
 */
export async function driveApplication(ctx: WorkloadContext, tag: string): Promise<FlowResult> {
  const base = (name: ServiceName) => baseUrl(ctx, name);
  const app = sampleApplication(tag);
  const r: FlowResult = {
    tag,
    id: '',
    number: '',
    email: app.user.email,
    login: app.user.login,
    scanId: '',
    reminded: false,
    requestId: '',
    retries: 0,
    unavailable: 0,
    serverErrors: [],
    slowestMs: 0,
  };
  const created = await persist(
    ctx,
    r,
    'submit',
    () =>
      fetch(`${base('registration')}/api/v1/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `faults-${tag}` },
        body: JSON.stringify({ ...app, unit: { ...app.unit, teryt: '2661011' } }),
        signal: timeout(),
      }),
    (res) => res.status === 201 || res.status === 200,
  );
  const a = (await created.json()) as { id: string; number: string; verificationCode: string };
  r.id = a.id;
  r.number = a.number;

  const page = await scannedPage(`CAS1|${a.number}|${a.verificationCode}`, { dpi: 150, quality: 70 });
  const uploaded = await persist(
    ctx,
    r,
    'upload',
    () =>
      uploadScans(base('document-intake'), ctx.mailroomKey, [{ name: `${tag}.jpg`, bytes: page, type: 'image/jpeg' }], {
        channel: 'epuap',
        externalId: `faults-${tag}`,
      }),
    (res) => res.status === 202 || res.status === 200,
  );
  r.scanId = ((await uploaded.json()) as { scanId: string }).scanId;

  const item = () => fetch(`${base('approval')}/api/v1/review-items/${a.id}`, { headers: { cookie: ctx.adminCookie }, signal: timeout() });
  const deadline = Date.now() + ctx.patienceMs * 2;
  for (;;) {
    const res = await persist(ctx, r, 'review item', item, (x) => x.status === 200 || x.status === 404);
    const status = res.status === 200 ? ((await res.json()) as { status: string }).status : 'unknown';
    if (status === 'ready-for-review' || status === 'approved') break;
    if (Date.now() > deadline) throw new Error(`review item ${a.number} stuck in ${status}`);
    await sleep(500);
  }
  await persist(
    ctx,
    r,
    'approve',
    () =>
      fetch(`${base('approval')}/api/v1/review-items/${a.id}/approve`, {
        method: 'POST',
        headers: { cookie: ctx.adminCookie },
        signal: timeout(),
      }),
    (res) => res.status === 200 || res.status === 409,
  );

  const n = Number(tag.replace(/\D/g, ''));
  if (n % 4 === 0) {
    r.reminded = true;
    // Only once the account exists: a reminder for an unknown login is silently ignored (202 either way).
    await waitActive(ctx, r);
    await persist(
      ctx,
      r,
      'reminder',
      () =>
        fetch(`${base('registration')}/api/v1/auth/password-reminder`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ loginOrEmail: r.login }),
          signal: timeout(),
        }),
      (res) => res.status === 202,
    );
  }
  if (n % 4 === 2) {
    await waitActive(ctx, r);
    r.requestId = await permissionRequest(ctx, r, app.user.password);
  }
  return r;
}

/**
 * "Wnioskuj o rozszerzenie uprawnień": the user logs in and asks for a sub-area (with an Idempotency-Key, so a
 * repeat after a crash is the same request), the administrator of 26 approves it once approval has it.
 */
async function permissionRequest(ctx: WorkloadContext, r: FlowResult, password: string): Promise<string> {
  const base = (name: ServiceName) => baseUrl(ctx, name);
  const login = await persist(
    ctx,
    r,
    'login',
    () =>
      fetch(`${base('registration')}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: r.login, password }),
        signal: timeout(),
      }),
    (res) => res.status === 200,
  );
  const cookie = /cas_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
  const submitted = await persist(
    ctx,
    r,
    'permission request',
    () =>
      fetch(`${base('registration')}/api/v1/permission-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'idempotency-key': `faults-perm-${r.tag}` },
        body: JSON.stringify({
          subAreas: [{ area: 'SR', subArea: 'swiadczenia-rodzinne' }],
          justification: 'Nowe obowiązki sprawozdawcze.',
        }),
        signal: timeout(),
      }),
    (res) => res.status === 201,
  );
  const { id } = (await submitted.json()) as { id: string };
  const review = () =>
    fetch(`${base('approval')}/api/v1/permission-reviews/${id}`, { headers: { cookie: ctx.adminCookie }, signal: timeout() });
  const deadline = Date.now() + ctx.patienceMs * 2;
  while ((await persist(ctx, r, 'permission review', review, (x) => x.status === 200 || x.status === 404)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`permission request ${id} never reached approval`);
    await sleep(500);
  }
  await persist(
    ctx,
    r,
    'approve permission request',
    () =>
      fetch(`${base('approval')}/api/v1/permission-reviews/${id}/approve`, {
        method: 'POST',
        headers: { cookie: ctx.adminCookie },
        signal: timeout(),
      }),
    (res) => res.status === 200 || res.status === 409,
  );
  return id;
}

/**
 * Until the account exists and is active, as the voivodeship's administrator sees it (registration's user
 * lookup). Not the application's status: registration marks the application approved and then inserts the
 * account (two documents, no transaction); a crash in between leaves the account to the event's redelivery, and
 * a reminder asked for in that window is, rightly, one for an unknown login.
 */
async function waitActive(ctx: WorkloadContext, r: FlowResult): Promise<void> {
  const url = () => `${baseUrl(ctx, 'registration')}/api/v1/admin/users?login=${encodeURIComponent(r.login)}`;
  const deadline = Date.now() + ctx.patienceMs * 2;
  for (;;) {
    const res = await fetch(url(), { headers: { cookie: ctx.adminCookie }, signal: timeout() }).catch(() => null);
    if (res?.status === 200 && ((await res.json()) as { items: { status: string }[] }).items[0]?.status === 'active') return;
    if (Date.now() > deadline) throw new Error(`account ${r.login} (application ${r.number}) not active in time`);
    await sleep(500);
  }
}

/** `count` applications through the flow, `parallel` at a time. */
export async function runWorkload(ctx: WorkloadContext, count: number, parallel: number, prefix: string): Promise<FlowResult[]> {
  const results: FlowResult[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        results.push(await driveApplication(ctx, `${prefix}${i}`));
      }
    }),
  );
  return results;
}
