// `npm test -- [--base-url=URL] [--profile=FILE] [--no-writes] [--record=FILE] [--report-dir=DIR]
// [--report=html] [vitest args...]`: takes the suite's own flags (vitest 4 refuses unknown ones), passes
// them to the workers as environment variables, and runs `vitest run --project contract` with the JUnit
// and summary reporters (and, with --report=html, the Allure reporter and the HTML report after it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadProfile } from '../src/suite/profile.js';
import { redactFile } from '../src/suite/redact.js';
import { ENV } from '../src/suite/settings.js';
import { htmlReporterArgs, takeReportFlag, writeHtmlReport } from '../src/report/cli.js';

const OWN: Record<string, keyof typeof ENV> = {
  '--base-url': 'baseUrl',
  '--profile': 'profile',
  '--record': 'record',
  '--report-dir': 'reportDir',
  '--timeout-ms': 'timeoutMs',
  '--concurrency': 'concurrency',
};

export function splitArgs(argv: string[]): { env: Record<string, string>; rest: string[] } {
  const env: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-writes') { env[ENV.noWrites] = '1'; continue; }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const key = OWN[name];
    if (!key) { rest.push(arg); continue; }
    const value = inline ?? argv[++i];
    // `--base-url --no-writes` forgot the URL: a flag is never taken as a value.
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new Error(`${name} needs a value`);
    env[ENV[key]] = key === 'profile' || key === 'record' || key === 'reportDir' ? resolve(value) : value;
  }
  return { env, rest };
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof splitArgs>;
  let html: boolean;
  try {
    let argv: string[];
    ({ html, argv } = takeReportFlag(process.argv.slice(2)));
    parsed = splitArgs(argv);
  } catch (err) {
    console.error(`npm test: ${(err as Error).message}`);
    return 2;
  }
  const env = { ...process.env, ...parsed.env };
  const reportDir = resolve(env[ENV.reportDir] ?? 'reports');
  env[ENV.reportDir] = reportDir;
  mkdirSync(reportDir, { recursive: true });
  rmSync(join(reportDir, '.transport-stats.jsonl'), { force: true });
  const vitest = resolve('node_modules/vitest/vitest.mjs');
  const args = [
    vitest, 'run', '--project', 'contract',
    // vitest 4 takes `sequence` from the root config only and drops a project's own (vitest#9645): without
    // this flag the contract tests of a file run one after another despite vitest.config.ts.
    '--sequence.concurrent',
    '--reporter=default', '--reporter=junit', `--outputFile.junit=${join(reportDir, 'junit.xml')}`,
    '--reporter=./src/suite/summary-reporter.ts',
    ...(html ? htmlReporterArgs(reportDir) : []),
    ...parsed.rest,
  ];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  // vitest's JUnit writer is not ours: its file is redacted after the fact (the messages already were).
  try { loadProfile(env[ENV.profile] || undefined); } catch { /* the run has reported a bad profile */ }
  redactFile(join(reportDir, 'junit.xml'));
  if (r.status === 0 || r.status === 1) console.log(`\nreports: ${join(reportDir, 'junit.xml')}, ${join(reportDir, 'summary.md')}`);
  if (html && (r.status === 0 || r.status === 1) && !(await writeHtmlReport(reportDir))) return 2;
  return r.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) main().then((code) => process.exit(code));
