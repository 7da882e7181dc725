// Runs Redocly CLI's `diff` (experimental; pinned @redocly/cli 2.77.x) and returns its JSON report.
// Redocly finds the changes (with $refs resolved into each operation's request and responses) and
// rates each by semver impact; classify.ts judges them for clients of this API.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Redocly CLI's entry (its package's bin/cli.js), resolved as a module from here: the repository's
 * node_modules, or the user's project beside the installed package (it is not a dependency of the
 * package: `arm-contract spec:diff` asks for it in one line).
 */
function redoclyCli(): string {
  let pkg: string;
  try {
    pkg = fileURLToPath(import.meta.resolve('@redocly/cli/package.json'));
  } catch {
    throw new Error('spec:diff needs Redocly CLI, which is not installed: npm install -D @redocly/cli@2.77');
  }
  return join(dirname(pkg), 'bin', 'cli.js');
}

export interface RedoclyLocation {
  file: string;
  pointer: string;
  line?: number;
  col?: number;
  value?: unknown;
}

export interface RedoclyChange {
  /** Where the change shows in an operation, e.g. #/paths/~1clients.../post/responses/200/... */
  path: string;
  typeName: string;
  kind: 'added' | 'removed' | 'modified';
  impact: 'major' | 'minor' | 'patch';
  verdicts: Array<{ ruleId: string; impact: string; message: string }>;
  /** For `modified`: the keyword that changed (enum, type, maxLength, required, ...). */
  property?: string;
  base?: RedoclyLocation;
  revision?: RedoclyLocation;
}

export interface RedoclyDiff {
  changes: RedoclyChange[];
}

export async function redoclyDiff(basePath: string, revisionPath: string): Promise<RedoclyDiff> {
  const cli = redoclyCli();
  const dir = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  const out = join(dir, 'diff.json');
  try {
    // Run outside the project: its redocly.yaml (lint rules) would replace Redocly's diff rules and
    // turn every verdict into `patch`.
    await promisify(execFile)(
      process.execPath,
      [cli, 'diff', resolve(basePath), resolve(revisionPath), '--format=json', '--fail-on=none', `--output=${out}`],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        cwd: dir,
        timeout: 60_000,
      },
    );
    return JSON.parse(readFileSync(out, 'utf8')) as RedoclyDiff;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`redocly diff failed: ${(e.stderr ?? '').trim().split('\n').slice(-5).join(' ') || e.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `redocly lint` of a document with the project's rules (redocly.yaml); the problems, empty when it passes. */
export async function redoclyLint(path: string): Promise<string[]> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  try {
    await promisify(execFile)(
      process.execPath,
      [redoclyCli(), 'lint', resolve(path), `--config=${join(root, 'redocly.yaml')}`, '--format=stylish'],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        cwd: root,
        timeout: 60_000,
      },
    );
    return [];
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    const lines = `${e.stdout ?? ''}\n${e.stderr ?? ''}`
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /error|warning/i.test(l));
    return lines.length > 0 ? lines : [e.message];
  }
}
