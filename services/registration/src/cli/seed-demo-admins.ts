/**
 * `node services/registration/dist/cli/seed-demo-admins.js` — development only (refuses NODE_ENV=production):
 * a central admin and a voivodeship admin for 26 with a password and an enrolled authenticator, so every admin
 * flow can be tried at once (DESIGN §8). Prints them as JSON (`login`, `password`, `totpSecret`, `role`,
 * `voivodeship`) on the run that creates them; later runs print `[]` (the logins exist; only hashes are stored).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { generateTotpSecret, sealSecret } from '@cas/auth';
import { loadConfigOrExit } from '@cas/config';
import { createLogger } from '@cas/logger';
import { connectMongo } from '@cas/mongo';
import { registrationConfigSchema } from '../config.js';
import { newAdminUser, ROLES, type Role } from '../domain/account.js';
import { createAuditRepository } from '../store/audit.repository.js';
import { createLoginRepository } from '../store/login.repository.js';
import { initModels, registerModels } from '../store/models.js';
import { createUserRepository } from '../store/user.repository.js';

const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const DEMO_ADMINS: { login: string; role: Role; voivodeship: string | null; firstName: string; lastName: string }[] = [
  { login: 'demo-centrala', role: ROLES.centralAdmin, voivodeship: null, firstName: 'Ewa', lastName: 'Centralna' },
  { login: 'demo-admin-26', role: ROLES.voivodeshipAdmin, voivodeship: '26', firstName: 'Adam', lastName: 'Świętokrzyski' },
];

const config = loadConfigOrExit(registrationConfigSchema);
if (config.NODE_ENV === 'production') {
  process.stderr.write('seed-demo-admins refuses to run with NODE_ENV=production\n');
  process.exit(2);
}
const logger = createLogger({ service: 'registration-cli', level: 'warn', destination: process.stderr });
const conn = await connectMongo({ url: config.MONGO_URL, dbName: config.MONGO_DB, logger });
const models = registerModels(conn);
await initModels(models);
const users = createUserRepository(models);
const logins = createLoginRepository(models);
const audit = createAuditRepository(models);
const created: { login: string; password: string; totpSecret: string; role: Role; voivodeship: string | null }[] = [];
for (const admin of DEMO_ADMINS) {
  const id = randomUUID();
  if (!(await logins.reserveForAccount(admin.login, id))) continue;
  const password = `Demo-${randomBytes(12).toString('base64url')}`;
  const totpSecret = generateTotpSecret();
  const now = new Date();
  const user = newAdminUser(
    {
      id,
      login: admin.login,
      email: `${admin.login}@uw.example`,
      firstName: admin.firstName,
      lastName: admin.lastName,
      phone: '41 342 11 11',
      position: 'Administrator (demo)',
      role: admin.role,
      voivodeship: admin.voivodeship,
      passwordHash: await hash(password, ARGON2),
      mustChangePassword: false,
      totp: { sealedSecret: sealSecret(totpSecret, config.SIGNING_KEY_SECRET), enrolledAt: now, lastStep: 0, recoveryCodes: [] },
    },
    now,
  );
  await users.insert(user, []);
  await audit.record({
    action: 'admin-created',
    outcome: 'success',
    actor: null,
    subject: { userId: id, login: admin.login },
    ip: null,
    voivodeship: admin.voivodeship,
    details: { role: admin.role, via: 'seed-demo-admins' },
  });
  created.push({ login: admin.login, password, totpSecret, role: admin.role, voivodeship: admin.voivodeship });
}
await conn.close();
process.stdout.write(`${JSON.stringify(created)}\n`);
