/**
 * E-mails/s from event to SMTP-accepted (DESIGN §10, issue #7): the notification service consuming
 * `registration.account.activated.v1` from JetStream → ledger claim → BullMQ → pooled nodemailer → a null SMTP
 * sink (smtp-server, counting and timing only), beside raw pooled nodemailer sending mails of the same size to
 * the same sink in the same run: three rounds of (raw, service), the round with the median ratio is the figure.
 * Then a steady load at 70 % of the measured rate for the enqueue → accepted tail.
 */
import { MongoClient } from 'mongodb';
import nodemailer from 'nodemailer';
import { createEvent, RegistrationEvents } from '@cas/contracts';
import { createLogger } from '@cas/logger';
import { connectNats, createPublisher } from '@cas/nats';
import { startSmtpSink, startSystem, waitFor, type AcceptedMail } from '@cas/testing';
import { addCores, alternate, atRate, coresBetween, cpuNow, summarise, type CoresUsed, type Round } from './stats.js';

export interface EmailBenchResult {
  /** Mails per burst (and per raw baseline), in each round. */
  count: number;
  /** Every round's raw and service rate (mails/s) and their ratio; `raw`/`service` are the median round's. */
  rounds: Round[];
  raw: { perSecond: number };
  service: { perSecond: number };
  /**
   * Cores used during the service's bursts (all rounds): notification (all replicas), this process (publisher +
   * sink), the rest; `cpu.seconds` is the bursts' time, over `count × rounds.length` mails.
   */
  cpu: CoresUsed;
  /** Steady load: event published → accepted, and ledger claim (enqueue) → accepted. */
  steady: {
    rate: number;
    eventToAccepted: ReturnType<typeof summarise>;
    enqueueToAccepted: ReturnType<typeof summarise>;
    /**
     * The sink accepted the message → notification stamped the ledger `sent` (`sentAt`, taken when the 250 came
     * back, before its write): a lower bound of the window in which a crash sends the e-mail twice (issue #8).
     */
    acceptedToMarked: ReturnType<typeof summarise>;
  };
  duplicates: number;
}

const POOL = 5; // the service's default SMTP_POOL_SIZE: the baseline gets the same connections

/**
 * The ledger's claim and "sent" times per event id (ms), once every one is stamped sent: the mark is written
 * after the 250, so it can trail the sink's acceptance.
 */
async function ledgerTimes(mongo: MongoClient, eventIds: string[]): Promise<Map<string, { claimed: number; sent: number }>> {
  const times = new Map<string, { claimed: number; sent: number }>();
  await waitFor(
    'every steady delivery stamped sent',
    async () => {
      const docs = await mongo
        .db('cas_notification')
        .collection<{ eventId: string; createdAt: Date; sentAt?: Date }>('deliveries')
        .find({ eventId: { $in: eventIds } }, { projection: { eventId: 1, createdAt: 1, sentAt: 1 } })
        .toArray();
      for (const d of docs) if (d.sentAt) times.set(d.eventId, { claimed: d.createdAt.getTime(), sent: d.sentAt.getTime() });
      return times.size >= eventIds.length;
    },
    60_000,
    200,
  );
  return times;
}

/** Waits until `n` mails matching `test` are in; rejects after `timeoutMs`. */
function accepted(sinkMails: AcceptedMail[], test: (m: AcceptedMail) => boolean, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (sinkMails.filter(test).length >= n) return resolve();
      if (Date.now() > deadline) return reject(new Error(`only ${sinkMails.filter(test).length}/${n} mails accepted in time`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

/** `replicas` notification processes share the durable consumer and the queue (issue #8's scale-out figure). */
export async function emailThroughput(count: number, replicas = 1, rounds = 3): Promise<EmailBenchResult> {
  const sink = await startSmtpSink();
  const sys = await startSystem({
    services: ['notification'],
    infra: { only: ['mongo', 'nats', 'redis'] },
    // The relay rate limit is configuration (200/s per replica by default): lifted so the pipeline itself is measured.
    env: {
      notification: {
        SMTP_HOST: sink.host,
        SMTP_PORT: String(sink.port),
        EMAIL_RATE_PER_SECOND: '5000',
        DIGEST_CRON: '',
        ...(process.env.BENCH_NOTIFICATION_ENV ? JSON.parse(process.env.BENCH_NOTIFICATION_ENV) : {}),
      },
    },
  });
  const notificationPids = [sys.service('notification').pid];
  for (let i = 1; i < replicas; i++) notificationPids.push((await sys.startReplica('notification')).pid);
  const nc = await connectNats({
    servers: [sys.infra.natsUrl],
    name: 'email-bench',
    logger: createLogger({ service: 'bench', level: 'silent' }),
  });
  const mongo = await MongoClient.connect(sys.infra.mongoUrl);
  try {
    const publisher = createPublisher(nc);
    const event = (i: number, tag: string) =>
      createEvent(
        RegistrationEvents.accountActivated,
        {
          userId: `${tag}-user-${i}`,
          login: `jkowalska${i}`,
          email: `jan.kowalski.${tag}.${i}@example.test`,
          name: { firstName: 'Joanna', lastName: `Kowalska-${i}` },
          unit: { id: `unit-${i}`, name: `Miejski Ośrodek Pomocy Społecznej w Gminie ${i}` },
          grants: [
            { area: 'PS', subArea: 'sprawozdania-resortowe' },
            { area: 'SR', subArea: 'swiadczenia-rodzinne' },
          ],
        },
        { source: 'registration', correlationId: `bench-${tag}-${i}` },
      );

    // Warm-up, as many mails as a round: with 50, the service's first round ran 15-25 % below its third (the JIT).
    const warm = Array.from({ length: count }, (_, i) => event(i, 'warm'));
    await Promise.all(warm.map((e) => publisher.publish(e)));
    await accepted(sink.accepted, (m) => m.to[0]!.includes('.warm.'), warm.length, 60_000);
    const sampleSize = sink.accepted.find((m) => m.to[0]!.includes('.warm.'))!.size;

    // Baseline: raw pooled nodemailer, the same number of mails of the same size, to the same sink.
    const body = 'x'.repeat(Math.max(0, Math.floor(sampleSize / 2) - 400));
    const rawRate = async (round: number) => {
      const transport = nodemailer.createTransport({ host: sink.host, port: sink.port, pool: true, maxConnections: POOL });
      const start = performance.now();
      await Promise.all(
        Array.from({ length: count }, (_, i) =>
          transport.sendMail({
            from: 'CAS Rejestracja <no-reply@cas-rejestracja.local>',
            to: `raw.${round}.${i}@example.test`,
            subject: 'Konto w CAS jest aktywne',
            text: body,
            html: `<p>${body}</p>`,
          }),
        ),
      );
      const perSecond = count / ((performance.now() - start) / 1000);
      transport.close();
      return perSecond;
    };

    // The baseline warms up the same way (its first run in this process ran 20-30 % below the later ones).
    await rawRate(-1);

    // The service: `count` events published as fast as JetStream takes them; the clock stops at the last accept.
    const named = {
      FerretDB: sys.infra.components.mongo.pids,
      NATS: sys.infra.components.nats.pids,
      Redis: sys.infra.components.redis.pids,
      notification: notificationPids.filter((p): p is number => p !== undefined),
    };
    let cpu: CoresUsed | undefined;
    let round = 0;
    const measured = await alternate(rounds, {
      baseline: () => rawRate(round),
      load: async () => {
        const tag = `burst${round++}`;
        const burst = Array.from({ length: count }, (_, i) => event(i, tag));
        const c0 = cpuNow(undefined, named);
        const start = performance.now();
        await Promise.all(burst.map((e) => publisher.publish(e)));
        await accepted(sink.accepted, (m) => m.to[0]!.includes(`.${tag}.`), count, 600_000);
        const seconds = (performance.now() - start) / 1000;
        cpu = addCores(cpu, coresBetween(c0, cpuNow(undefined, named)));
        return count / seconds;
      },
    });
    const perSecond = measured.median.load;

    // Steady: 70 % of that rate, for the latency tail.
    const rate = Math.max(10, Math.floor(perSecond * 0.7));
    const steadyCount = Math.min(count, rate * 10);
    const published = new Map<string, number>();
    await atRate(rate, steadyCount, async (i) => {
      const e = event(i, 'steady');
      published.set(e.id, Date.now());
      await publisher.publish(e);
    });
    await accepted(sink.accepted, (m) => m.to[0]!.includes('.steady.'), steadyCount, 300_000);
    const ledger = await ledgerTimes(mongo, [...published.keys()]);
    const eventToAccepted: number[] = [];
    const enqueueToAccepted: number[] = [];
    const acceptedToMarked: number[] = [];
    for (const m of sink.accepted.filter((x) => x.to[0]!.includes('.steady.'))) {
      const eventId = /^<([^.]+)\./.exec(m.messageId ?? '')?.[1] ?? '';
      const sent = published.get(eventId);
      const times = ledger.get(eventId);
      if (sent !== undefined) eventToAccepted.push(m.at - sent);
      if (times) {
        enqueueToAccepted.push(m.at - times.claimed);
        acceptedToMarked.push(times.sent - m.at);
      }
    }
    const ids = sink.accepted.map((m) => m.messageId).filter((x): x is string => x !== null && !x.includes('raw'));
    return {
      count,
      rounds: measured.rounds,
      raw: { perSecond: measured.median.raw },
      service: { perSecond },
      cpu: cpu!,
      steady: {
        rate,
        eventToAccepted: summarise(eventToAccepted),
        enqueueToAccepted: summarise(enqueueToAccepted),
        acceptedToMarked: summarise(acceptedToMarked),
      },
      duplicates: ids.length - new Set(ids).size,
    };
  } finally {
    await nc.close();
    await mongo.close();
    await sys.stop();
    await sink.close();
  }
}
