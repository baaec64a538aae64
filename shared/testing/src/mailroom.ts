import { join } from 'node:path';
import type { Infra } from './infra.js';
import { repoRoot } from './paths.js';
import { runCli } from './run-cli.js';
import { waitFor } from './ports.js';

/** Runs the `mailroom-keys` CLI against the infrastructure (JSON output). */
export function mailroomKeysCli(
  infra: Pick<Infra, 'mongoUrl'>,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runCli(join(repoRoot(), 'services/document-intake/dist/cli/mailroom-keys.js'), args, {
    MONGO_URL: infra.mongoUrl,
    LOG_LEVEL: 'warn',
  });
}

export async function createMailroomKey(
  infra: Pick<Infra, 'mongoUrl'>,
  voivodeship: string,
  name = 'Kancelaria testowa',
): Promise<{ id: string; apiKey: string }> {
  const out = await mailroomKeysCli(infra, ['create', '--voivodeship', voivodeship, '--name', name, '--json']);
  if (out.status !== 0) throw new Error(`mailroom-keys create failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as { id: string; apiKey: string };
}

export interface UploadFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/** The mailroom's upload: multipart with `file` parts and the text fields. */
export function uploadScans(
  base: string,
  apiKey: string | null,
  files: UploadFile[],
  fields: Record<string, string> = { channel: 'epuap' },
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
  return fetch(`${base}/api/v1/scans`, {
    method: 'POST',
    body: form,
    headers: { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...headers },
  });
}

export interface ScanView {
  scanId: string;
  status: string;
  applicationNumber?: string;
  matchedBy?: string;
  verified?: boolean;
  reason?: string;
  duplicateOf?: string;
}

/** Polls `GET /api/v1/scans/:id` until the scan left `queued`. */
export async function settled(base: string, apiKey: string, scanId: string, timeoutMs = 30_000): Promise<ScanView> {
  let view: ScanView | undefined;
  await waitFor(
    `scan ${scanId} decided`,
    async () => {
      const res = await fetch(`${base}/api/v1/scans/${scanId}`, { headers: { authorization: `Bearer ${apiKey}` } });
      view = (await res.json()) as ScanView;
      return res.status === 200 && view.status !== 'queued';
    },
    timeoutMs,
    150,
  );
  return view!;
}
