import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompactEncrypt, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ConfigError, parseConfig } from '@cas/config';
import { DEV_NOTIFICATION_PRIVATE_JWK, DEV_NOTIFICATION_PUBLIC_JWK, repoRoot } from '@cas/testing';
import { notificationConfigSchema, parseJwePrivateKey } from '../src/config.js';
import { decryptTemporaryPassword, revealMessage, SecretUnreadableError } from '../src/jobs/temporary-password.js';
import { passwordReminderEmail, TEMPORARY_PASSWORD_PLACEHOLDER } from '../src/domain/templates/index.js';

const DEV_PUBLIC_JWK: JWK = DEV_NOTIFICATION_PUBLIC_JWK;

const encryptFor = async (plaintext: string, jwk: JWK, alg = 'ECDH-ES+A256KW', enc = 'A256GCM', extra: Record<string, unknown> = {}) =>
  new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg, enc, ...(jwk.kid ? { kid: jwk.kid } : {}), ...extra })
    .encrypt(await importJWK(jwk, alg));

async function freshKeyPair(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ECDH-ES+A256KW', { crv: 'X25519', extractable: true });
  return { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}

const configError = (env: Record<string, string>) => {
  try {
    parseConfig(notificationConfigSchema, env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('config was accepted');
};

const devKey = () => parseConfig(notificationConfigSchema, {}).NOTIFICATION_JWE_PRIVATE_KEY;

describe('NOTIFICATION_JWE_PRIVATE_KEY', () => {
  it('defaults to the development key outside production, as a KeyObject that never serialises its secret', () => {
    const key = devKey();
    expect(key.asymmetricKeyType).toBe('x25519');
    expect(key.type).toBe('private');
    expect(JSON.stringify({ key })).toBe('{"key":{}}');
  });

  it('is required in production, and the development key is refused there', async () => {
    expect(configError({ NODE_ENV: 'production' }).problems.join('\n')).toMatch(/NOTIFICATION_JWE_PRIVATE_KEY: required in production/);
    const dev = JSON.stringify(DEV_NOTIFICATION_PRIVATE_JWK);
    expect(configError({ NODE_ENV: 'production', NOTIFICATION_JWE_PRIVATE_KEY: dev }).problems.join()).toMatch(/development key/);
    const { privateJwk } = await freshKeyPair();
    const cfg = parseConfig(notificationConfigSchema, { NODE_ENV: 'production', NOTIFICATION_JWE_PRIVATE_KEY: JSON.stringify(privateJwk) });
    expect(cfg.NOTIFICATION_JWE_PRIVATE_KEY.asymmetricKeyType).toBe('x25519');
  });

  it('rejects keys that cannot decrypt, without echoing them', async () => {
    const { privateJwk } = await freshKeyPair();
    const other = (await freshKeyPair()).publicJwk;
    const ed = await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })).privateKey);
    const cases: [string, RegExp][] = [
      ['not json', /not valid JSON/],
      [JSON.stringify(DEV_PUBLIC_JWK), /private X25519 JWK/],
      [JSON.stringify(ed), /private X25519 JWK/],
      [JSON.stringify({ ...privateJwk, x: other.x }), /not the public half/],
      [JSON.stringify({ ...privateJwk, alg: 'RSA-OAEP' }), /"alg" must be/],
      [JSON.stringify({ ...privateJwk, use: 'sig' }), /"use" must be/],
      [JSON.stringify({ ...privateJwk, d: 'AAAA' }), /not a usable/],
    ];
    for (const [value, message] of cases) {
      const problems = configError({ NOTIFICATION_JWE_PRIVATE_KEY: value }).problems.join('\n');
      expect(problems).toMatch(message);
      expect(problems).toContain('NOTIFICATION_JWE_PRIVATE_KEY');
      expect(problems).not.toContain(privateJwk.d);
    }
    expect('key' in parseJwePrivateKey(JSON.stringify(privateJwk))).toBe(true);
  });

  it('a bad key stops the built service with exit 1 naming the key', () => {
    const res = spawnSync(process.execPath, [join(repoRoot(), 'services', 'notification', 'dist', 'main.js')], {
      env: { PATH: process.env.PATH, NOTIFICATION_JWE_PRIVATE_KEY: '{"kty":"oct","k":"c2VjcmV0"}' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('NOTIFICATION_JWE_PRIVATE_KEY');
    expect(res.stderr).not.toContain('c2VjcmV0');
  });
});

describe('decrypting the temporary password', () => {
  it('round-trips with the public JWK registration uses', async () => {
    const jwe = await encryptFor('Zielony-Tymczasowy-42', DEV_PUBLIC_JWK);
    expect(await decryptTemporaryPassword(jwe, devKey())).toBe('Zielony-Tymczasowy-42');
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const withExp = await encryptFor('Zielony-Tymczasowy-42', DEV_PUBLIC_JWK, 'ECDH-ES+A256KW', 'A256GCM', { exp });
    expect(await decryptTemporaryPassword(withExp, devKey())).toBe('Zielony-Tymczasowy-42');
  });

  it('fails with a reason that carries nothing of the token: wrong key, tampering, other algorithms, junk', async () => {
    const other = await freshKeyPair();
    const good = await encryptFor('Zielony-Tymczasowy-42', DEV_PUBLIC_JWK);
    const parts = good.split('.');
    const tampered = [...parts.slice(0, 3), `${parts[3]!.slice(0, -2)}AA`, parts[4]].join('.');
    const cases = [
      await encryptFor('Zielony-Tymczasowy-42', other.publicJwk),
      tampered,
      await encryptFor('Zielony-Tymczasowy-42', DEV_PUBLIC_JWK, 'ECDH-ES', 'A256GCM'),
      await encryptFor('Zielony-Tymczasowy-42', DEV_PUBLIC_JWK, 'ECDH-ES+A256KW', 'A128CBC-HS256'),
      await encryptFor('short', DEV_PUBLIC_JWK),
      await encryptFor('line\nbreak-password', DEV_PUBLIC_JWK),
      await encryptFor('Zielony-Tymczasowy-42', DEV_PUBLIC_JWK, 'ECDH-ES+A256KW', 'A256GCM', { exp: Math.floor(Date.now() / 1000) - 1 }),
      'a.b.c.d.e',
    ];
    for (const jwe of cases) {
      const err = await decryptTemporaryPassword(jwe, devKey()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SecretUnreadableError);
      for (const part of jwe.split('.').filter((p) => p.length > 4)) expect((err as Error).message).not.toContain(part);
    }
  });

  it('reveals a stored reminder e-mail, and leaves e-mails without a secret untouched', async () => {
    const stored = passwordReminderEmail(
      {
        userId: 'u',
        email: 'a@b.c',
        name: { firstName: 'Ala', lastName: 'Kot' },
        encryptedTemporaryPassword: 'x',
        expiresAt: '2027-01-01T00:00:00Z',
      },
      'http://p',
    );
    const secret = await encryptFor('Pw<&>-123456789', DEV_PUBLIC_JWK);
    const shown = await revealMessage({ ...stored, secret }, devKey());
    expect(shown.text).toContain('Pw<&>-123456789');
    expect(shown.html).toContain('Pw&lt;&amp;&gt;-123456789');
    expect(shown).not.toHaveProperty('secret');
    const plain = { subject: 's', text: `t ${TEMPORARY_PASSWORD_PLACEHOLDER}`, html: 'h' };
    expect(await revealMessage(plain, devKey())).toEqual(plain);
  });
});
