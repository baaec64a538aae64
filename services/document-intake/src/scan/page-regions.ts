/**
 * Where the form's QR code is likely to be on a page, so the reader can look there before it searches the
 * whole page (issue #5: "try the likely region first"). Registration prints the code 30 mm wide at the top
 * right of an A4 sheet, under a 15 mm margin; a scanner or a phone moves it by a few millimetres, a skew by a
 * few degrees. A page put in sideways (landscape image) most often comes turned anticlockwise, which takes the
 * top right corner to the top left. Anything else (upside down, turned clockwise, a form on a larger sheet) is
 * left to the whole-page pass that follows.
 */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Share of the page's shorter side (width of a portrait page) and longer side the region spans. */
const ACROSS = 0.5;
const ALONG = 0.3;

export function likelyRegion(width: number, height: number): Region {
  if (width <= height) {
    const w = Math.max(1, Math.round(width * ACROSS));
    return { left: width - w, top: 0, width: w, height: Math.max(1, Math.round(height * ALONG)) };
  }
  return { left: 0, top: 0, width: Math.max(1, Math.round(width * ALONG)), height: Math.max(1, Math.round(height * ACROSS)) };
}

/** The region's pixels out of a decoded greyscale page (one byte a pixel, rows of `width`). */
export function cropGrey(grey: Uint8Array, width: number, r: Region): Uint8Array {
  const out = new Uint8Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) {
    const from = (r.top + y) * width + r.left;
    out.set(grey.subarray(from, from + r.width), y * r.width);
  }
  return out;
}

/**
 * Greyscale (Rec. 601 luma) of interleaved pixels with 1–4 channels. Cheaper in a loop here than libvips'
 * colourspace conversion, which goes through a full colour pipeline.
 */
export function luma(pixels: Uint8Array | Uint8ClampedArray, channels: number): Uint8Array {
  if (channels < 3) {
    if (channels === 1) return pixels instanceof Uint8Array ? pixels : new Uint8Array(pixels);
    const grey = new Uint8Array(pixels.length / channels);
    for (let p = 0, q = 0; p < grey.length; p++, q += channels) grey[p] = pixels[q]!;
    return grey;
  }
  const grey = new Uint8Array(pixels.length / channels);
  for (let p = 0, q = 0; p < grey.length; p++, q += channels) grey[p] = (pixels[q]! * 77 + pixels[q + 1]! * 150 + pixels[q + 2]! * 29) >> 8;
  return grey;
}
