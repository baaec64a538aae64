import { Router } from 'express';
import { z } from 'zod';
import { parseBody } from '@cas/http';
import type { Catalogue } from '../domain/catalogue.js';
import type { PublicUnit } from '../store/unit.repository.js';
import { registrationOpenApi } from './openapi.js';

const unitQuery = z.strictObject({
  query: z.string().trim().min(3, 'Wpisz co najmniej 3 znaki: REGON, kod TERYT albo fragment nazwy.').max(100, 'Maksymalnie 100 znaków.'),
});

/** Public, read-only: catalogues, instructional videos, unit search (public fields only), the OpenAPI document. */
export function catalogueRoutes(catalogue: Catalogue, searchUnits: (q: string) => Promise<PublicUnit[]>): Router {
  const router = Router();
  const openapi = registrationOpenApi(catalogue);
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  router.get('/api/v1/catalogues', (_req, res) => {
    res.json(catalogue.toPublic());
  });
  router.get('/api/v1/help/videos', (_req, res) => {
    res.json({ videos: [...catalogue.data.videos].sort((a, b) => a.order - b.order) });
  });
  router.get('/api/v1/units', async (req, res) => {
    const { query } = parseBody(unitQuery, req.query);
    res.json({ units: await searchUnits(query) });
  });
  return router;
}
