// Where the HTML report's pieces live. The Allure results and the report are the current run's files
// (inside the report directory); the history spans runs, so it lives outside it (the nightly workflow
// caches it between nights) unless ARM_REPORT_HISTORY points elsewhere: .allure-history/ in the working
// directory (the repository under npm test; the user's folder, never the installed package, under
// arm-contract test).
import { join, resolve } from 'node:path';

/** Environment variable naming the history file (JSON Lines, one point per run). */
export const HISTORY_ENV = 'ARM_REPORT_HISTORY';
/** Nights the report shows. */
export const HISTORY_LIMIT = 30;

export const allureResultsDir = (reportDir: string) => join(reportDir, 'allure-results');
export const htmlReportDir = (reportDir: string) => join(reportDir, 'html');

export function historyPath(env: NodeJS.ProcessEnv = process.env): string {
  const own = env[HISTORY_ENV];
  return resolve(own || join('.allure-history', 'history.jsonl'));
}
