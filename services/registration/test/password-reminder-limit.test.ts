import { describe, expect, it } from 'vitest';
import { passwordReminderUseCase, type PasswordReminderPorts } from '../src/domain/password-reminder.service.js';
import type { User } from '../src/domain/account.js';

/** The use case with fakes for its own ports: a counter standing in for the Redis window, a store that can crash. */
function ports(limit: number, crashes: number) {
  let counted = 0;
  let left = crashes;
  const stored: string[] = [];
  const p: PasswordReminderPorts = {
    findUser: async () => ({ id: 'u1', email: 'a@example.test', firstName: 'A', lastName: 'B', status: 'active' }) as unknown as User,
    accountWithinLimit: async () => counted < limit,
    countIssued: async () => {
      counted++;
    },
    hash: async (x) => `hash:${x.length}`,
    encryptForNotification: async () => 'eyJhbGciOiJFQ0RILUVTIn0..aXY.Y2lwaGVy.dGFn',
    setTemporaryPassword: async (id) => {
      if (left-- > 0) throw new Error('killed before the write');
      stored.push(id);
      return true;
    },
    now: () => new Date('2026-12-02T10:00:00Z'),
  };
  return { p, stored, counted: () => counted };
}

describe('Przypomnij hasło: the per-account limit counts issued reminders only', () => {
  it('attempts cut short before the password is stored do not use up the limit', async () => {
    const f = ports(3, 5);
    for (let i = 0; i < 5; i++) await expect(passwordReminderUseCase(f.p, { identifier: 'jan', correlationId: 'c' })).rejects.toThrow();
    expect(f.counted()).toBe(0);
    expect((await passwordReminderUseCase(f.p, { identifier: 'jan', correlationId: 'c' })).outcome).toBe('issued');
    expect(f.stored).toEqual(['u1']);
  });

  it('the limit still holds for issued ones', async () => {
    const f = ports(3, 0);
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push((await passwordReminderUseCase(f.p, { identifier: 'jan', correlationId: 'c' })).outcome);
    expect(outcomes).toEqual(['issued', 'issued', 'issued', 'rate-limited']);
    expect(f.stored).toHaveLength(3);
  });
});
