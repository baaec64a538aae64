import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export interface ProcessSpec {
  name: string;
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout+stderr go here (appended), so a failed test can show what a server said. */
  logFile: string;
  /** Resolves once the process is ready to serve. */
  ready: () => Promise<void>;
}

/**
 * Children still running when this process exits — a bench or test that crashed before its cleanup — are
 * killed rather than left behind to load the machine (and the next measurement) until someone notices.
 */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A child process we can start, stop gracefully, kill -9 and restart with the same arguments. */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private log: WriteStream | undefined;
  /** How the last run ended: exit code (null when killed by a signal) and signal. */
  lastExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  /** `spec.env` may be replaced between runs (e.g. to switch a fault point off before a restart). */
  constructor(public spec: ProcessSpec) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    mkdirSync(dirname(this.spec.logFile), { recursive: true });
    this.log = createWriteStream(this.spec.logFile, { flags: 'a' });
    const child = spawn(this.spec.cmd, this.spec.args, {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.lastExit = undefined;
    live.add(child);
    child.once('exit', (code, signal) => {
      this.lastExit = { code, signal };
      live.delete(child);
    });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, sig) =>
        reject(new Error(`${this.spec.name} exited during start (code ${code}, signal ${sig}); see ${this.spec.logFile}`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([this.spec.ready(), exited]);
  }

  /** Resolves when the process has exited (immediately when it is not running). */
  waitExit(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    const exit = this.waitExit();
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await exit;
    clearTimeout(timer);
  }

  /** An abrupt crash: SIGKILL, no cleanup. */
  async kill(): Promise<void> {
    if (!this.running) return;
    const exit = this.waitExit();
    this.child?.kill('SIGKILL');
    await exit;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
