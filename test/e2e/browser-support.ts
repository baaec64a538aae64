/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

export const CHROMIUM = '/usr/bin/chromium';
const require = createRequire(import.meta.url);

/** Debian's Chromium, headless, with the flags this closed network needs (see the machine notes). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core with the WCAG 2.1 A and AA rules; returns the violations (id and the first target of each). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; target: string }[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, target: String(v.nodes[0]?.target[0] ?? '') }));
}

let zxingReady: Promise<unknown> | undefined;

/** Decodes QR codes from an image file's bytes, with zxing-wasm given its .wasm from node_modules (no CDN). */
export async function decodeQr(imageBytes: Uint8Array): Promise<string[]> {
  zxingReady ??= Promise.resolve(
    prepareZXingModule({
      overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer },
      fireImmediately: true,
    }),
  );
  await zxingReady;
  const results = await readBarcodes(imageBytes, { formats: ['QRCode'], tryHarder: true });
  return results.map((r) => r.text);
}

/** pdfinfo's page count and pdftoppm's PNG pages (poppler-utils from Debian). */
export function pdfPages(pdfPath: string): number {
  const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
}

export function rasterise(pdfPath: string, outDir: string, dpi = 200): string[] {
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', pdfPath, join(outDir, 'page')]);
  return readdirSync(outDir)
    .filter((f) => f.startsWith('page') && f.endsWith('.png'))
    .sort()
    .map((f) => join(outDir, f));
}

export const browserToolsPresent = () => existsSync(CHROMIUM) && existsSync('/usr/bin/pdftoppm');
