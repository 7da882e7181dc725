// Shared by the benchmarks: percentiles of raw samples, ratio formatting, and the report file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';

/** Nearest-rank percentile of samples sorted ascending (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const pct = (ratio: number): string => `${(ratio * 100).toFixed(0)}%`;
export const times = (ratio: number): string => `${ratio.toFixed(2)}×`;

/** A positive number from the environment, else the default (a typo must not silently run for hours). */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}=${raw}: expected a positive number`);
  return n;
}

/** The machine's state, for the report: ratios on a busy machine say less than on an idle one. */
export function machine(): string {
  return `${cpus().length} CPU(s), load average ${loadavg()[0]!.toFixed(2)} at the end, node ${process.version}`;
}

/** Writes reports/<name> (reports/ is git-ignored) and returns its path. */
export function writeReport(name: string, markdown: string): string {
  const dir = resolve('reports');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, markdown);
  return path;
}
