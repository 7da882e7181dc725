// One way every command reads its flags: node:util parseArgs over a table that also renders the
// command's --help (and docs/reference/commands.md). --help prints usage and exits 0; a bad flag
// prints what is wrong and one usage line, and exits 2 — never a stack trace.
import { parseArgs } from 'node:util';

export interface Flag {
  type: 'string' | 'boolean';
  /** For string flags: what the value is, shown as --flag=VALUE. */
  value?: string;
  default?: string;
  description: string;
}

export interface Command {
  /** The bin's subcommand (`arm-contract <sub>`) and the npm script that runs the same thing. */
  sub: string;
  npmScript: string;
  summary: string;
  flags: Record<string, Flag>;
  /** Extra lines under the flags (examples, notes). */
  notes?: string[];
}

export type Via = 'npm' | 'bin';

/** How a command was started, so its help names the way the user typed it (set by the bin). */
let via: Via = 'npm';
export function invokedVia(v: Via): void {
  via = v;
}

export function programName(cmd: Command, how: Via = via): string {
  return how === 'bin' ? `arm-contract ${cmd.sub}` : `npm run ${cmd.npmScript} --`;
}

function flagSyntax(name: string, flag: Flag): string {
  return flag.type === 'string' ? `--${name}=${flag.value ?? 'VALUE'}` : `--${name}`;
}

export function usageLine(cmd: Command, how: Via = via): string {
  const flags = Object.entries(cmd.flags).map(([name, f]) => `[${flagSyntax(name, f)}]`);
  return `usage: ${[programName(cmd, how), ...flags, '[--help]'].join(' ')}`;
}

export function helpText(cmd: Command, how: Via = via): string {
  const rows = Object.entries(cmd.flags).map(
    ([name, f]) => [flagSyntax(name, f), f.default === undefined ? f.description : `${f.description} (default ${f.default})`] as const,
  );
  rows.push(['--help', 'print this help and exit']);
  const width = Math.max(...rows.map(([s]) => s.length));
  return [
    usageLine(cmd, how),
    '',
    cmd.summary,
    '',
    'options:',
    ...rows.map(([s, d]) => `  ${s.padEnd(width)}  ${d}`),
    ...(cmd.notes?.length ? ['', ...cmd.notes] : []),
  ].join('\n');
}

type Value<F extends Flag> = F['type'] extends 'boolean'
  ? boolean | undefined
  : F extends { default: string }
    ? string
    : string | undefined;
type Values<C extends Command> = { [K in keyof C['flags']]: Value<C['flags'][K]> };

/** Parses argv against the command's table; handles --help and bad flags itself (it exits). */
export function parseCommand<C extends Command>(cmd: C, argv: string[] = process.argv.slice(2)): Values<C> {
  const options: Record<string, { type: 'string' | 'boolean'; default?: string }> = { help: { type: 'boolean' } };
  for (const [name, f] of Object.entries(cmd.flags))
    options[name] = f.default === undefined ? { type: f.type } : { type: f.type, default: f.default };
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    return fail(cmd, (err as Error).message.split('\n')[0]!);
  }
  if (values.help) {
    console.log(helpText(cmd));
    process.exit(0);
  }
  return values as Values<C>;
}

/** A bad value: what is wrong and the usage line on stderr, exit 2. */
export function fail(cmd: Command, message: string): never {
  console.error(`${programName(cmd).replace(/ --$/, '')}: ${message}\n${usageLine(cmd)}`);
  process.exit(2);
}
