// Environments as a matrix: the nightly workflows (ours and the one `arm-contract init` writes) run
// one job per profile under profiles/ marked with a `nightly` key, each in its own GitHub environment,
// with writes on or off, against its target or the embedded sandbox, and with its own history cache
// and artefacts. The matrix is what `nightly-matrix` prints; examples are never run; a broken or
// missing mark fails the night's first job in one line.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import { parse } from 'yaml';
import { nightlyJobs, runNightlyMatrix } from '../../../scripts/nightly-matrix.js';

const dir = mkdtempSync(join(tmpdir(), 'nightly-matrix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A profiles/ folder: the sandbox's, the example, and the example copied as `name` with its `nightly` key replaced. */
function profilesDir(name: string, copies: Record<string, string | undefined>): string {
  const at = join(dir, name);
  mkdirSync(at, { recursive: true });
  copyFileSync('profiles/sandbox.yaml', join(at, 'sandbox.yaml'));
  copyFileSync('profiles/example-live.yaml', join(at, 'example-live.yaml'));
  const example = readFileSync('profiles/example-live.yaml', 'utf8').replace(/^nightly:\n(?: {2}.*\n)+/m, '');
  for (const [file, mark] of Object.entries(copies))
    writeFileSync(join(at, file), mark === undefined ? example : `${example}\nnightly: ${mark}\n`);
  return at;
}

test("the repository's own profiles: the embedded sandbox, writes on (the example is a template, never run)", () => {
  expect(nightlyJobs('profiles')).toEqual([
    { key: 'sandbox', profile: 'profiles/sandbox.yaml', environment: 'sandbox', writes: true, sandbox: true },
  ]);
});

test('one job per marked profile: its environment (default its file name), writes, sandbox or target; unmarked ones are left out', () => {
  const at = profilesDir('team', {
    'live.yaml': '{}',
    'staging.yaml': '{writes: false, environment: stage-eu}',
    'scratch.yaml': undefined,
  });
  expect(nightlyJobs(at)).toEqual([
    { key: 'live', profile: join(at, 'live.yaml'), environment: 'live', writes: true, sandbox: false },
    { key: 'sandbox', profile: join(at, 'sandbox.yaml'), environment: 'sandbox', writes: true, sandbox: true },
    { key: 'staging', profile: join(at, 'staging.yaml'), environment: 'stage-eu', writes: false, sandbox: false },
  ]);
});

test('the command prints the matrix as GitHub reads it; a bad mark, or none, is one line and exit 2', () => {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    expect(runNightlyMatrix(['--dir=profiles'])).toBe(0);
    expect(JSON.parse(out.mock.calls[0]![0] as string)).toEqual({ include: nightlyJobs('profiles') });
    const bad = profilesDir('bad', { 'live.yaml': '{writes: sometimes}' });
    expect(runNightlyMatrix([`--dir=${bad}`])).toBe(2);
    expect(err.mock.calls.at(-1)![0]).toBe(`nightly-matrix: ${join(bad, 'live.yaml')}: nightly.writes: expected true or false`);
    const none = join(dir, 'none');
    mkdirSync(none);
    copyFileSync('profiles/example-live.yaml', join(none, 'example-live.yaml'));
    expect(runNightlyMatrix([`--dir=${none}`])).toBe(2);
    expect(err.mock.calls.at(-1)![0]).toMatch(/no profile in .* is marked for the nightly run — add `nightly: \{\}` to one/);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
});

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string;
  environment?: string;
  env?: Record<string, string>;
  strategy?: { matrix?: string; 'fail-fast'?: boolean };
  steps: Step[];
}

test.each([
  { workflow: '.github/workflows/nightly.yml', matrix: 'npm run --silent nightly:matrix', suite: 'npm test -- "$@"' },
  { workflow: 'templates/arm-contract-nightly.yml', matrix: 'npx arm-contract nightly-matrix', suite: 'npx arm-contract test "$@"' },
])(
  '$workflow: a job per profile from the matrix, each with its own environment, history cache and artefacts',
  ({ workflow, matrix, suite }) => {
    const jobs = (parse(readFileSync(workflow, 'utf8')) as { jobs: Record<string, Job> }).jobs;
    expect(jobs.profiles!.steps.some((s) => s.run?.includes(`matrix=$(${matrix})`))).toBe(true);
    const contract = jobs.contract!;
    expect(contract.needs).toBe('profiles');
    expect(contract.strategy).toEqual({ 'fail-fast': false, matrix: '${{ fromJSON(needs.profiles.outputs.matrix) }}' });
    expect(contract.environment).toBe('${{ matrix.environment }}');
    // The suite would take ARM_BASE_URL as its target: a sandbox job must not get one.
    expect(Object.keys(contract.env ?? {})).not.toContain('ARM_BASE_URL');
    const run = contract.steps.find((s) => s.run?.includes(suite))!;
    expect(run.run).toContain('--no-writes');
    expect(run.run).toContain('--report=html');
    expect(run.env).toMatchObject({ PROFILE: '${{ matrix.profile }}', WRITES: '${{ matrix.writes }}', SANDBOX: '${{ matrix.sandbox }}' });
    // Per profile: the history it restores and saves, and the names of its artefacts.
    const caches = contract.steps.filter((s) => s.uses?.startsWith('actions/cache/'));
    expect(caches).toHaveLength(2);
    for (const c of caches) expect(c.with!.key).toMatch(/-\$\{\{ matrix\.key \}\}-\$\{\{ github\.run_id \}\}$/);
    const artefacts = contract.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(artefacts.length).toBeGreaterThan(0);
    for (const a of artefacts) expect(a.with!.name).toMatch(/-\$\{\{ matrix\.key \}\}$/);
  },
);
