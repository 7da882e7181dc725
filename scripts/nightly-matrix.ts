// `npm run nightly:matrix` (`arm-contract nightly-matrix`): the nightly workflow's job matrix, one
// entry per profile under profiles/ marked with a `nightly` key, as the JSON GitHub Actions reads
// (`strategy.matrix: ${{ fromJSON(...) }}`). Each environment of a team is one job of the CI
// system's matrix, with its own report, history and drift check — no scheduler of ours.
// Exit 0: the matrix on stdout; 2: a profile does not parse, or none is marked (one line each).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommand } from '../src/cli/args.js';
import { nightlyMatrixCommand } from '../src/cli/commands.js';
import { parseProfile } from '../src/runner/profile.js';

/** One job: the profile's file, its GitHub environment, whether it writes, and its target. */
export interface NightlyJob {
  /** The file name without .yaml: the job's name, artefact and history cache key. */
  key: string;
  profile: string;
  environment: string;
  writes: boolean;
  /** Against the embedded sandbox rather than the environment's ARM_BASE_URL. */
  sandbox: boolean;
}

/** The marked profiles of `dir` (examples are templates, never run); a profile that does not parse throws its one line. */
export function nightlyJobs(dir: string): NightlyJob[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('example-'))
    .sort()
    .flatMap((file) => {
      const path = join(dir, file);
      const mark = parseProfile(readFileSync(path, 'utf8'), path).nightly;
      if (!mark) return [];
      const key = basename(file).replace(/\.ya?ml$/, '');
      return [{ key, profile: path, environment: mark.environment ?? key, writes: mark.writes, sandbox: mark.sandbox }];
    });
}

export function runNightlyMatrix(argv: string[]): number {
  const { dir } = parseCommand(nightlyMatrixCommand, argv);
  let jobs: NightlyJob[];
  try {
    jobs = nightlyJobs(dir);
  } catch (err) {
    console.error(`nightly-matrix: ${(err as Error).message}`);
    return 2;
  }
  if (jobs.length === 0) {
    console.error(
      `nightly-matrix: no profile in ${dir}/ is marked for the nightly run — add \`nightly: {}\` to one (docs/reference/profile.md)`,
    );
    return 2;
  }
  console.log(JSON.stringify({ include: jobs }));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = runNightlyMatrix(process.argv.slice(2));
}
