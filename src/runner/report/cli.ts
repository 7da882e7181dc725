// The `--report=html` option of `npm test` (src/runner/run.ts): the extra vitest reporter, and the
// report built after the run.
import { rmSync } from 'node:fs';
import ContractAllureReporter from './allure-reporter.js';
import { buildHtmlReport } from './html.js';
import { allureResultsDir } from './paths.js';

/** The reporter of this run's Allure results; clears the previous run's results so that the report shows this run only. */
export function htmlReporter(reportDir: string): ContractAllureReporter {
  rmSync(allureResultsDir(reportDir), { recursive: true, force: true });
  return new ContractAllureReporter();
}

/** Builds the report and says where it is; false (after a one-line reason) when it could not. */
export async function writeHtmlReport(reportDir: string): Promise<boolean> {
  try {
    console.log(`HTML report: ${await buildHtmlReport(reportDir)}`);
    return true;
  } catch (err) {
    console.error(`npm test: the HTML report was not built: ${(err as Error).message}`);
    return false;
  }
}
