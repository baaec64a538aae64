import { z } from 'zod';
import { baseConfigShape, env } from '@cas/config';

export const intakeConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: env.port(3002),
  MONGO_DB: env.string('cas_intake'),
});

export type IntakeConfig = z.output<typeof intakeConfigSchema>;
