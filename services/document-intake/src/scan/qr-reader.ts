import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const require = createRequire(import.meta.url);
let ready: Promise<unknown> | undefined;

/** zxing-wasm with its .wasm read from node_modules (by default it would fetch it from a CDN: DESIGN §12). */
function prepare(): Promise<unknown> {
  ready ??= Promise.resolve(
    prepareZXingModule({
      overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer },
      fireImmediately: true,
    }),
  );
  return ready;
}

/** A greyscale image as binary PGM, which zxing's built-in image reader takes without a copy into RGBA. */
export function pgm(grey: Uint8Array, width: number, height: number): Uint8Array {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), grey]);
}

/**
 * QR code texts found in an encoded image (JPEG, PNG, PGM). `tryHarder` and rotation (90°/180°/270°) are on:
 * scans come in any orientation. Throws when the bytes cannot be decoded as an image.
 */
export async function readQrCodes(encodedImage: Uint8Array): Promise<string[]> {
  await prepare();
  const results = await readBarcodes(encodedImage, { formats: ['QRCode'], tryHarder: true, tryRotate: true, maxNumberOfSymbols: 4 });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
