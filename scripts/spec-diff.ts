// `npm run spec:diff -- OLD.yaml NEW.yaml [--json]`: the changes between two versions of the OpenAPI
// document (found by Redocly CLI's diff), each classified as breaking or not for clients.
// Exit 0 = no breaking change, 1 = a breaking change, 2 = bad input.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fail, parseCommand } from '../src/cli/args.js';
import { specDiffCommand } from '../src/cli/commands.js';
import { classify, type ClassifiedChange } from '../src/specdiff/classify.js';
import { redoclyDiff } from '../src/specdiff/redocly.js';
import { renderChanges } from '../src/specdiff/render.js';

export async function specDiff(base: string, revision: string): Promise<ClassifiedChange[]> {
  return classify((await redoclyDiff(base, revision)).changes);
}

/** The command: exit 0 no breaking change, 1 a breaking one, 2 bad input or no Redocly CLI (one line). */
export async function runSpecDiff(argv: string[]): Promise<number> {
  const { json, positionals: files } = parseCommand(specDiffCommand, argv);
  const missing = files.find((f) => !existsSync(f));
  if (missing) fail(specDiffCommand, `${missing}: no such file`);
  let changes: ClassifiedChange[];
  try {
    changes = await specDiff(files[0]!, files[1]!);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  process.stdout.write(json ? `${JSON.stringify(changes, null, 2)}\n` : renderChanges(changes));
  return changes.some((c) => c.breaking) ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await runSpecDiff(process.argv.slice(2));
}
