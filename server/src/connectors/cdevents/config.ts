import { z } from 'zod';

export const cdeventsConfigSchema = z
  .object({
    /** repository ("org/repo") of pipeline/task runs and deployments, when events do not say */
    repo: z.string().trim().min(1).max(512).optional(),
    /** branch of pipeline/task runs when the event does not say (customData.branch) */
    branch: z.string().trim().min(1).max(512).default('main'),
  })
  .strict();
export type CdeventsConfig = z.output<typeof cdeventsConfigSchema>;
