/**
 * Crash injection for fault tests: when the env var CAS_FAULT_POINTS names this point, the process kills
 * itself with SIGKILL right here (no cleanup, as a power cut would). Disabled when NODE_ENV=production.
 * Points are named `<area>.<moment>`, e.g. `outbox.after-publish`.
 */
const active = new Set(
  process.env.NODE_ENV === 'production'
    ? []
    : (process.env.CAS_FAULT_POINTS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
);

export function faultPoint(name: string): void {
  if (active.has(name)) {
    process.stderr.write(`fault point ${name} reached: SIGKILL\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
