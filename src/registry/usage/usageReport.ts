// The body a gateway POSTs to /api/v1/usage: distinct operations, the coordinates each uses, and
// how many times each client ran it since the last report.
import { z } from 'zod';

export const usageReportSchema = z.strictObject({
  operations: z
    .array(
      z.strictObject({
        operationHash: z.string().min(1).max(128),
        operationName: z.string().max(512).default(''),
        clientName: z.string().max(256).default(''),
        clientVersion: z.string().max(256).default(''),
        count: z.number().int().min(1).max(1_000_000_000),
        coordinates: z.array(z.string().min(1).max(1024)).max(10_000),
      }),
    )
    .max(10_000),
});

export type UsageReport = z.input<typeof usageReportSchema>;
export type ReportedOperation = z.output<typeof usageReportSchema>['operations'][number];
