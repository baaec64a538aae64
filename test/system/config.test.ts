import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, SERVICE_NAMES } from '@cas/testing';

describe('configuration is parsed once and every bad key is reported', () => {
  it.each(SERVICE_NAMES)('%s exits 1 naming all bad keys', (service) => {
    const res = spawnSync(process.execPath, [join(repoRoot(), 'services', service, 'dist', 'main.js')], {
      env: { PATH: process.env.PATH, HTTP_PORT: 'not-a-port', LOG_LEVEL: 'chatty', SHUTDOWN_TIMEOUT_MS: '-5' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(res.status).toBe(1);
    for (const key of ['HTTP_PORT', 'LOG_LEVEL', 'SHUTDOWN_TIMEOUT_MS']) expect(res.stderr).toContain(key);
  });

  it('registration refuses production without a verification-code key', () => {
    const res = spawnSync(process.execPath, [join(repoRoot(), 'services', 'registration', 'dist', 'main.js')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('VERIFICATION_CODE_KEY');
  });
});
