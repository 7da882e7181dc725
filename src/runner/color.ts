// Colour only on a terminal, or when asked for (--color, FORCE_COLOR); never with --no-color or
// NO_COLOR (https://no-color.org). Decided before vitest loads: its colour library reads the
// environment once, when it is first imported, whatever the config says later — so the entry point
// (scripts/test.ts) calls this before it imports the runner. This module imports nothing.

/** Whether the run's output is coloured; sets NO_COLOR or FORCE_COLOR for every library to agree. */
export function useColor(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const color =
    !argv.includes('--no-color') &&
    !env.NO_COLOR &&
    (argv.includes('--color') || (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') || process.stdout.isTTY === true);
  if (color) delete process.env.NO_COLOR;
  else {
    process.env.NO_COLOR = '1';
    delete process.env.FORCE_COLOR;
  }
  return color;
}
