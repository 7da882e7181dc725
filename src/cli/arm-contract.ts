#!/usr/bin/env node
// The arm-contract command (package.json "bin"): `arm-contract <command> [flags]`. sandbox, token,
// drift, spec:diff and nightly-matrix run the same scripts as their npm scripts, compiled, under
// plain node. test runs the contract suite as `npm test` does (scripts/test.ts), from the compiled
// tables the package ships (dist/tests/contract), with paths in flags taken from the working directory.
// init sets up a team's repository (init.ts).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { invokedVia } from './args.js';
import { runInit } from './init.js';
import { packageRoot } from './package-root.js';

const SUBCOMMANDS: Record<string, { summary: string; run(args: string[]): Promise<number | undefined> }> = {
  sandbox: {
    summary: 'start the embedded sandbox (the reference implementation)',
    run: () => import('../../scripts/sandbox.js').then(() => undefined),
  },
  token: {
    summary: 'print a bearer token the sandbox accepts',
    run: () => import('../../scripts/sandbox-token.js').then(() => undefined),
  },
  test: {
    summary: 'run the contract suite (same flags, reports and exit codes as npm test)',
    run: () => import('../../scripts/test.js').then(() => undefined),
  },
  drift: {
    summary: 'compare a response recording (test --record=FILE) with the OpenAPI document',
    run: async (args) => (await import('../../scripts/drift.js')).runDrift(args),
  },
  'spec:diff': {
    summary: 'the changes between two versions of the OpenAPI document, breaking or not (needs @redocly/cli)',
    run: async (args) => (await import('../../scripts/spec-diff.js')).runSpecDiff(args),
  },
  'nightly-matrix': {
    summary: "the nightly workflow's job matrix: one job per profile marked `nightly`",
    run: async (args) => (await import('../../scripts/nightly-matrix.js')).runNightlyMatrix(args),
  },
  init: {
    summary: 'write profiles/live.yaml and a nightly GitHub workflow into this folder (never over a file)',
    run: async (args) => runInit(args),
  },
};

/** `arm-contract 0.1.0 (AutoPostings spec 1.0.0)`: the package and the OpenAPI document it checks against. */
export function versionText(): string {
  const root = packageRoot();
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const spec = [join(root, 'dist', 'openapi', 'autopostings.yaml'), join(root, 'openapi', 'autopostings.yaml')].find((p) => existsSync(p));
  const specVersion =
    spec === undefined ? 'unknown' : String((parse(readFileSync(spec, 'utf8')) as { info?: { version?: unknown } }).info?.version);
  return `arm-contract ${version} (AutoPostings spec ${specVersion})`;
}

export const USAGE = `usage: arm-contract <${Object.keys(SUBCOMMANDS).join('|')}> [flags] (arm-contract <command> --help for its flags; --version)`;

export function helpText(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((s) => s.length));
  return [USAGE, '', 'commands:', ...Object.entries(SUBCOMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number | undefined> {
  const [sub, ...rest] = argv;
  if (sub === undefined) {
    console.error(`arm-contract: which command?\n${USAGE}`);
    return 2;
  }
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(helpText());
    return 0;
  }
  if (sub === '--version' || sub === '-v' || sub === 'version') {
    console.log(versionText());
    return 0;
  }
  const command = SUBCOMMANDS[sub];
  if (!command) {
    console.error(`arm-contract: unknown command '${sub}'\n${USAGE}`);
    return 2;
  }
  invokedVia('bin');
  // The scripts read their flags from process.argv, as they do under npm run: drop the subcommand.
  process.argv.splice(2, 1);
  return command.run(rest);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  const code = await main(process.argv.slice(2));
  if (typeof code === 'number') process.exitCode = code;
}
