// npm run check:fast: the quick loop for the common edit: typecheck, lint, spec lint and the unit-level
// self tests (vitest project self-fast); `npm run check` runs the same steps one after the other, plus
// the whole-process tests. tsc uses one CPU for most of the loop's time, so it runs beside the other
// steps instead of before them; its output is held back and printed after theirs, so that nothing
// interleaves. Exit 0 only when every step passed; otherwise the failed steps are named, once.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const VITEST = fileURLToPath(new URL('../node_modules/.bin/vitest', import.meta.url));

interface Step {
  name: string;
  code: number;
  output: string;
}

/** Runs a command; `quiet` keeps its output for later instead of showing it as it comes. */
function run([command, ...args]: string[], quiet: boolean): Promise<Step> {
  const child = spawn(command!, args, {
    stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ name: [command, ...args].join(' '), code: code ?? 1, output })));
}

async function inOrder(commands: string[][]): Promise<Step[]> {
  const done: Step[] = [];
  for (const command of commands) {
    const step = await run(command, false);
    done.push(step);
    if (step.code !== 0) break;
  }
  return done;
}

const typecheck = run(['npm', 'run', 'typecheck'], true);
const rest = await inOrder([
  ['npm', 'run', 'lint'],
  ['npm', 'run', 'lint:spec'],
  [VITEST, 'run', '--project', 'self-fast'],
]);
const tsc = await typecheck;
process.stdout.write(tsc.output);
const failed = [tsc, ...rest].filter((s) => s.code !== 0).map((s) => s.name);
if (failed.length) console.error(`check:fast: failed: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);
