// docs/reference/commands.md: the npm scripts (package.json) and the arm-contract bin's commands,
// each with the --help its own flag table prints (src/cli/commands.ts), so the page cannot drift.
import { readFileSync } from 'node:fs';
import { helpText as binHelp } from '../cli/arm-contract.js';
import { helpText } from '../cli/args.js';
import { COMMANDS } from '../cli/commands.js';
import { renderHelp } from '../runner/options.js';
import { header, table } from './markdown.js';

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

/** What each script is for, in a few words. A script missing here is listed with its command line. */
const PURPOSE: Record<string, string> = {
  test: 'the contract suite, against the embedded sandbox or `--base-url`',
  check: "the project's own tests: typecheck, spec lint, self tests (including the stale-docs check)",
  'check:fast': 'the quick loop: typecheck, spec lint and the unit-level self tests (no whole-suite runs, no pack)',
  typecheck: 'tsc over sources, scripts and tests',
  'lint:spec': 'Redocly lint of openapi/autopostings.yaml',
  generate: 'generated/ from the OpenAPI document (types, rule ids)',
  docs: 'docs/reference/ from the sources (this page among them)',
  faults: 'a fault proxy in front of a sandbox: `-- --fault=NAME`',
  'verify:faults': 'each catalogued fault against the rows of the rules it breaks (--full: the whole suite); fails when one is missed',
  sandbox: 'the embedded sandbox, standalone',
  'sandbox:token': 'a bearer token the sandbox accepts',
  'bench:sandbox': 'benchmark: sandbox against bare node:http',
  'bench:suite': 'benchmark: suite wall time, embedded and behind latency',
  bench: 'both benchmarks',
  'lint:workflows': 'actionlint over .github/workflows',
  drift: 'compare recorded traffic with the document',
  'spec:diff': 'classify the changes between two versions of the document',
  'nightly:matrix': "the nightly workflow's job matrix: one job per profile marked `nightly`",
  'spec:propose': 'edit the document to describe a recording (x-basis: observed), then lint, generate and diff',
  lint: 'Biome: formatting and lint rules over TypeScript and JSON',
  format: 'Biome: apply the formatting and the safe lint fixes',
  report: 'the contract suite with the HTML report (Allure) in reports/html',
  mutate: 'mutation testing of the sandbox (StrykerJS), judged by the contract suite',
  fuzz: 'malformed requests to a fresh sandbox: only 4xx, no hang, ledger unchanged',
  build: 'compile the package to dist/ (tsconfig.build.json)',
  prepare: 'runs build on npm ci, npm install and npm pack',
};

export function renderCommands(): string {
  const scripts = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { scripts: Record<string, string> }).scripts;
  const block = (text: string) => `\`\`\`text\n${text}\n\`\`\``;
  return `${[
    header('Commands', 'package.json and the flag tables in src/cli/commands.ts'),
    '## npm scripts',
    table(
      ['command', 'what it does'],
      Object.entries(scripts).map(([name, line]) => [
        name === 'test' ? '`npm test`' : `\`npm run ${name}\``,
        PURPOSE[name] ?? `\`${line}\``,
      ]),
    ),
    "`npm test` takes the suite's own flags; `npm test -- --help` lists them:",
    block(renderHelp()),
    '## The arm-contract command',
    'Installed with the package (`npm install <tarball or path>`; `npx arm-contract ...` in a checkout after `npm ci`). ' +
      'It runs under plain node. `arm-contract test` is `npm test` from the installed package: the same compiled tables, ' +
      'pre-flight, reports and exit codes, with `--help` as `npm test -- --help`; paths given to its flags (profile, report ' +
      'directory, recording) are taken relative to the working directory, where the reports are written.',
    block(binHelp()),
    ...COMMANDS.filter((c) => c.sub).flatMap((c) => [`### arm-contract ${c.sub} (npm run ${c.npmScript})`, block(helpText(c, 'bin'))]),
    '## Other commands',
    ...COMMANDS.filter((c) => !c.sub).flatMap((c) => [`### npm run ${c.npmScript}`, block(helpText(c))]),
    'Every command prints its usage on `--help` and exits 0; a bad flag prints what is wrong and one usage line, and exits 2.',
  ].join('\n\n')}\n`;
}
