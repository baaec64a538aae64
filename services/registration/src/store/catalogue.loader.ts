import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { areasFile, Catalogue, unitTypesFile, videosFile, voivodeshipsFile } from '../domain/catalogue.js';

function load<S extends z.ZodType>(dir: string, file: string, schema: S): z.output<S> {
  const path = join(dir, file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`catalogue ${path}: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`catalogue ${path} is invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}

/** Loads and validates every catalogue file; a bad file stops the service at start with the reason. */
export function loadCatalogue(dir: string): Catalogue {
  return new Catalogue({
    voivodeships: load(dir, 'voivodeships.json', voivodeshipsFile).voivodeships,
    areas: load(dir, 'areas.json', areasFile).areas,
    unitTypes: load(dir, 'unit-types.json', unitTypesFile).unitTypes,
    videos: load(dir, 'videos.json', videosFile).videos,
  });
}
