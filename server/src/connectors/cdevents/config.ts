import { z } from 'zod';

export const cdeventsConfigSchema = z
  .object({
    /** repository ("org/repo") of changes, pipeline/task runs and deployments, when events do not say */
    repo: z.string().trim().min(1).max(512).optional(),
    /** branch of pipeline/task runs (customData.branch) and base branch of changes (customData.baseBranch) when the event does not say */
    branch: z.string().trim().min(1).max(512).default('main'),
  })
  .strict();
export type CdeventsConfig = z.output<typeof cdeventsConfigSchema>;
