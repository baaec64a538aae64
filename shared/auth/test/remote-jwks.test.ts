import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  jwksDocument,
  remoteJwks,
  type RemoteJwksOptions,
  type SigningKey,
} from '../src/index.js';
import { AUDIENCE, claims, invalidTokenReason, ISSUER } from './support.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A JWKS endpoint on 127.0.0.1 serving the current ring; counts fetches. */
async function jwksServer(ring: () => SigningKey[], delayMs = 0) {
  const state = { fetches: 0 };
  const server = createServer((req, res) => {
    state.fetches++;
    const reply = () => {
      if (req.url !== '/.well-known/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(jwksDocument(ring())));
    };
    if (delayMs > 0) setTimeout(reply, delayMs);
    else reply();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/.well-known/jwks.json`, state };
}

const setup = async (options: Partial<RemoteJwksOptions> = {}, delayMs = 0) => {
  let ring: SigningKey[] = [await generateSigningKey()];
  const issuer = createTokenIssuer({ keys: () => ring, issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 600 });
  const server = await jwksServer(() => ring, delayMs);
  const verifier = createTokenVerifier({
    jwks: remoteJwks(server.url, { cooldownMs: 0, timeoutMs: 2_000, ...options }),
    issuer: ISSUER,
    audience: AUDIENCE,
  });
  const rotate = async () => {
    ring = [await generateSigningKey(), ...ring];
  };
  const dropOldest = () => {
    ring = ring.slice(0, -1);
  };
  return { issuer, verifier, server, rotate, dropOldest };
};

describe('remoteJwks', () => {
  it('verifies against the served JWKS and picks up a key added by rotation', async () => {
    const { issuer, verifier, server, rotate } = await setup();
    const before = await issuer.issue(claims({ sid: 'before' }));
    await expect(verifier.verify(before)).resolves.toMatchObject({ sid: 'before' });
    await expect(verifier.verify(before)).resolves.toMatchObject({ sid: 'before' });
    expect(server.state.fetches).toBe(1); // cached

    await rotate();
    const after = await issuer.issue(claims({ sid: 'after' }));
    await expect(verifier.verify(after)).resolves.toMatchObject({ sid: 'after' });
    expect(server.state.fetches).toBe(2); // the unknown kid triggered one refetch
    await expect(verifier.verify(before)).resolves.toMatchObject({ sid: 'before' });
  });

  it('stops accepting a dropped key once the cached document is refreshed', async () => {
    const { issuer, verifier, rotate, dropOldest } = await setup({ cacheMaxAgeMs: 0 });
    const old = await issuer.issue(claims());
    await expect(verifier.verify(old)).resolves.toEqual(claims());
    await rotate();
    dropOldest();
    expect(await invalidTokenReason(verifier.verify(old))).toBe('ERR_JWKS_NO_MATCHING_KEY');
  });

  it('fails closed with AUTH.INVALID_TOKEN when the JWKS endpoint does not answer in time', async () => {
    const { issuer, verifier } = await setup({ timeoutMs: 100 }, 1_000);
    const started = Date.now();
    expect(await invalidTokenReason(verifier.verify(await issuer.issue(claims())))).toBe('ERR_JWKS_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(900);
  });
});
