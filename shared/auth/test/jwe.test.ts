import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { decryptWith, encryptFor, generateEncryptionKeyPair } from '../src/index.js';
import { rejection } from './support.js';

const COMPACT_JWE = /^[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*){4}$/;
const PASSWORD = 'Tymczasowe-Hasło-Żółw-42';

const expectInvalid = async (promise: Promise<unknown>) => {
  const error = await rejection(promise);
  expect(error.code).toBe('AUTH.JWE_INVALID');
  expect(error.message).not.toContain(PASSWORD);
};

describe('JWE for the temporary password', () => {
  it('generates an X25519 pair with a shared kid', async () => {
    const pair = await generateEncryptionKeyPair();
    expect(pair.kid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(pair.publicJwk).toMatchObject({ kty: 'OKP', crv: 'X25519', kid: pair.kid, alg: 'ECDH-ES+A256KW', use: 'enc' });
    expect(pair.publicJwk).not.toHaveProperty('d');
    expect(pair.privateJwk).toMatchObject({ kty: 'OKP', crv: 'X25519', kid: pair.kid, x: pair.publicJwk.x });
    expect(pair.privateJwk.d).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('round-trips, in compact form with the agreed algorithms and the recipient kid', async () => {
    const { publicJwk, privateJwk, kid } = await generateEncryptionKeyPair();
    const jwe = await encryptFor(publicJwk, PASSWORD);
    expect(jwe).toMatch(COMPACT_JWE);
    expect(jwe).not.toContain(PASSWORD);
    expect(decodeProtectedHeader(jwe)).toMatchObject({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid });
    expect(await decryptWith(privateJwk, jwe)).toBe(PASSWORD);
    expect(await encryptFor(publicJwk, PASSWORD)).not.toBe(jwe);
  });

  it('fails with another private key', async () => {
    const recipient = await generateEncryptionKeyPair();
    const other = await generateEncryptionKeyPair();
    const jwe = await encryptFor(recipient.publicJwk, PASSWORD);
    await expectInvalid(decryptWith(other.privateJwk, jwe));
    // Even when the other key claims the recipient's kid, decryption itself fails.
    await expectInvalid(decryptWith({ ...other.privateJwk, kid: recipient.kid }, jwe));
  });

  it('fails on a tampered ciphertext', async () => {
    const { publicJwk, privateJwk } = await generateEncryptionKeyPair();
    const parts = (await encryptFor(publicJwk, PASSWORD)).split('.');
    const ciphertext = Buffer.from(parts[3]!, 'base64url');
    ciphertext[0] = ciphertext[0]! ^ 0x01;
    parts[3] = ciphertext.toString('base64url');
    await expectInvalid(decryptWith(privateJwk, parts.join('.')));
  });

  it('honours expiresAt', async () => {
    const { publicJwk, privateJwk } = await generateEncryptionKeyPair();
    const expiresAt = new Date('2030-01-01T00:10:00Z');
    const jwe = await encryptFor(publicJwk, PASSWORD, { expiresAt });
    expect(decodeProtectedHeader(jwe).exp).toBe(Math.floor(expiresAt.getTime() / 1000));
    expect(await decryptWith(privateJwk, jwe, { now: new Date('2030-01-01T00:09:59Z') })).toBe(PASSWORD);
    await expectInvalid(decryptWith(privateJwk, jwe, { now: new Date('2030-01-01T00:10:00Z') }));
  });

  it('refuses to encrypt to a private key or a key without kid', async () => {
    const { publicJwk, privateJwk } = await generateEncryptionKeyPair();
    await expect(encryptFor(privateJwk, PASSWORD)).rejects.toThrow(/public key/);
    const { kid: _kid, ...withoutKid } = publicJwk;
    await expect(encryptFor(withoutKid, PASSWORD)).rejects.toThrow(/kid/);
  });
});
