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

/** Positional arguments: how the usage line shows them and how many are allowed. */
export interface Positionals {
  usage: string;
  description: string;
  min: number;
  max: number;
}

export interface Command {
  /** The bin's subcommand (`arm-contract <sub>`), when the bin has one, and the npm script that runs the same thing. */
  sub?: string;
  npmScript: string;
  summary: string;
  flags: Record<string, Flag>;
  args?: Positionals;
  /** Extra lines under the flags (examples, notes). */
  notes?: string[];
}

export type Via = 'npm' | 'bin';

/** How a command was started, so its help names the way the user typed it (set by the bin). */
let via: Via = 'npm';
export function invokedVia(v: Via): void {
  via = v;
}

/** How the contract suite was started, for its usage lines: `npm test --`, or the bin's `arm-contract test`. */
export function suiteCommand(): string {
  return via === 'bin' ? 'arm-contract test' : 'npm test --';
}

export function programName(cmd: Command, how: Via = via): string {
  if (cmd.npmScript === 'test') return 'npm test --';
  return how === 'bin' && cmd.sub ? `arm-contract ${cmd.sub}` : `npm run ${cmd.npmScript} --`;
}

function flagSyntax(name: string, flag: Flag): string {
  return flag.type === 'string' ? `--${name}=${flag.value ?? 'VALUE'}` : `--${name}`;
}

export function usageLine(cmd: Command, how: Via = via): string {
  const flags = Object.entries(cmd.flags).map(([name, f]) => `[${flagSyntax(name, f)}]`);
  const args = cmd.args ? [cmd.args.min > 0 ? cmd.args.usage : `[${cmd.args.usage}]`] : [];
  return `usage: ${[programName(cmd, how), ...flags, '[--help]', ...args].join(' ')}`;
}

export function helpText(cmd: Command, how: Via = via): string {
  const rows = Object.entries(cmd.flags).map(
    ([name, f]) => [flagSyntax(name, f), f.default === undefined ? f.description : `${f.description} (default ${f.default})`] as const,
  );
  rows.push(['--help', 'print this help and exit']);
  if (cmd.args) rows.push([cmd.args.usage, cmd.args.description]);
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

/** What argv says, against the command's table: its values and positionals, a request for help, or what is wrong. */
export type Reading<C extends Command> =
  | { kind: 'run'; values: Values<C>; positionals: string[] }
  | { kind: 'help' }
  | { kind: 'bad'; message: string };

export function readCommand<C extends Command>(cmd: C, argv: readonly string[]): Reading<C> {
  const options: Record<string, { type: 'string' | 'boolean'; default?: string }> = { help: { type: 'boolean' } };
  for (const [name, f] of Object.entries(cmd.flags))
    options[name] = f.default === undefined ? { type: f.type } : { type: f.type, default: f.default };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: cmd.args !== undefined });
  } catch (err) {
    return { kind: 'bad', message: (err as Error).message.split('\n')[0]! };
  }
  if (parsed.values.help) return { kind: 'help' };
  const n = parsed.positionals.length;
  if (cmd.args && (n < cmd.args.min || n > cmd.args.max)) {
    const want = cmd.args.min === cmd.args.max ? `${cmd.args.min}` : `${cmd.args.min} to ${cmd.args.max}`;
    return { kind: 'bad', message: `expected ${want} argument(s) (${cmd.args.usage}), got ${n}` };
  }
  return { kind: 'run', values: parsed.values as Values<C>, positionals: parsed.positionals };
}

/** Parses argv against the command's table; handles --help and bad flags itself (it exits). */
export function parseCommand<C extends Command>(cmd: C, argv: string[] = process.argv.slice(2)): Values<C> & { positionals: string[] } {
  const r = readCommand(cmd, argv);
  if (r.kind === 'bad') return fail(cmd, r.message);
  if (r.kind === 'help') {
    console.log(helpText(cmd));
    process.exit(0);
  }
  return { ...r.values, positionals: r.positionals };
}

/** A bad value: what is wrong and the usage line on stderr, exit 2. */
export function fail(cmd: Command, message: string): never {
  console.error(`${programName(cmd).replace(/ --$/, '')}: ${message}\n${usageLine(cmd)}`);
  process.exit(2);
}
