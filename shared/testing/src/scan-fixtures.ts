import { deflateSync } from 'node:zlib';
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import QRCode from 'qrcode';

/** A4 in millimetres, and the form's QR code size (registration prints it at 32 mm). */
const A4 = { w: 210, h: 297 };
const QR_MM = 32;

export interface Degradation {
  dpi?: number;
  /** Degrees; small skew (±5) or a page put in sideways (90, 180, 270). */
  rotate?: number;
  blur?: number;
  /** Standard deviation of Gaussian noise added to every pixel (0–255 scale). */
  noise?: number;
  format?: 'jpeg' | 'png' | 'tiff-g4' | 'tiff';
  quality?: number;
  grey?: boolean;
  /** Photo-like perspective: the page shrinks towards its top edge by this fraction. */
  perspective?: number;
}

/** A clean A4 page at `dpi` with "text" bars and, when given, the form's QR code at the top right (PNG). */
export async function syntheticPage(payload: string | null, dpi = 200): Promise<Buffer> {
  const px = (mm: number) => Math.round((mm / 25.4) * dpi);
  const width = px(A4.w);
  const height = px(A4.h);
  const layers: OverlayOptions[] = [
    // Some "text": dark bars where the form has its tables, so the reader sees more than a white page.
    ...Array.from({ length: 28 }, (_, i) => ({
      input: { create: { width: px(120 + ((i * 37) % 50)), height: Math.max(2, px(2.2)), channels: 3 as const, background: '#222' } },
      left: px(20),
      top: px(70 + i * 7),
    })),
  ];
  if (payload) {
    const qr = await QRCode.toBuffer(payload, { margin: 4, width: px(QR_MM), errorCorrectionLevel: 'M' });
    layers.push({ input: qr, left: width - px(20) - px(QR_MM), top: px(15) });
  }
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png()
    .toBuffer();
}

/** A scanned A4 page with the form's QR code at the top right (where registration prints it), degraded. */
export async function scannedPage(payload: string | null, d: Degradation = {}): Promise<Buffer> {
  return degrade(await syntheticPage(payload, d.dpi ?? 200), d);
}

/**
 * A page image (any format sharp reads) made to look scanned or photographed: perspective, rotation, blur,
 * noise, greyscale or black-and-white, and the output format and quality. `d.dpi` is ignored here (the input
 * has its resolution already).
 */
export async function degrade(page: Buffer, d: Degradation = {}): Promise<Buffer> {
  let raw = await sharp(page).flatten({ background: '#ffffff' }).removeAlpha().png().toBuffer();
  const { width = 0, height = 0 } = await sharp(raw).metadata();
  let img: Sharp;
  if (d.perspective) {
    // Approximate a phone photo: squeeze the top, keep the bottom, by resizing horizontal strips.
    const strips = 16;
    const h = Math.floor(height / strips);
    const parts: OverlayOptions[] = [];
    for (let s = 0; s < strips; s++) {
      const scale = 1 - d.perspective * (1 - s / (strips - 1));
      const w = Math.round(width * scale);
      const strip = await sharp(raw)
        .extract({ left: 0, top: s * h, width, height: h })
        .resize(w, h, { fit: 'fill' })
        .toBuffer();
      parts.push({ input: strip, left: Math.round((width - w) / 2), top: s * h });
    }
    raw = await sharp({ create: { width, height, channels: 3, background: '#f4f4f4' } })
      .composite(parts)
      .png()
      .toBuffer();
  }
  img = sharp(raw);
  if (d.rotate) img = sharp(await img.rotate(d.rotate, { background: '#ffffff' }).png().toBuffer());
  if (d.blur) img = img.blur(d.blur);
  if (d.noise) {
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + gaussian() * d.noise));
    img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  }
  if (d.grey || d.format === 'tiff-g4') img = img.greyscale();
  switch (d.format ?? 'jpeg') {
    case 'png':
      return img.png().toBuffer();
    case 'tiff':
      return img.tiff({ compression: 'lzw' }).toBuffer();
    case 'tiff-g4':
      return sharp(await img.png().toBuffer())
        .removeAlpha()
        .greyscale()
        .threshold(140)
        .toColourspace('b-w')
        .tiff({ compression: 'ccittfax4', bitdepth: 1 })
        .toBuffer();
    default:
      return img.jpeg({ quality: d.quality ?? 80 }).toBuffer();
  }
}

let spare: number | null = null;
function gaussian(): number {
  if (spare !== null) {
    const s = spare;
    spare = null;
    return s;
  }
  const u = 1 - Math.random();
  const v = Math.random();
  const r = Math.sqrt(-2 * Math.log(u));
  spare = r * Math.sin(2 * Math.PI * v);
  return r * Math.cos(2 * Math.PI * v);
}

/** A multi-page TIFF (greyscale, LZW) from single pages of the same size. */
export async function multiPageTiff(pages: Buffer[]): Promise<Buffer> {
  return sharp(pages, { join: { animated: true } })
    .greyscale()
    .tiff({ compression: 'lzw' })
    .toBuffer();
}

interface PdfPage {
  jpeg?: Buffer;
  /** An image stored losslessly as greyscale pixels (`/FlateDecode`), as a PDF printed rather than scanned holds it: no JPEG to lift out, so the page must be rendered. */
  flate?: Buffer;
  text?: string;
}

/**
 * A minimal PDF as a scanner writes it: one JPEG per page, drawn over the whole A4 page (`/DCTDecode`), and
 * optionally a line of text. `extra` goes into the catalogue (e.g. `/OpenAction` with JavaScript).
 */
export async function scannerPdf(pages: PdfPage[], opts: { catalogExtra?: string; trailerExtra?: string } = {}): Promise<Buffer> {
  const objects: (string | Buffer)[][] = [];
  const add = (parts: (string | Buffer)[]) => objects.push(parts); // the object's number: its index + 1
  add([`<< /Type /Catalog /Pages 2 0 R ${opts.catalogExtra ?? ''} >>`]);
  add(['placeholder']);
  add(['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>']);
  const kids: number[] = [];
  for (const page of pages) {
    let resources = '/Font << /F1 3 0 R >>';
    let content = '';
    if (page.jpeg) {
      const meta = await sharp(page.jpeg).metadata();
      const image = add([
        `<< /Type /XObject /Subtype /Image /Width ${meta.width} /Height ${meta.height} /ColorSpace /${meta.channels === 1 ? 'DeviceGray' : 'DeviceRGB'} /BitsPerComponent 8 /Filter /DCTDecode /Length ${page.jpeg.length} >>\nstream\n`,
        page.jpeg,
        '\nendstream',
      ]);
      resources += ` /XObject << /Im0 ${image} 0 R >>`;
      content += 'q 595 0 0 842 0 0 cm /Im0 Do Q\n';
    } else if (page.flate) {
      const { data, info } = await sharp(page.flate).greyscale().raw().toBuffer({ resolveWithObject: true });
      const pixels = deflateSync(data);
      const image = add([
        `<< /Type /XObject /Subtype /Image /Width ${info.width} /Height ${info.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${pixels.length} >>\nstream\n`,
        pixels,
        '\nendstream',
      ]);
      resources += ` /XObject << /Im0 ${image} 0 R >>`;
      content += 'q 595 0 0 842 0 0 cm /Im0 Do Q\n';
    }
    if (page.text) content += `BT /F1 11 Tf 40 20 Td (${page.text.replace(/[()\\]/g, '\\$&')}) Tj ET\n`;
    const stream = add([`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`]);
    kids.push(add([`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << ${resources} >> /Contents ${stream} 0 R >>`]));
  }
  objects[1] = [`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`];
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((parts, i) => {
    offsets.push(offset);
    const body = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)),
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    chunks.push(body);
    offset += body.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  chunks.push(
    Buffer.from(
      `${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${opts.trailerExtra ?? ''} >>\nstartxref\n${offset}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(chunks);
}
