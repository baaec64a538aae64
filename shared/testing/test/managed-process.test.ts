import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Running (not gone, not a zombie waiting for init to reap it). */
const isRunning = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe.runIf(process.platform === 'linux')('ManagedProcess', () => {
  it('a process that dies of an unhandled error takes its children with it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'managed-'));
    const module = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'managed-process.js')).href;
    // A parent that starts a long-running child, prints its pid, then crashes before any cleanup.
    const script = `
      const { ManagedProcess } = await import(${JSON.stringify(module)});
      const child = new ManagedProcess({ name: 'sleeper', cmd: 'sleep', args: ['60'], logFile: ${JSON.stringify(join(dir, 'sleep.log'))}, ready: async () => {} });
      await child.start();
      console.log(child.pid);
      Promise.reject(new Error('crash before cleanup'));
      await new Promise((r) => setTimeout(r, 10_000));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('crash before cleanup');
    const pid = Number(run.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    expect(isRunning(pid)).toBe(false);
  });
});
