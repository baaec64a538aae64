import { z } from 'zod';
import { email, voivodeshipCode } from './common.js';

/** Reply and request bodies of the request/reply subjects in `REQUESTS` (names.ts). */

/** `REQUESTS.voivodeshipAdmins`: no parameters. */
export const voivodeshipAdminsRequest = z.strictObject({});

/** Every active voivodeship administrator with their voivodeship and address. */
export const voivodeshipAdminsReply = z.strictObject({
  admins: z.array(z.strictObject({ voivodeship: voivodeshipCode, login: z.string().min(1).max(64), email })).max(10_000),
});
export type VoivodeshipAdminsReply = z.infer<typeof voivodeshipAdminsReply>;
