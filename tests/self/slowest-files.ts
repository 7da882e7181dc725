// A vitest reporter for `npm run check`: after the run, the self test files that took longest, so that
// the next person sees where the loop's time goes (`vitest run --project self --reporter=default
// --reporter=./tests/self/slowest-files.ts`). Times only printed, never asserted.
import type { Reporter, TestModule } from 'vitest/node';

export interface FileTime {
  file: string;
  /** Importing the file (its module graph) and setting it up, in ms. */
  importMs: number;
  /** Its tests and hooks, in ms. */
  testsMs: number;
}

/** The `count` slowest files, slowest first, as one table to print. */
export function slowestFiles(times: readonly FileTime[], count: number): string {
  const total = (t: FileTime) => t.importMs + t.testsMs;
  const slowest = [...times].sort((a, b) => total(b) - total(a)).slice(0, count);
  if (slowest.length === 0) return '';
  const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(6);
  const lines = slowest.map((t) => `${seconds(total(t))} s ${seconds(t.importMs)} s ${seconds(t.testsMs)} s  ${t.file}`);
  return [`Slowest test files (top ${slowest.length}):`, '   total   import    tests  file', ...lines].join('\n');
}

function timeOf(module: TestModule): FileTime {
  const d = module.diagnostic();
  return {
    file: module.relativeModuleId,
    importMs: d.environmentSetupDuration + d.prepareDuration + d.setupDuration + d.collectDuration,
    testsMs: d.duration,
  };
}

export default class SlowestFiles implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const table = slowestFiles(modules.map(timeOf), 10);
    if (table) console.log(`\n${table}\n`);
  }
}
