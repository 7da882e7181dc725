#!/usr/bin/env node
// The arm-contract command (package.json "bin"): `arm-contract sandbox|token|test [flags]`. sandbox
// and token run the same scripts as `npm run sandbox` and `npm run sandbox:token`, compiled, under
// plain node. test runs the contract suite, which needs vitest and the test tables: those live in a
// checkout of the repository, not in the installed package, so there it says how to get them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { invokedVia } from './args.js';

/** The package root: the nearest folder above this file that holds package.json (src/cli or dist/src/cli). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

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
    summary: 'run the contract suite (from a checkout of the repository; same flags as npm test)',
    async run(args) {
      const root = packageRoot();
      const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
      if (!existsSync(join(root, 'scripts', 'test.ts')) || !existsSync(join(root, 'tests', 'contract')) || !existsSync(tsx)) {
        console.error(
          'arm-contract test: the contract suite runs from a checkout of arm-contract (it needs vitest and the test tables, which the package does not ship): ' +
            'clone the repository, run npm ci, then npm test -- --base-url=URL.',
        );
        return 2;
      }
      // Paths in flags (--profile, --record, --report-dir) are taken relative to the checkout.
      return spawnSync(process.execPath, [tsx, 'scripts/test.ts', ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;
    },
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
