import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findApplicationNumbers, parseQrPayload } from '../src/domain/evidence.js';
import { decideMatch, UNMATCHED } from '../src/domain/match.js';
import { detectFileType } from '../src/domain/file-type.js';
import type { OpenApplication } from '../src/domain/open-application.js';

const number = fc
  .tuple(fc.constantFrom('02', '14', '26', '32'), fc.integer({ min: 2020, max: 2099 }), fc.integer({ min: 0, max: 999_999 }))
  .map(([v, y, n]) => `${v}/${y}/${String(n).padStart(6, '0')}`);
const code = fc.stringMatching(/^[A-Z2-7]{8}$/);

describe('evidence', () => {
  it('parses exactly the form payload CAS1|number|code', () => {
    fc.assert(
      fc.property(number, code, (n, c) => {
        expect(parseQrPayload(`CAS1|${n}|${c}`)).toEqual({ number: n, code: c });
      }),
    );
    for (const bad of [
      'CAS2|26/2026/000001|ABCDEFGH',
      'CAS1|26/2026/000001|abcdefgh',
      'CAS1|26/2026/000001|ABCDEFG1',
      'https://example.org',
      'CAS1|26/2026/1|ABCDEFGH',
    ])
      expect(parseQrPayload(bad), bad).toBeNull();
  });

  it('finds a number anywhere in text, in the file-name spellings too, and never inside longer digit runs', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        number,
        fc.string({ maxLength: 40 }),
        fc.constantFrom('/', '-', '_'),
        (before, n, after, sep) => {
          const text = `${before.replace(/\d/g, 'x')} ${n.replaceAll('/', sep)} ${after.replace(/\d/g, 'x')}`;
          expect(findApplicationNumbers(text)).toEqual([n]);
        },
      ),
    );
    expect(findApplicationNumbers('tel. 126/2026/0001234 konto 26/2026/00012345')).toEqual([]);
    expect(findApplicationNumbers('Wniosek 26/2026/000123 i 26-2026-000123 oraz 14_2026_000001.pdf')).toEqual([
      '26/2026/000123',
      '14/2026/000001',
    ]);
  });
});

describe('decideMatch', () => {
  const open = (n: string, over: Partial<OpenApplication> = {}): OpenApplication => ({
    applicationId: `id-${n}`,
    number: n,
    voivodeship: '26',
    verificationCode: 'ABCDEFGH',
    applicantEmail: 'a@example.org',
    status: 'open',
    ...over,
  });
  const apps = new Map([
    ['26/2026/000001', open('26/2026/000001')],
    ['26/2026/000002', open('26/2026/000002', { status: 'closed', closedReason: 'approved' })],
    ['14/2026/000003', open('14/2026/000003', { voivodeship: '14' })],
  ]);
  const find = (n: string) => Promise.resolve(apps.get(n) ?? null);
  const decide = (qr: { number: string; code: string }[], texts: string[] = []) => decideMatch({ voivodeship: '26', qr, texts }, find);

  it('QR with the right code: matched, verified', async () => {
    expect(await decide([{ number: '26/2026/000001', code: 'ABCDEFGH' }])).toMatchObject({
      status: 'matched',
      matchedBy: 'qr',
      verified: true,
    });
  });
  it('QR with a wrong code: code-mismatch, not rescued by the number in the text', async () => {
    expect(await decide([{ number: '26/2026/000001', code: 'AAAAAAAA' }], ['26/2026/000001'])).toMatchObject({
      status: 'unmatched',
      reason: UNMATCHED.codeMismatch,
    });
  });
  it('number in text only: matched unverified; closed, unknown, other voivodeship: unmatched with that reason', async () => {
    expect(await decide([], ['re: 26/2026/000001'])).toMatchObject({ status: 'matched', matchedBy: 'text', verified: false });
    expect(await decide([], ['26/2026/000002'])).toMatchObject({ status: 'unmatched', reason: UNMATCHED.notOpen });
    expect(await decide([], ['26/2026/999999'])).toMatchObject({ status: 'unmatched', reason: UNMATCHED.unknownNumber });
    expect(await decide([{ number: '14/2026/000003', code: 'ABCDEFGH' }])).toMatchObject({
      status: 'unmatched',
      reason: UNMATCHED.notRelated,
    });
    expect(await decide([], ['nic tu nie ma'])).toMatchObject({ status: 'unmatched', reason: UNMATCHED.noCode });
  });
  it('a closed application named first does not hide an open one named later', async () => {
    expect(await decide([], ['26/2026/000002, poprawiony: 26/2026/000001'])).toMatchObject({
      status: 'matched',
      application: { number: '26/2026/000001' },
    });
  });
});

describe('detectFileType', () => {
  it('goes by magic bytes only', () => {
    expect(detectFileType(Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(detectFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(detectFileType(Buffer.from([0x49, 0x49, 0x2a, 0x00]))).toBe('image/tiff');
    expect(detectFileType(Buffer.from([0x4d, 0x4d, 0x00, 0x2a]))).toBe('image/tiff');
    expect(detectFileType(Buffer.from('PK\x03\x04', 'latin1'))).toBe('application/zip');
    expect(detectFileType(Buffer.from('%PD'))).toBeNull();
    expect(detectFileType(Buffer.from('GIF89a'))).toBeNull();
  });
});
