/**
 * API keys of the office's mailroom clients (DESIGN §5.2), each bound to one voivodeship:
 *   npm run mailroom-keys -w services/document-intake -- create --voivodeship 26 --name "Kancelaria ŚUW"
 *   npm run mailroom-keys -w services/document-intake -- list
 *   npm run mailroom-keys -w services/document-intake -- revoke --id <id>
 * `create` prints the key once (only its hash is stored); `--json` prints machine-readable output.
 */
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@cas/config';
import { createLogger } from '@cas/logger';
import { connectMongo } from '@cas/mongo';
import { intakeConfigSchema } from '../config.js';
import { createMailroomClientRepository } from '../store/mailroom-client.repository.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { voivodeship: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const command = positionals[0];
const print = (line: string) => process.stdout.write(`${line}\n`);
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (!['create', 'list', 'revoke'].includes(command ?? ''))
  fail('Użycie: mailroom-keys create --voivodeship NN --name "…" | list | revoke --id ID');
if (command === 'create') {
  if (!/^(0[2468]|1[02468]|2[02468]|3[02])$/.test(values.voivodeship ?? ''))
    fail('--voivodeship: kod TERYT województwa (02–32, parzysty).');
  if (!values.name || values.name.trim().length === 0 || values.name.length > 200) fail('--name: nazwa klienta (1–200 znaków).');
}
if (command === 'revoke' && !values.id) fail('--id: identyfikator klucza (z polecenia list).');

const config = loadConfigOrExit(intakeConfigSchema);
// Logs to stderr: stdout carries the key (and --json output) only.
const logger = createLogger({ service: 'document-intake-cli', level: 'warn', destination: process.stderr });
const conn = await connectMongo({ url: config.MONGO_URL, dbName: config.MONGO_DB, logger });
const clients = createMailroomClientRepository(conn);
try {
  if (command === 'create') {
    const { client, apiKey } = await clients.create(values.voivodeship!, values.name!.trim());
    if (values.json) print(JSON.stringify({ id: client.id, voivodeship: client.voivodeship, name: client.name, apiKey }));
    else print(`Klucz API (pokazywany tylko teraz) dla „${client.name}”, województwo ${client.voivodeship}:\n${apiKey}`);
  } else if (command === 'list') {
    const all = await clients.list();
    if (values.json) print(JSON.stringify(all));
    else for (const c of all) print(`${c.id}  ${c.voivodeship}  ${c.revokedAt ? 'unieważniony' : 'aktywny   '}  ${c.name}`);
  } else {
    const revoked = await clients.revoke(values.id!);
    print(revoked ? `Klucz ${values.id} unieważniony.` : `Nie ma aktywnego klucza ${values.id}.`);
    if (!revoked) process.exitCode = 1;
  }
} finally {
  await conn.close();
}
