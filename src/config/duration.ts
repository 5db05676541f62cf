// Durations in gatehouse.yaml: milliseconds as a number, or a string with a unit ("250ms", "30s", "2m").
import { z } from 'zod';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;

export function parseDuration(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = DURATION.exec(value.trim());
  return Math.round(Number(match?.[1]) * (UNIT_MS[match?.[2] ?? 'ms'] ?? 1));
}

/** A duration option; the parsed config holds milliseconds. */
export const duration = z
  .union([z.number().int().min(0), z.string().regex(DURATION, 'a duration like 500, "250ms", "30s" or "2m"')])
  .transform(parseDuration);
