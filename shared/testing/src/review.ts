import type { MongoClient } from 'mongodb';
import { createMailroomKey, settled, uploadScans } from './mailroom.js';
import { waitFor } from './ports.js';
import { sampleApplication } from './samples.js';
import { scannedPage } from './scan-fixtures.js';
import type { System } from './system.js';

/**
 * An application ready for review the way production gets there: submitted to registration, its form's QR code
 * scanned and posted by the mailroom, matched by intake, and `ready-for-review` in approval's read model.
 */
export async function readyForReview(
  sys: System,
  mongo: MongoClient,
  tag: string,
  where: { teryt: string; voivodeship: string } = { teryt: '2661011', voivodeship: '26' },
): Promise<{ id: string; number: string; verificationCode: string }> {
  const app = sampleApplication(tag);
  const res = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...app, unit: { ...app.unit, teryt: where.teryt } }),
  });
  if (res.status !== 201) throw new Error(`application refused: ${res.status} ${await res.text()}`);
  const a = (await res.json()) as { id: string; number: string; verificationCode: string };
  const key = (await createMailroomKey(sys.infra, where.voivodeship)).apiKey;
  const intake = sys.service('document-intake').baseUrl;
  await waitFor(
    'intake knows the application',
    async () => (await mongo.db('cas_intake').collection('open_applications').findOne({ number: a.number })) !== null,
  );
  const upload = await uploadScans(intake, key, [
    { name: 'skan.jpg', bytes: await scannedPage(`CAS1|${a.number}|${a.verificationCode}`, { quality: 70 }) },
  ]);
  const view = await settled(intake, key, ((await upload.json()) as { scanId: string }).scanId);
  if (view.status !== 'matched') throw new Error(`scan not matched: ${JSON.stringify(view)}`);
  await waitFor(
    'ready for review',
    async () =>
      (
        await mongo
          .db('cas_approval')
          .collection('review_items')
          .findOne({ _id: a.id as never })
      )?.status === 'ready-for-review',
  );
  return a;
}

/** Until approval's read model holds the permission request `id` with its voivodeship (its consumer has run). */
export async function permissionReviewListed(mongo: MongoClient, id: string): Promise<void> {
  await waitFor(
    'permission review in approval',
    async () =>
      (
        await mongo
          .db('cas_approval')
          .collection('permission_reviews')
          .findOne({ _id: id as never })
      )?.voivodeship != null,
  );
}
