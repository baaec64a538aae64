import { describe, expect, it } from 'vitest';
import { withTimeout } from '../src/index.js';

const pendingTimeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('withTimeout', () => {
  it('gives the result of work that finishes in time, and leaves no timer behind', async () => {
    const before = pendingTimeouts();
    for (let i = 0; i < 100; i++) await expect(withTimeout(Promise.resolve(i), 60_000, 'too slow')).resolves.toBe(i);
    expect(pendingTimeouts() - before).toBe(0);
  });

  it("passes on the work's own failure, and leaves no timer behind", async () => {
    const before = pendingTimeouts();
    await expect(withTimeout(Promise.reject(new Error('refused')), 60_000, 'too slow')).rejects.toThrow('refused');
    expect(pendingTimeouts() - before).toBe(0);
  });

  it('rejects with the message once the time is up', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'Redis add timed out')).rejects.toThrow('Redis add timed out');
  });
});
