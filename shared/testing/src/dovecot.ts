import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process.js';
import { freePort, portOpen, waitFor } from './ports.js';

/** Debian's Dovecot (package dovecot-imapd; installed by scripts/prepare-tools.ts). */
export const DOVECOT = '/usr/sbin/dovecot';

export interface ImapServer {
  host: string;
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * A real IMAP server for the intake's e-mail channel tests: Dovecot on a free port, plain IMAP on 127.0.0.1,
 * the given users (login → password). Its files live in a folder of their own that Dovecot's unprivileged
 * processes can enter (mail is stored as `nobody`: Dovecot refuses root); its log goes to `logDir`.
 */
export async function startDovecot(logDir: string, users: Record<string, string>): Promise<ImapServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cas-dovecot-'));
  chmodSync(dir, 0o755);
  for (const d of ['run', 'state', 'mail']) mkdirSync(join(dir, d), { recursive: true });
  try {
    chownSync(join(dir, 'mail'), 65534, 65534);
  } catch {
    // not root: Dovecot runs as this user then and owns the folder already
  }
  writeFileSync(
    join(dir, 'users'),
    Object.entries(users)
      .map(([u, p]) => `${u}:{PLAIN}${p}`)
      .join('\n') + '\n',
  );
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = /dev/stderr
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
  writeFileSync(join(dir, 'dovecot.conf'), conf);
  const server = new ManagedProcess({
    name: 'dovecot',
    cmd: DOVECOT,
    args: ['-F', '-c', join(dir, 'dovecot.conf')],
    logFile: join(logDir, 'dovecot.log'),
    ready: () => waitFor('dovecot listening', () => portOpen(port), 15_000, 100),
  });
  await server.start();
  return {
    host: '127.0.0.1',
    port,
    process: server,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
