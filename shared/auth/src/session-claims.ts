import { z } from 'zod';

export const SESSION_ROLES = ['user', 'voivodeship-admin', 'central-admin'] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];

/** What a verified session token says about its holder (the TypeScript-facing shape). */
export type SessionClaims = {
  /** User id. */
  sub: string;
  /** Session id (for revocation and logout). */
  sid: string;
  role: SessionRole;
  /** Two-digit TERYT voivodeship code, or null. */
  voivodeship: string | null;
  unitId: string | null;
  login: string;
  name: string;
  /** Epoch seconds of the password login. */
  authTime: number;
  /** The second factor was passed. */
  mfa: boolean;
  mustChangePassword: boolean;
};

export const sessionClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  sid: z.string().min(1).max(200),
  role: z.enum(SESSION_ROLES),
  voivodeship: z
    .string()
    .regex(/^\d{2}$/)
    .nullable(),
  unitId: z.string().min(1).max(200).nullable(),
  login: z.string().min(1).max(200),
  name: z.string().min(1).max(400),
  authTime: z.number().int().nonnegative(),
  mfa: z.boolean(),
  mustChangePassword: z.boolean(),
}) satisfies z.ZodType<SessionClaims>;

/**
 * The token payload on the wire. Custom claims use short names; `sub`, `sid` and `name` are registered JWT
 * claim names with the same meaning. Mapping: role→`rol`, voivodeship→`voi`, unitId→`uni`, login→`lgn`,
 * authTime→`ath`, mfa→`mfa`, mustChangePassword→`mcp`.
 */
export const sessionPayloadSchema = z.object({
  iss: z.string().min(1),
  aud: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
  nbf: z.number().int().nonnegative().optional(),
  jti: z.string().min(1),
  sub: sessionClaimsSchema.shape.sub,
  sid: sessionClaimsSchema.shape.sid,
  rol: sessionClaimsSchema.shape.role,
  voi: sessionClaimsSchema.shape.voivodeship,
  uni: sessionClaimsSchema.shape.unitId,
  lgn: sessionClaimsSchema.shape.login,
  name: sessionClaimsSchema.shape.name,
  ath: sessionClaimsSchema.shape.authTime,
  mfa: sessionClaimsSchema.shape.mfa,
  mcp: sessionClaimsSchema.shape.mustChangePassword,
});
export type SessionPayload = z.infer<typeof sessionPayloadSchema>;

/** The custom claims of a token (everything but iss/aud/iat/exp/nbf/jti). */
export type SessionWireClaims = Omit<SessionPayload, 'iss' | 'aud' | 'iat' | 'exp' | 'nbf' | 'jti'>;

export const claimsToWire = (c: SessionClaims): SessionWireClaims => ({
  sub: c.sub,
  sid: c.sid,
  rol: c.role,
  voi: c.voivodeship,
  uni: c.unitId,
  lgn: c.login,
  name: c.name,
  ath: c.authTime,
  mfa: c.mfa,
  mcp: c.mustChangePassword,
});

export const claimsFromWire = (p: SessionWireClaims): SessionClaims => ({
  sub: p.sub,
  sid: p.sid,
  role: p.rol,
  voivodeship: p.voi,
  unitId: p.uni,
  login: p.lgn,
  name: p.name,
  authTime: p.ath,
  mfa: p.mfa,
  mustChangePassword: p.mcp,
});
