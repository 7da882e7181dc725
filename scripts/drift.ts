// `npm run drift -- FILE [--out=FILE.md]`: compares a response recording (--record=FILE of the
// suite) with the OpenAPI document. Writes markdown (stdout, or --out) and JSON (next to --out).
// Exit 0 = no drift (notes, e.g. an optional field never sent, do not fail), 1 = drift, 2 = bad input.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCommand, helpText, usageLine } from '../src/cli/args.js';
import { driftCommand } from '../src/cli/commands.js';
import { readRecording } from '../src/recording/format.js';
import { analyseDrift } from '../src/drift/analyse.js';
import { renderJson, renderMarkdown } from '../src/drift/render.js';

export function runDrift(argv: string[]): number {
  const r = readCommand(driftCommand, argv);
  if (r.kind === 'help') {
    console.log(helpText(driftCommand));
    return 0;
  }
  if (r.kind === 'bad') {
    console.error(`drift: ${r.message}\n${usageLine(driftCommand)}`);
    return 2;
  }
  const out = r.values.out;
  const files = r.positionals;
  let report: ReturnType<typeof analyseDrift>;
  try {
    report = analyseDrift(readRecording(files[0]!));
  } catch (err) {
    console.error(`drift: ${(err as Error).message}`);
    return 2;
  }
  const markdown = renderMarkdown(report);
  if (out) {
    writeFileSync(out, markdown);
    writeFileSync(`${out.replace(/\.md$/, '')}.json`, renderJson(report));
    console.log(`drift report: ${out} (${report.drift ? 'drift found' : 'no drift'}${report.notes ? `, ${report.notes} note(s)` : ''})`);
  } else {
    process.stdout.write(markdown);
  }
  return report.drift ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = runDrift(process.argv.slice(2));
}
