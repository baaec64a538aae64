import { randomBytes } from 'node:crypto';

/** A random, URL-safe identifier (128 bits, base64url without padding): key ids, token ids. */
export const randomId = (bytes = 16): string => randomBytes(bytes).toString('base64url');
