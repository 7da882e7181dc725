// Where the HTML report's pieces live. The Allure results and the report are the current run's files
// (inside the report directory); the history spans runs, so it lives outside it (the nightly workflow
// caches it between nights) unless ARM_REPORT_HISTORY points elsewhere.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Environment variable naming the history file (JSON Lines, one point per run). */
export const HISTORY_ENV = 'ARM_REPORT_HISTORY';
/** Nights the report shows. */
export const HISTORY_LIMIT = 30;

export const allureResultsDir = (reportDir: string) => join(reportDir, 'allure-results');
export const htmlReportDir = (reportDir: string) => join(reportDir, 'html');

export function historyPath(env: NodeJS.ProcessEnv = process.env): string {
  const own = env[HISTORY_ENV];
  return own ? resolve(own) : join(ROOT, '.allure-history', 'history.jsonl');
}
