import type { Job } from "bullmq";
import {
  failureReason,
  isRetryableExportError,
  markExportFailed,
  runExport,
} from "../engine/exports/exports.js";
import { UnrecoverableJobError } from "../engine/kernel/errors.js";
import type { Context } from "../engine/platform/context.js";
import type { JobPayloads } from "../engine/platform/queues.js";

/**
 * Writes the CSV file of the export a job names, reporting `{ rows }` as progress. A database
 * hiccup is retried (the try starts over) while attempts remain; any other failure, or the last
 * attempt's, marks the export `failed` with the reason.
 */
export function exportProcessor(ctx: Context) {
  return async (job: Job<JobPayloads["exports"]>) => {
    try {
      return await runExport(ctx, job.data.exportId, (rows) => job.updateProgress({ rows }));
    } catch (error) {
      const attemptsLeft = job.attemptsMade + 1 < (job.opts.attempts ?? 1);
      if (attemptsLeft && isRetryableExportError(error)) throw error;
      await markExportFailed(ctx, job.data.exportId, error);
      throw new UnrecoverableJobError(failureReason(error));
    }
  };
}
