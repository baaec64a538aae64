import { z } from 'zod';
import { baseConfigShape, env } from '@cas/config';

export const approvalConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: env.port(3003),
  MONGO_DB: env.string('cas_approval'),
});

export type ApprovalConfig = z.output<typeof approvalConfigSchema>;
