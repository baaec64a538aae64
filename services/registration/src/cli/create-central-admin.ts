/**
 * Creates the first central admin: `npm run create-central-admin -w services/registration -- --login … --email …
 * --first-name … --last-name … [--phone …] [--position …]`. Prints a temporary password once: the admin logs in
 * with it, sets a password and enrols the second factor before any admin action. Refuses a taken login.
 */
import { parseArgs } from 'node:util';
import { hash } from '@node-rs/argon2';
import { loadConfigOrExit } from '@cas/config';
import { createLogger } from '@cas/logger';
import { connectMongo } from '@cas/mongo';
import { registrationConfigSchema } from '../config.js';
import { adminCreateInput } from '../domain/account-input.js';
import { newAdminUser, ROLES } from '../domain/account.js';
import { generateTemporaryPassword, TEMPORARY_PASSWORD_VALID_MS } from '../domain/password-reminder.service.js';
import { createAuditRepository } from '../store/audit.repository.js';
import { createLoginRepository } from '../store/login.repository.js';
import { initModels, registerModels } from '../store/models.js';
import { createUserRepository } from '../store/user.repository.js';
import { randomUUID } from 'node:crypto';

const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const { values } = parseArgs({
  options: {
    login: { type: 'string' },
    email: { type: 'string' },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
    phone: { type: 'string', default: '22 000 00 00' },
    position: { type: 'string', default: 'Administrator centralny' },
  },
});
const parsed = adminCreateInput.omit({ voivodeship: true }).safeParse({
  login: values.login,
  email: values.email,
  firstName: values['first-name'],
  lastName: values['last-name'],
  phone: values.phone,
  position: values.position,
});
if (!parsed.success) {
  for (const i of parsed.error.issues) console.error(`--${String(i.path[0])}: ${i.message}`);
  process.exit(2);
}

const config = loadConfigOrExit(registrationConfigSchema);
const logger = createLogger({ service: 'registration-cli', level: 'warn' });
const conn = await connectMongo({ url: config.MONGO_URL, dbName: config.MONGO_DB, logger });
const models = registerModels(conn);
await initModels(models);
const users = createUserRepository(models);
const logins = createLoginRepository(models);
const id = randomUUID();
if (!(await logins.reserveForAccount(parsed.data.login.toLowerCase(), id))) {
  console.error(`Login ${parsed.data.login} jest już zajęty.`);
  await conn.close();
  process.exit(1);
}
const temporary = generateTemporaryPassword();
const now = new Date();
const user = newAdminUser(
  {
    id,
    ...parsed.data,
    role: ROLES.centralAdmin,
    voivodeship: null,
    passwordHash: await hash(generateTemporaryPassword() + generateTemporaryPassword(), ARGON2),
    temporaryPassword: {
      hash: await hash(temporary, ARGON2),
      issuedAt: now,
      expiresAt: new Date(now.getTime() + TEMPORARY_PASSWORD_VALID_MS),
    },
  },
  now,
);
await users.insert(user, []);
await createAuditRepository(models).record({
  action: 'admin-created',
  outcome: 'success',
  actor: null,
  subject: { userId: id, login: user.login },
  ip: null,
  voivodeship: null,
  details: { role: user.role, via: 'cli' },
});
await conn.close();
process.stdout.write(`Utworzono administratora centralnego ${user.login}.\n`);
process.stdout.write(`Hasło tymczasowe (ważne 60 minut, jednorazowe): ${temporary}\n`);
process.stdout.write('Zaloguj się nim na /logowanie, ustaw nowe hasło i skonfiguruj weryfikację dwuetapową.\n');
