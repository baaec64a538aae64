import { REQUESTS, voivodeshipAdminsReply } from '@cas/contracts';
import { isAppError } from '@cas/errors';
import type { Logger } from '@cas/logger';
import { requestJson, type NatsConnection } from '@cas/nats';
import { TEMPLATES, waitingDigestEmail } from '../domain/templates/index.js';
import { CONTACT_STATE } from '../store/contact.repository.js';
import { enqueueEmail, type EmailHandlerDeps } from '../events/enqueue-email.js';

const DAY_MS = 86_400_000;

export interface DigestDeps extends EmailHandlerDeps {
  nc: NatsConnection;
  logger: Logger;
  /** Applications waiting longer than this many days are listed. */
  afterDays: number;
  /** The admin UI's queue, linked from the e-mail. */
  approvalUrl: string;
  now?: () => Date;
}

/** The calendar day in Warsaw (`YYYY-MM-DD`): the digest's identity, so a day is sent once however often it runs. */
export const warsawDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });

/**
 * The daily digest (issue #7): to every active administrator of each voivodeship, the applications there waiting
 * longer than `afterDays` days. Administrators come from registration (request/reply: it owns the accounts).
 * One delivery per (day, voivodeship, administrator): a repeated run or a crash mid-way sends nothing twice.
 */
export async function digestJob(
  deps: DigestDeps,
  payload: { day?: string | undefined },
): Promise<{ voivodeships: number; emails: number }> {
  const now = deps.now?.() ?? new Date();
  const day = payload.day ?? warsawDay(now);
  const waiting = await deps.contacts.waitingSince(new Date(now.getTime() - deps.afterDays * DAY_MS));
  if (waiting.length === 0) return { voivodeships: 0, emails: 0 };
  const byVoivodeship = new Map<string, typeof waiting>();
  for (const c of waiting) byVoivodeship.set(c.voivodeship, [...(byVoivodeship.get(c.voivodeship) ?? []), c]);
  const { admins } = await requestJson(deps.nc, REQUESTS.voivodeshipAdmins, {}, voivodeshipAdminsReply, 5_000);
  let emails = 0;
  for (const [voivodeship, items] of byVoivodeship) {
    const name = (await deps.catalogue.voivodeship(voivodeship))?.name ?? voivodeship;
    const rendered = waitingDigestEmail({
      voivodeshipName: name,
      afterDays: deps.afterDays,
      date: day,
      approvalUrl: deps.approvalUrl,
      items: items.map((c) => ({
        number: c.number,
        unitName: c.unitName,
        status: c.state === CONTACT_STATE.readyForReview ? 'ready-for-review' : 'awaiting-document',
        daysWaiting: Math.floor((now.getTime() - new Date(c.submittedAt).getTime()) / DAY_MS),
      })),
    });
    for (const admin of admins.filter((a) => a.voivodeship === voivodeship)) {
      try {
        await enqueueEmail(deps, {
          sourceId: `digest-${day}-${voivodeship}`,
          template: TEMPLATES.waitingDigest,
          recipient: admin.email,
          rendered,
          voivodeship,
        });
        emails++;
      } catch (e) {
        // One administrator's unusable address must not cost the others their digest.
        if (!isAppError(e) || e.status >= 500) throw e;
        deps.logger.warn({ login: admin.login, voivodeship, code: e.code }, 'digest not sent to an administrator');
      }
    }
  }
  return { voivodeships: byVoivodeship.size, emails };
}
