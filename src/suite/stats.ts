// Transport statistics (requests, retries) of each test file, appended by the workers to a file in
// the report directory and summed by the summary reporter in the main process.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface FileStats { requests: number; retries: number }

export const STATS_FILE = '.transport-stats.jsonl';

export function appendStats(reportDir: string, stats: FileStats): void {
  mkdirSync(reportDir, { recursive: true });
  appendFileSync(join(reportDir, STATS_FILE), JSON.stringify(stats) + '\n');
}

/** Reads and removes the stats file. */
export function takeStats(reportDir: string): { requests: number; retries: number } {
  const path = join(reportDir, STATS_FILE);
  if (!existsSync(path)) return { requests: 0, retries: 0 };
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as FileStats);
  rmSync(path);
  return lines.reduce((a, s) => ({ requests: a.requests + s.requests, retries: a.retries + s.retries }), { requests: 0, retries: 0 });
}
