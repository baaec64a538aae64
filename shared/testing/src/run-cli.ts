import { spawn } from 'node:child_process';

/**
 * Runs a built CLI (`node <script> args…`) and collects its output. Asynchronous on purpose: `spawnSync` would stop
 * this process's event loop for the CLI's whole run, an idle keep-alive socket to a service could then pass the
 * service's 5 s keep-alive timeout unnoticed, and the next request on it would fail ("other side closed").
 */
export function runCli(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
