// Prepares what the test suite runs besides Node: the infrastructure binaries built from the Go module proxy
// (FerretDB, Mailpit, NATS; shared/testing/src/tools.ts) and Debian packages (installed with apt-get when missing
// and running as root): Chromium and poppler-utils for the browser tests, Dovecot for intake's IMAP channel.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureTools } from '@cas/testing';

await ensureTools();

const debianPackages: [string, string][] = [
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/bin/pdftoppm', 'poppler-utils'],
  ['/usr/sbin/dovecot', 'dovecot-imapd'],
];
const missing = debianPackages.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    console.error(
      `[tools] missing Debian packages for the tests: ${missing.join(' ')} (run: sudo apt-get install -y ${missing.join(' ')})`,
    );
    process.exit(1);
  }
  console.error(`[tools] installing ${missing.join(' ')} with apt-get (one time)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit', env });
}
