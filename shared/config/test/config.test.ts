import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseConfigShape, ConfigError, env, parseConfig } from '../src/index.js';

const schema = z.object({ ...baseConfigShape, HTTP_PORT: env.port(3001), FLAG: env.bool(false) });

describe('parseConfig', () => {
  it('applies defaults and coerces strings', () => {
    const c = parseConfig(schema, { HTTP_PORT: '4000', FLAG: 'yes', NATS_URL: 'nats://a:1, nats://b:2' });
    expect(c.HTTP_PORT).toBe(4000);
    expect(c.FLAG).toBe(true);
    expect(c.NATS_URL).toEqual(['nats://a:1', 'nats://b:2']);
    expect(c.LOG_LEVEL).toBe('info');
  });

  it('reports every bad key at once', () => {
    try {
      parseConfig(schema, { HTTP_PORT: '70000', FLAG: 'maybe', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const keys = (e as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(keys.sort()).toEqual(['FLAG', 'HTTP_PORT', 'LOG_LEVEL']);
    }
  });
});
