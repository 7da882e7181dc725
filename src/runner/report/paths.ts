// Where the HTML report's pieces live. The Allure results and the report are the current run's files
// (inside the report directory); the history spans runs, so it lives outside it (the nightly workflow
// caches it between nights): one file per profile and target, in .allure-history/ in the working
// directory (the repository under npm test; the user's folder, never the installed package, under
// arm-contract test) unless ARM_REPORT_HISTORY names another folder. Keyed so that nights of one
// target never show in the report of another: a local run against the sandbox is not "night #1" of
// the live target's trend.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

/** Environment variable naming the history folder (one JSON Lines file per profile and target). */
export const HISTORY_ENV = 'ARM_REPORT_HISTORY';
/** Nights the report shows. */
export const HISTORY_LIMIT = 30;

export const allureResultsDir = (reportDir: string) => join(reportDir, 'allure-results');
export const htmlReportDir = (reportDir: string) => join(reportDir, 'html');

/** What a history belongs to: the profile's name and the target's origin, as summary.json says them. */
export interface HistoryOwner {
  profile: string;
  /** summary.json's target: a URL, or `URL (embedded sandbox)` (src/runner/run.ts). */
  target: string;
}

/** The target a history is kept for: the embedded sandbox (whatever port it got), else the URL's origin. */
export function targetOrigin(target: string): string {
  if (target.endsWith('(embedded sandbox)')) return 'embedded sandbox';
  try {
    return new URL(target).origin;
  } catch {
    return target;
  }
}

/** A readable file name part: lower case, runs of other characters as one dash. */
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/** The report's name and the history's key: `profile @ origin`. */
export const historyKey = (owner: HistoryOwner) => `${owner.profile} @ ${targetOrigin(owner.target)}`;

/** The history file of one profile and target; names that slug alike still differ by a hash of the exact key. */
export function historyPath(owner: HistoryOwner, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env[HISTORY_ENV] || '.allure-history';
  if (dir.endsWith('.jsonl'))
    throw new Error(`${HISTORY_ENV}=${dir}: it names a folder now (one history per profile and target) — drop the file name`);
  const key = historyKey(owner);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return resolve(dir, `${slug(owner.profile)}@${slug(targetOrigin(owner.target))}-${hash}.jsonl`);
}
