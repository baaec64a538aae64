/**
 * `node services/registration/dist/cli/seed-demo.js` — development only: adds a few active units so that
 * "join an existing unit" can be tried at once. Idempotent (insert-only). Refuses NODE_ENV=production.
 */
import { loadConfigOrExit } from '@cas/config';
import { connectMongo } from '@cas/mongo';
import { createLogger } from '@cas/logger';
import { registrationConfigSchema } from '../config.js';
import { registerModels } from '../store/models.js';

const DEMO_UNITS = [
  {
    _id: 'demo-unit-mopr-kielce',
    name: 'Miejski Ośrodek Pomocy Rodzinie w Kielcach',
    type: 'mopr',
    regon: '290471186',
    teryt: '2661011',
    address: { street: 'ul. Studzienna 2', postalCode: '25-544', city: 'Kielce' },
  },
  {
    _id: 'demo-unit-pcpr-busko',
    name: 'Powiatowe Centrum Pomocy Rodzinie w Busku-Zdroju',
    type: 'pcpr',
    regon: '291008711',
    teryt: '2601014',
    address: { street: 'ul. Mickiewicza 15', postalCode: '28-100', city: 'Busko-Zdrój' },
  },
  {
    _id: 'demo-unit-gops-morawica',
    name: 'Gminny Ośrodek Pomocy Społecznej w Morawicy',
    type: 'ops',
    regon: '290030625',
    teryt: '2604092',
    address: { street: 'ul. Spacerowa 8', postalCode: '26-026', city: 'Morawica' },
  },
];

const config = loadConfigOrExit(registrationConfigSchema);
if (config.NODE_ENV === 'production') {
  process.stderr.write('seed-demo refuses to run with NODE_ENV=production\n');
  process.exit(1);
}
const logger = createLogger({ service: 'registration-seed', level: 'warn' });
const conn = await connectMongo({ url: config.MONGO_URL, dbName: config.MONGO_DB, logger });
const models = registerModels(conn);
await models.Unit.init();
let added = 0;
for (const u of DEMO_UNITS) {
  const res = await models.Unit.collection.updateOne(
    { _id: u._id as never },
    { $setOnInsert: { ...u, nameLower: u.name.toLowerCase(), status: 'active', demo: true, createdAt: new Date() } },
    { upsert: true },
  );
  added += res.upsertedCount;
}
process.stdout.write(`demo units: ${added} added, ${DEMO_UNITS.length - added} already there\n`);
await conn.close();
