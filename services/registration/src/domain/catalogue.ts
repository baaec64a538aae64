import { z } from 'zod';
import { AREA_CODES } from '@cas/contracts';

/** Catalogues are data (DESIGN §2): JSON files loaded and validated at start, editable without code changes. */
const office = z.strictObject({
  name: z.string().min(1),
  epuapBox: z
    .string()
    .regex(/^\/[^\s/]+\/[^\s/]+$/)
    .optional(),
  email: z.email().optional(),
  department: z.string().min(1).optional(),
});

export const voivodeshipsFile = z.object({
  voivodeships: z
    .array(z.strictObject({ code: z.string().regex(/^(0[2468]|1[02468]|2[02468]|3[02])$/), name: z.string().min(1), office }))
    .length(16)
    .refine((v) => new Set(v.map((x) => x.code)).size === 16, 'voivodeship codes must be unique'),
});

export const areasFile = z.object({
  areas: z
    .array(
      z.strictObject({
        code: z.enum(AREA_CODES),
        name: z.string().min(1),
        subAreas: z.array(z.strictObject({ code: z.string().regex(/^[a-z0-9-]{1,64}$/), name: z.string().min(1) })).min(1),
      }),
    )
    .refine((a) => AREA_CODES.every((c) => a.some((x) => x.code === c)), 'every area of CAS must be present'),
});

export const unitTypesFile = z.object({
  unitTypes: z.array(z.strictObject({ code: z.string().regex(/^[a-z0-9-]{1,64}$/), name: z.string().min(1) })).min(1),
});

export const videosFile = z.object({
  videos: z.array(
    z.strictObject({
      id: z.string().regex(/^[a-z0-9-]{1,64}$/),
      title: z.string().min(1),
      area: z.enum(AREA_CODES).nullable(),
      description: z.string(),
      url: z.url({ protocol: /^https$/ }),
      durationSeconds: z.number().int().positive(),
      order: z.number().int(),
    }),
  ),
});

export type Voivodeship = z.infer<typeof voivodeshipsFile>['voivodeships'][number];
export type Area = z.infer<typeof areasFile>['areas'][number];
export type UnitType = z.infer<typeof unitTypesFile>['unitTypes'][number];
export type Video = z.infer<typeof videosFile>['videos'][number];

export interface CatalogueData {
  voivodeships: Voivodeship[];
  areas: Area[];
  unitTypes: UnitType[];
  videos: Video[];
}

/** Read-only lookups over the loaded catalogues. */
export class Catalogue {
  constructor(readonly data: CatalogueData) {}

  voivodeship(code: string): Voivodeship | undefined {
    return this.data.voivodeships.find((v) => v.code === code);
  }

  area(code: string): Area | undefined {
    return this.data.areas.find((a) => a.code === code);
  }

  subAreaName(area: string, subArea: string): string | undefined {
    return this.area(area)?.subAreas.find((s) => s.code === subArea)?.name;
  }

  unitType(code: string): UnitType | undefined {
    return this.data.unitTypes.find((t) => t.code === code);
  }

  /** Videos grouped for the help page: general ones first, then per area in catalogue order. */
  videosByArea(): { area: Area | null; videos: Video[] }[] {
    const sorted = [...this.data.videos].sort((a, b) => a.order - b.order);
    const groups: { area: Area | null; videos: Video[] }[] = [{ area: null, videos: sorted.filter((v) => v.area === null) }];
    for (const area of this.data.areas) groups.push({ area, videos: sorted.filter((v) => v.area === area.code) });
    return groups.filter((g) => g.videos.length > 0);
  }

  /** The public shape of `GET /api/v1/catalogues` (DESIGN §5.2). */
  toPublic() {
    return {
      voivodeships: this.data.voivodeships.map((v) => ({ code: v.code, name: v.name, office: v.office })),
      areas: this.data.areas.map((a) => ({ code: a.code, name: a.name, subAreas: a.subAreas })),
      unitTypes: this.data.unitTypes,
    };
  }
}
