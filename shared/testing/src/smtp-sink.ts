import { SMTPServer } from 'smtp-server';
import { freePort } from './ports.js';

/** What the sink answers to one recipient: accept, or an SMTP reply code with its text. */
export type SinkAnswer = 'accept' | { code: number; message: string };

export interface AcceptedMail {
  to: string[];
  messageId: string | null;
  size: number;
  /** When the sink accepted it (`Date.now()`). */
  at: number;
  /** The first 64 kB of the message as received (headers and the start of the body), when `keep` was asked for. */
  head?: string;
}

export interface SmtpSink {
  host: string;
  port: number;
  /** Mails accepted so far (headers parsed only for the Message-ID; bodies are counted, not kept). */
  accepted: AcceptedMail[];
  /** Called for every accepted mail (benchmarks count and time them as they come). */
  onAccepted?: (mail: AcceptedMail) => void;
  /** Decides per recipient (default: accept all). */
  answer: (recipient: string) => SinkAnswer;
  /** While set, the relay is "down": new connections and every MAIL FROM on open ones get `421`. */
  refuseConnections: boolean;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port, for tests and benchmarks that need
 * the relay to answer in a given way (421, 451, 550 per recipient) or to count accepted mails without storing
 * them (the null sink of the e-mail benchmark). Mailpit stays the sink of the flow tests.
 */
export async function startSmtpSink(opts: { port?: number; keep?: boolean } = {}): Promise<SmtpSink> {
  const limit = opts.keep ? 65_536 : 16_384;
  const sink: SmtpSink = {
    host: '127.0.0.1',
    port: opts.port ?? (await freePort()),
    accepted: [],
    answer: () => 'accept',
    refuseConnections: false,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect(_session, cb) {
      cb(sink.refuseConnections ? smtpError(421, 'Service not available, closing transmission channel') : undefined);
    },
    onMailFrom(_address, _session, cb) {
      cb(sink.refuseConnections ? smtpError(421, 'Service not available, closing transmission channel') : undefined);
    },
    onRcptTo(address, _session, cb) {
      const a = sink.answer(address.address);
      cb(a === 'accept' ? undefined : smtpError(a.code, a.message));
    },
    onData(stream, session, cb) {
      let head = '';
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (head.length < limit) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const messageId = /^message-id:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? null;
        const mail: AcceptedMail = {
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId,
          size,
          at: Date.now(),
          ...(opts.keep ? { head: head.slice(0, limit) } : {}),
        };
        sink.accepted.push(mail);
        sink.onAccepted?.(mail);
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(sink.port, sink.host, () => resolve());
  });
  server.on('error', () => undefined);
  return sink;
}

/**
 * The readable text of a received message: every MIME part's body with its transfer encoding undone (base64,
 * quoted-printable), headers included, for tests that look for a number or a link in what was really sent.
 */
export function mailText(raw: string): string {
  const out: string[] = [];
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]!);
  const parts =
    boundaries.length > 0 ? raw.split(new RegExp(boundaries.map((b) => `--${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).join('|'))) : [raw];
  for (const part of parts) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) {
      out.push(part);
      continue;
    }
    const headers = part.slice(0, split);
    const body = part.slice(split).trim();
    const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
    out.push(headers);
    if (encoding === 'base64') out.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    else if (encoding === 'quoted-printable')
      out.push(
        Buffer.from(
          body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
      );
    else out.push(body);
  }
  return out.join('\n');
}
