import busboy from 'busboy';
import type { Request } from 'express';
import { AppError, CommonErrors } from '@cas/errors';

export interface UploadedFile {
  fileName: string;
  declaredType: string;
  bytes: Buffer;
}

export interface MultipartLimits {
  maxFileBytes: number;
  maxFiles: number;
  /** Allowed text fields (any other name is refused) and the longest value accepted. */
  fields: readonly string[];
  maxFieldBytes: number;
}

const tooLarge = (detail: string) => new AppError('INTAKE.UPLOAD_TOO_LARGE', `Przesłane dane są zbyt duże: ${detail}.`, { status: 413 });
const badPart = (field: string, message: string) => CommonErrors.validation([{ field, message }]);

/**
 * Reads a `multipart/form-data` upload into memory within limits: file parts named `file`, the listed text
 * fields once each. Anything over a limit answers 413, anything malformed 400 — the rest of the request is
 * drained, never half-stored.
 */
export function readMultipart(req: Request, limits: MultipartLimits): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
  return new Promise((resolve, reject) => {
    if (!req.is('multipart/form-data')) {
      reject(CommonErrors.unsupportedMediaType('multipart/form-data'));
      return;
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: {
          fileSize: limits.maxFileBytes,
          files: limits.maxFiles,
          fields: limits.fields.length,
          parts: limits.maxFiles + limits.fields.length,
          fieldSize: limits.maxFieldBytes,
          fieldNameSize: 100,
        },
      });
    } catch {
      reject(badPart('body', 'Niepoprawna treść multipart/form-data (brak granicy części).'));
      return;
    }
    const fields: Record<string, string> = {};
    const files: UploadedFile[] = [];
    let failed = false;
    const fail = (e: AppError) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      req.resume(); // drain: the client gets the answer after sending, not a reset connection
      reject(e);
    };
    bb.on('field', (name, value, info) => {
      if (!limits.fields.includes(name)) return fail(badPart(name, 'Nieznane pole formularza.'));
      if (name in fields) return fail(badPart(name, 'Pole podano więcej niż raz.'));
      if (info.valueTruncated) return fail(badPart(name, `Wartość jest za długa (najwyżej ${limits.maxFieldBytes} bajtów).`));
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      // A form that ends inside a file part fails the part's stream too; unhandled, that error kills the process.
      stream.on('error', () => fail(badPart('body', 'Niepoprawna treść multipart/form-data.')));
      if (name !== 'file') {
        stream.resume();
        return fail(badPart(name, 'Pliki przesyła się w częściach o nazwie „file”.'));
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => fail(tooLarge(`plik „${info.filename ?? ''}” przekracza ${limits.maxFileBytes} bajtów`)));
      stream.on('end', () => {
        if (!failed)
          files.push({
            fileName: (info.filename ?? '').slice(0, 255),
            declaredType: info.mimeType.slice(0, 100),
            bytes: Buffer.concat(chunks),
          });
      });
    });
    bb.on('filesLimit', () => fail(tooLarge(`więcej niż ${limits.maxFiles} plików`)));
    bb.on('fieldsLimit', () => fail(badPart('body', 'Za dużo pól formularza.')));
    bb.on('partsLimit', () => fail(tooLarge('za dużo części')));
    bb.on('error', () => fail(badPart('body', 'Niepoprawna treść multipart/form-data.')));
    bb.on('close', () => {
      if (!failed) resolve({ fields, files });
    });
    req.on('aborted', () => fail(new AppError('COMMON.BAD_REQUEST', 'Żądanie zostało przerwane.', { status: 400 })));
    req.pipe(bb);
  });
}
