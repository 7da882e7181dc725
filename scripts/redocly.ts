// npm run lint:spec runs Redocly CLI through this: the same command and exit code, with telemetry and
// the update notice off, and without the 11-line "Node.js 20 support is ending" box. Redocly 2.x
// prints that box on every run under Node 20 and offers no flag or variable to turn it off
// (@redocly/cli lib/index.js); this machine and CI have Node 20.20 only. Any other output passes.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REDOCLY = fileURLToPath(new URL('../node_modules/@redocly/cli/lib/index.js', import.meta.url));

/** Passes stderr lines through, holding a ╔…╚ box back and dropping it when it is the Node 20 notice. */
export function dropNodeNotice(lines: AsyncIterable<string>, write: (line: string) => void): Promise<void> {
  return (async () => {
    let box: string[] | undefined;
    let skipBlank = false;
    for await (const line of lines) {
      if (box) {
        box.push(line);
        if (!line.includes('╚')) continue;
        if (box.some((l) => l.includes('Node.js 20'))) skipBlank = true;
        else box.forEach(write);
        box = undefined;
      } else if (line.includes('╔')) box = [line];
      else if (skipBlank && line.trim() === '')
        skipBlank = false; // the blank line the box ends with
      else {
        skipBlank = false;
        write(line);
      }
    }
    box?.forEach(write);
  })();
}

function main(): void {
  const child = spawn(process.execPath, [REDOCLY, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'pipe'],
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  const filtered = dropNodeNotice(createInterface({ input: child.stderr }), (line) => process.stderr.write(`${line}\n`));
  child.on('close', (code, signal) => {
    void filtered.then(() => process.exit(code ?? (signal ? 1 : 0)));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
