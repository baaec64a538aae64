/**
 * Return paths after login (`?powrot=/konto`): only same-origin absolute paths pass, anything else becomes the
 * fallback. The checks are deliberately stricter than needed: a refused path only costs the user a click.
 */
const MAX_LENGTH = 512;
/** The raw value: printable ASCII only (no space, no control characters, no backslash). */
const RAW_ALLOWED = /^[\x21-\x5b\x5d-\x7e]+$/;
/** In any percent-decoded layer: no control characters (C0, DEL, C1), no line/paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const MAX_DECODE_ROUNDS = 3;

/** The value and its successive percent-decodings until stable; null when a layer does not decode. */
function decodedLayers(value: string): string[] | null {
  const layers = [value];
  let current = value;
  for (let round = 0; round < MAX_DECODE_ROUNDS && current.includes('%'); round++) {
    try {
      current = decodeURIComponent(current);
    } catch {
      return null;
    }
    layers.push(current);
  }
  // Still encoded after the last round: too deeply nested to be an honest path.
  return /%[0-9a-f]{2}/i.test(current) ? null : layers;
}

function isSafe(value: string): boolean {
  if (value.length === 0 || value.length > MAX_LENGTH || !RAW_ALLOWED.test(value)) return false;
  if (value[0] !== '/' || value[1] === '/' || value[1] === '\\') return false;
  const layers = decodedLayers(value);
  if (!layers) return false;
  // A decoded `//` or `\` may be decoded again by a proxy or framework: `/%2F%2Fevil` must not become `//evil`.
  return layers.every((layer) => !layer.includes('\\') && !layer.includes('//') && !CONTROL.test(layer));
}

/** `input` when it is a safe same-origin path (e.g. `/konto?x=1`), otherwise `fallback`. */
export function safeReturnPath(input: unknown, fallback = '/konto'): string {
  return typeof input === 'string' && isSafe(input) ? input : fallback;
}
