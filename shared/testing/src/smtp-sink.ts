import { SMTPServer } from 'smtp-server';
import { freePort } from './ports.js';

/** What the sink answers to one recipient: accept, or an SMTP reply code with its text. */
export type SinkAnswer = 'accept' | { code: number; message: string };

export interface AcceptedMail {
  to: string[];
  messageId: string | null;
  size: number;
  /** The first 64 kB of the message as received (headers and the start of the body), when `keep` was asked for. */
  head?: string;
}

export interface SmtpSink {
  host: string;
  port: number;
  /** Mails accepted so far (headers parsed only for the Message-ID; bodies are counted, not kept). */
  accepted: AcceptedMail[];
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
        sink.accepted.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId,
          size,
          ...(opts.keep ? { head: head.slice(0, limit) } : {}),
        });
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
