// The `--report=html` option of `npm test` (scripts/test.ts): the extra vitest reporter, and the
// report built after the run.
import { rmSync } from 'node:fs';
import { buildHtmlReport } from './html.js';
import { allureResultsDir } from './paths.js';

/** Removes `--report=html` from the arguments; any other --report value is refused. */
export function takeReportFlag(argv: string[]): { html: boolean; argv: string[] } {
  const flags = argv.filter((a) => a === '--report' || a.startsWith('--report='));
  const bad = flags.find((a) => a !== '--report=html');
  if (bad) throw new Error(`${bad}: the only report is --report=html`);
  return { html: flags.length > 0, argv: argv.filter((a) => !flags.includes(a)) };
}

/** The reporter entry; clears the previous run's results so that the report shows this run only. */
export function htmlReporterArgs(reportDir: string): string[] {
  rmSync(allureResultsDir(reportDir), { recursive: true, force: true });
  return ['--reporter=./src/report/allure-reporter.ts'];
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
