import { z } from 'zod';

/** Voivodeship TERYT code: even numbers 02–32 (DESIGN §2). */
export const voivodeshipCode = z.string().regex(/^(0[2468]|1[02468]|2[02468]|3[02])$/, {
  message: 'Kod województwa musi być parzystą liczbą 02–32.',
});

export const AREA_CODES = ['PS', 'WRiSPZ', 'SR', 'FA', 'KDR', 'OP-3'] as const;
export const areaCode = z.enum(AREA_CODES);
export type AreaCode = z.infer<typeof areaCode>;

export const grant = z.strictObject({
  area: areaCode,
  subArea: z.string().min(1).max(64),
});
export type Grant = z.infer<typeof grant>;

/** Human application number `WW/YYYY/NNNNNN`, e.g. `26/2026/000123`. */
export const applicationNumber = z.string().regex(/^\d{2}\/\d{4}\/\d{6}$/);

export const isoDateTime = z.iso.datetime({ offset: true });
export const id = z.string().min(1).max(64);
export const email = z.string().min(3).max(254);

export const personName = z.strictObject({
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
});

export const SCAN_CHANNELS = ['epuap', 'e-doreczenia', 'email', 'post', 'api', 'hot-folder'] as const;
export const scanChannel = z.enum(SCAN_CHANNELS);
export type ScanChannel = (typeof SCAN_CHANNELS)[number];
