import { z } from 'zod';
import { CommonErrors } from '@cas/errors';
import type { Logger } from '@cas/logger';
import type { Office } from '../domain/templates/contact.js';

/** The part of registration's `GET /api/v1/catalogues` (DESIGN §5.2) the e-mails use. */
const cataloguesReply = z.object({
  voivodeships: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      office: z.object({
        name: z.string(),
        epuapBox: z.string().optional(),
        email: z.string().optional(),
        department: z.string().optional(),
      }),
    }),
  ),
});

export interface Voivodeship {
  code: string;
  name: string;
  office: Office;
}

export interface CatalogueClientOptions {
  /** Registration's base URL (the catalogue's owner). */
  registrationUrl: string;
  logger: Logger;
  /** Reload after this long (ms): an office's new ePUAP box reaches the e-mails without a restart. */
  refreshMs?: number;
  timeoutMs?: number;
}

/**
 * The voivodeships and their offices (where the signed forms go), read from registration's public catalogue API
 * and kept in memory. Registration owns the catalogue; notification never copies it. Loaded on first use, so the
 * service starts without registration; while it cannot be read, the e-mails that need it wait (503, the event is
 * redelivered later) rather than go out without the office's address.
 */
export function createCatalogueClient(opts: CatalogueClientOptions) {
  let cached: { at: number; byCode: Map<string, Voivodeship> } | null = null;
  let loading: Promise<Map<string, Voivodeship>> | null = null;

  async function load(): Promise<Map<string, Voivodeship>> {
    const res = await fetch(`${opts.registrationUrl}/api/v1/catalogues`, { signal: AbortSignal.timeout(opts.timeoutMs ?? 3_000) });
    if (!res.ok) throw new Error(`catalogue answered ${res.status}`);
    const parsed = cataloguesReply.parse(await res.json());
    const byCode = new Map(parsed.voivodeships.map((v) => [v.code, v]));
    cached = { at: Date.now(), byCode };
    return byCode;
  }

  async function voivodeships(): Promise<Map<string, Voivodeship>> {
    if (cached && Date.now() - cached.at < (opts.refreshMs ?? 3_600_000)) return cached.byCode;
    loading ??= load().finally(() => {
      loading = null;
    });
    try {
      return await loading;
    } catch (cause) {
      // A stale catalogue beats none: offices change rarely.
      if (cached) {
        opts.logger.warn({ err: cause }, 'catalogue could not be refreshed; using the one loaded before');
        return cached.byCode;
      }
      throw CommonErrors.unavailable('registration catalogue', cause);
    }
  }

  return {
    /** The voivodeship with its office, or null for a code the catalogue does not know. */
    async voivodeship(code: string): Promise<Voivodeship | null> {
      return (await voivodeships()).get(code) ?? null;
    },
  };
}
export type CatalogueClient = ReturnType<typeof createCatalogueClient>;
