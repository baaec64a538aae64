import { describe, expect, it } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { templatePreviews } from '../src/domain/templates/samples.js';
import { createEmailComposer, type OutgoingEmail } from '../src/jobs/compose-email.js';

const FROM = 'CAS Rejestracja <no-reply@cas-rejestracja.local>';
const composer = await createEmailComposer(FROM);
const samples = templatePreviews('https://portal.example.test', 'https://admin.example.test');

const email = (over: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  to: 'jan.kowalski@example.test',
  subject: 'Konto w CAS jest aktywne — zaloguj się',
  text: 'Dzień dobry,\nżółć gęślą jaźń.\n',
  html: '<p>Dzień dobry, <strong>żółć</strong></p>',
  messageId: '<evt-1.account-activated@cas-rejestracja.local>',
  ...over,
});

/** What a mail client reads back out of the message, through mailparser (a MIME parser this service does not use). */
async function parsed(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw);
}

/** The same message as nodemailer's MailComposer writes it, parsed the same way: the reference. */
async function reference(e: OutgoingEmail): Promise<ParsedMail> {
  const node = new MailComposer({
    from: FROM,
    to: e.to,
    subject: e.subject,
    text: e.text,
    html: e.html,
    messageId: e.messageId,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
  }).compile();
  return simpleParser(await node.build());
}

/** The parts a reader or a mail system acts on. */
function essentials(m: ParsedMail) {
  const addresses = (a: ParsedMail['to']) => [a ?? []].flat().flatMap((x) => x.value.map((v) => `${v.name}|${v.address}`));
  return {
    from: addresses(m.from),
    to: addresses(m.to),
    subject: m.subject,
    messageId: m.messageId,
    text: m.text,
    html: m.html,
    autoSubmitted: m.headers.get('auto-submitted'),
    suppress: m.headers.get('x-auto-response-suppress'),
    contentType: (m.headers.get('content-type') as { value: string }).value,
    attachments: m.attachments.length,
  };
}

describe('composeEmail', () => {
  it.each(samples.map((s) => [s.name, s] as const))('%s reads back as nodemailer would have written it', async (_name, s) => {
    const e = email({ subject: s.email.subject, text: s.email.text, html: s.email.html });
    const mine = essentials(await parsed((await composer.compose(e)).raw));
    expect(mine).toEqual(essentials(await reference(e)));
    expect(mine.subject).toBe(s.email.subject);
    expect(mine.to).toEqual(['|jan.kowalski@example.test']);
    expect(mine.from).toEqual(['CAS Rejestracja|no-reply@cas-rejestracja.local']);
    expect(mine.contentType).toBe('multipart/alternative');
    expect(mine.autoSubmitted).toBe('auto-generated');
  });

  it('sends the envelope nodemailer would: the configured sender, the one recipient', async () => {
    const { envelope } = await composer.compose(email());
    expect(envelope).toEqual({ from: 'no-reply@cas-rejestracja.local', to: ['jan.kowalski@example.test'] });
  });

  it('keeps every line within SMTP limits, with CRLF line ends only, whatever the body', async () => {
    const long = `${'ż'.repeat(300)} ${'x'.repeat(1_500)}\n.starts with a dot\r\nwin\rold-mac\n${'a '.repeat(500)}`;
    const e = email({ text: long, html: `<p>${long}</p>`, subject: `${'Bardzo długi temat wiadomości '.repeat(8)}ąę` });
    const raw = (await composer.compose(e)).raw.toString('utf-8');
    expect(raw).not.toMatch(/[^\r]\n|\r[^\n]/);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    const m = await parsed(Buffer.from(raw));
    expect(m.text).toBe(essentialsText(long));
    expect(m.subject).toBe(e.subject);
  });

  it('writes no header of the caller: CR/LF and control characters in the subject stay inside it', async () => {
    const e = email({ subject: 'Wniosek\r\nBcc: victim@example.test\nX-Evil: 1\u0000' });
    const raw = (await composer.compose(e)).raw.toString('utf-8');
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(head).not.toMatch(/^(Bcc|X-Evil):/im);
    const m = await parsed(Buffer.from(raw));
    expect(m.subject).toBe('Wniosek Bcc: victim@example.test X-Evil: 1');
    expect(m.bcc).toBeUndefined();
  });

  it('gives every message its own boundary and the date it was composed', async () => {
    const at = new Date('2026-03-01T10:20:30Z');
    const [a, b] = [await composer.compose(email(), at), await composer.compose(email(), at)];
    const boundary = (raw: Buffer) => /boundary="([^"]+)"/.exec(raw.toString())?.[1];
    expect(boundary(a.raw)).toBeTruthy();
    expect(boundary(a.raw)).not.toBe(boundary(b.raw));
    expect((await parsed(a.raw)).date?.toISOString()).toBe('2026-03-01T10:20:30.000Z');
  });

  it('hands a Unicode or IDN recipient to nodemailer: punycode domain in the envelope, the address intact in the header', async () => {
    const e = email({ to: 'jan@żółw.example' });
    const composed = await composer.compose(e);
    expect(composed.envelope.to).toEqual(['jan@xn--w-uga1v8h.example']);
    expect(essentials(await parsed(composed.raw))).toEqual(essentials(await reference(e)));
  });
});

/** mailparser's reading of a text body: line ends as LF, no trailing line break. */
function essentialsText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/\n$/, '');
}
