/**
 * "Przypomnij hasło" must not tell an existing account from an unknown one by its answer time (DESIGN §7: medians
 * within 10 %). Measured here, on a quiet machine, against the real registration service; the test suite keeps a
 * coarser bound because it runs beside other test files.
 */
import { MongoClient } from 'mongodb';
import { connect } from '@nats-io/transport-node';
import { approvedAccount, medianGap, pairedTiming, sampleApplication, type PairedTimingRound, type System } from '@cas/testing';

export interface ReminderTimingResult {
  rounds: PairedTimingRound[];
  medianGap: number;
  distinctBodies: number;
}

export async function reminderTiming(sys: System, pairs = 300, rounds = 5): Promise<ReminderTimingResult> {
  const base = sys.service('registration').baseUrl;
  const mongo = await MongoClient.connect(sys.infra.mongoUrl);
  const nc = await connect({ servers: sys.infra.natsUrl });
  try {
    const account = await approvedAccount({ registrationUrl: base, mongo, nc }, sampleApplication(`t${Date.now()}`));
    const bodies = new Set<string>();
    let n = 0;
    const measured = await pairedTiming(
      async (kind) => {
        const res = await fetch(`${base}/api/v1/auth/password-reminder`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ loginOrEmail: kind === 'a' ? account.login : `nikt-${n++}` }),
        });
        bodies.add(`${res.status} ${await res.text()}`);
      },
      { rounds: Array.from({ length: rounds }, (_, i) => ({ pairs, warmUp: i === 0 ? 40 : 0 })) },
    );
    return { rounds: measured, medianGap: medianGap(measured), distinctBodies: bodies.size };
  } finally {
    await nc.close();
    await mongo.close();
  }
}
