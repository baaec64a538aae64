/**
 * The file types intake accepts, recognised by their first bytes only (DESIGN §7: never by name or declared
 * type). Stored values: do not rename.
 */
export const FILE_TYPES = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
  zip: 'application/zip',
} as const;
export type FileType = (typeof FILE_TYPES)[keyof typeof FILE_TYPES];

const startsWith = (bytes: Uint8Array, sig: readonly number[]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);

export function detectFileType(bytes: Uint8Array): FileType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return FILE_TYPES.pdf; // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return FILE_TYPES.jpeg;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return FILE_TYPES.png;
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return FILE_TYPES.tiff;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return FILE_TYPES.zip;
  return null;
}
