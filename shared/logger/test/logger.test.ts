import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, sanitizeCorrelationId, withCorrelation } from '../src/index.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('redacts secrets wherever they appear', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 't', destination });
    log.info(
      {
        password: 'p1',
        user: { password: 'p2', login: 'jan' },
        req: { headers: { authorization: 'Bearer x', cookie: 'sid=y' } },
        data: { encryptedTemporaryPassword: 'jwe' },
      },
      'm',
    );
    const text = JSON.stringify(lines);
    for (const secret of ['p1', 'p2', 'Bearer x', 'sid=y', '"jwe"']) expect(text).not.toContain(secret);
    expect(text).toContain('jan');
  });

  it('stamps the correlation id of the current context on every line', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 't', destination });
    withCorrelation({ correlationId: 'corr-1', causationId: 'ev-1' }, () => log.info('inside'));
    log.info('outside');
    expect(lines[0]).toMatchObject({ service: 't', correlationId: 'corr-1', causationId: 'ev-1', msg: 'inside' });
    expect(lines[1]?.correlationId).toBeUndefined();
  });

  it('accepts only short token-like correlation ids from outside', () => {
    expect(sanitizeCorrelationId('abc-123_x.y')).toBe('abc-123_x.y');
    expect(sanitizeCorrelationId('a\nb')).toBeUndefined();
    expect(sanitizeCorrelationId('x'.repeat(101))).toBeUndefined();
    expect(sanitizeCorrelationId(['a'])).toBeUndefined();
  });
});
