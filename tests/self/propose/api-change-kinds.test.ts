// The API-change procedure of docs/api-change.md against an implementation changed in each way
// (changed-targets.ts), one partial suite run each: the suite's causes name the change; drift names
// it; spec:propose writes only observed, compatible edits and exits 1 listing the breaches of the
// published contract; accepted anyway, spec:diff rates replaced answers and type changes breaking;
// after the proposal the recording has no drift left, and the suite judged by the written document
// (--spec, a few rows) no longer reports the change. The oracle's own change stops the run in the
// pre-flight (exit 2, one line), which records the read-backs spec:propose works from; with the
// profile set as it says and judged by its document, the run passes.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACCEPT_FLAG, runPropose, type ProposeRun } from '../../../scripts/spec-propose.js';
import { specDiff } from '../../../scripts/spec-diff.js';
import { analyseDrift } from '../../../src/drift/analyse.js';
import { startFaultProxy, type RunningFaultProxy } from '../../../src/faults/proxy.js';
import { loadSpec, SPEC_PATH } from '../../../src/openapi/document.js';
import { createValidators } from '../../../src/openapi/validators.js';
import { readRecording } from '../../../src/recording/format.js';
import type { ClassifiedChange } from '../../../src/specdiff/classify.js';
import { readSummary, runSuite, type SuiteRun, tempDir, writeProfile } from '../runner/run-suite.js';
import { CHANGED_TARGETS, type ChangedTarget, type ChangeKind } from './changed-targets.js';

const POST_RESPONSES = '/paths/~1clients~1{clientno}~1autopostings~1{autopostingmethod}/post/responses';

interface Expected {
  /** The suite's causes: `RULE basis` each, and a word of the change every one of them names. */
  causes: string[];
  names: string;
  /** The drift findings (`kind field`). */
  drift: string[];
  /** spec:propose's exit code and the edits it writes (`kind pointer`), without the flag. */
  code: 0 | 1;
  written: string[];
  /** The breaches it lists (`rule kind pointer`; no edit: `rule -`). */
  breaches: string[];
  /** How spec:diff rates the change once written (accepted, for a breach): kind and breaking. */
  diff?: { kind: string; breaking: boolean };
  /**
   * The causes of the run judged by the written document (`RULE basis`): never the change's own; what
   * is left are the rules that still speak of the old behaviour, which change only if the page does.
   */
  after?: string[];
}

const EXPECTED: Record<Exclude<ChangeKind, 'the oracle changed'>, Expected> = {
  added: {
    causes: ['RESPONSE-SCHEMA assumed'],
    names: 'batchId',
    drift: ['undeclared-field /batchId'],
    code: 0,
    written: ['property added /components/schemas/AutoPostingSuccess/properties/batchId'],
    breaches: [],
    diff: { kind: 'response field added', breaking: false },
  },
  removed: {
    causes: ['RESPONSE-SCHEMA documented'],
    names: 'message',
    drift: ['never-sent /message'],
    code: 1,
    written: [],
    breaches: ['RESPONSE-SCHEMA -'],
  },
  'type changed': {
    causes: ['RESPONSE-SCHEMA documented'],
    names: 'clientNo',
    drift: ['type /clientNo'],
    code: 1,
    written: [],
    breaches: ['RESPONSE-SCHEMA type widened /components/schemas/AutoPostingSuccess/properties/clientNo'],
    diff: { kind: 'response type changed', breaking: true },
    after: ['CLIENTNO-ECHO assumed'],
  },
  renamed: {
    // One cause naming both fields, as spec:propose names one change.
    causes: ['RESPONSE-SCHEMA documented'],
    names: 'ostings',
    drift: ['never-sent /autoPostings', 'undeclared-field /postings'],
    code: 1,
    written: [],
    breaches: ['RESPONSE-SCHEMA property renamed /components/schemas/AutoPostingSuccess/properties/postings'],
    diff: { kind: 'response field became optional', breaking: true },
    after: ['RESULTS-ORDER assumed', 'RESULTS-ORDER assumed'],
  },
  'status replaced': {
    causes: ['DOCUMENTED-STATUS documented'],
    names: '422',
    drift: ['undocumented-status '],
    code: 1,
    written: [],
    breaches: [`DOCUMENTED-STATUS status replaced ${POST_RESPONSES}/422`],
    diff: { kind: 'status 400 replaced by 422', breaking: true },
    after: ['MALFORMED-400 documented', 'MALFORMED-400 assumed'],
  },
  'status added': {
    causes: ['DOCUMENTED-STATUS documented'],
    names: '409',
    drift: ['undocumented-status '],
    code: 1,
    written: [],
    breaches: [`DOCUMENTED-STATUS status added ${POST_RESPONSES}/409`],
    diff: { kind: 'status 409 added', breaking: false },
    after: ['SUCCESS-200 documented'],
  },
};

const driftOf = (recording: string, spec: string) =>
  analyseDrift(readRecording(recording), createValidators(loadSpec(spec)))
    .groups.flatMap((g) => g.findings.filter((f) => f.severity === 'drift').map((f) => `${f.kind} ${f.field}`))
    .sort();

/** The suite against the changed target, recording (judged by `spec`, when given: a proposed document). */
async function procedure(dir: string, proxy: RunningFaultProxy, target: ChangedTarget, more: { profile?: string; spec?: string } = {}) {
  mkdirSync(dir, { recursive: true });
  const recording = join(dir, 'responses.jsonl');
  const reports = join(dir, 'reports');
  const args = ['--base-url', proxy.url, '--record', recording, '--report-dir', reports, target.table];
  if (more.profile) args.push('--profile', more.profile);
  // Judged by a proposed document, a few rows show whether the change's causes are gone.
  if (more.spec) args.push('--spec', more.spec, ...(target.rows ? ['-t', target.rows] : []));
  const run = await runSuite(args);
  return { run, recording, reports };
}

const causesOf = (reports: string) =>
  readSummary(reports).causes.map((c) => `${c.rule} ${c.basis} ${c.where} ${JSON.stringify(c.observed)}`);

async function propose(
  dir: string,
  recording: string,
  name: string,
  accept: boolean,
): Promise<{ run: ProposeRun; spec: string; log: string[] }> {
  const spec = join(dir, `${name}.yaml`);
  copyFileSync(SPEC_PATH, spec);
  const log: string[] = [];
  const run = await runPropose({ recording, spec, date: '2026-12-08', acceptBreaches: accept, log: (l) => log.push(l) });
  return { run, spec, log };
}

describe.each(Object.entries(EXPECTED))('%s', (kind, expected) => {
  const target = CHANGED_TARGETS.find((t) => t.kind === kind)!;
  const dir = tempDir(`change-${target.fault.name}`);
  let suite: SuiteRun;
  let recording: string;
  let reports: string;
  let plain: Awaited<ReturnType<typeof propose>>;
  let accepted: Awaited<ReturnType<typeof propose>> | undefined;
  let diff: ClassifiedChange[] = [];
  let again: Awaited<ReturnType<typeof procedure>> | undefined;
  let proxy: RunningFaultProxy;

  beforeAll(async () => {
    proxy = await startFaultProxy({ fault: target.fault });
    ({ run: suite, recording, reports } = await procedure(dir, proxy, target));
    plain = await propose(dir, recording, 'proposed', false);
    const edited = expected.breaches.some((b) => !b.endsWith(' -'));
    if (edited) accepted = await propose(dir, recording, 'accepted', true);
    const written = accepted ?? plain;
    if (written.run.written) {
      diff = await specDiff(SPEC_PATH, written.spec);
      again = await procedure(join(dir, 'again'), proxy, target, { spec: written.spec });
    }
  }, 240_000);
  afterAll(async () => {
    await proxy?.close();
  });

  test('the suite fails with causes that each name the change', () => {
    expect(suite.exitCode, suite.output.slice(-2000)).toBe(1);
    const causes = readSummary(reports).causes;
    expect(causes.map((c) => `${c.rule} ${c.basis}`)).toEqual(expected.causes);
    for (const c of causes) expect(`${c.where} ${JSON.stringify(c.observed)}`).toContain(expected.names);
  });

  test('drift names the change', () => {
    expect(driftOf(recording, SPEC_PATH)).toEqual(expected.drift);
  });

  test(`spec:propose writes only observed, compatible edits; breaches listed, exit ${expected.code}`, () => {
    expect(plain.run.code, plain.log.join('\n')).toBe(expected.code);
    expect(plain.run.proposal!.written.map((e) => `${e.kind} ${e.pointer}`)).toEqual(expected.written);
    expect(plain.run.proposal!.breaches.map((b) => `${b.touches.rule} ${b.edit ? `${b.edit.kind} ${b.edit.pointer}` : '-'}`)).toEqual(
      expected.breaches,
    );
    const lines = plain.log.filter((l) => l.startsWith('the target breaks the published contract: '));
    expect(lines).toHaveLength(expected.breaches.length);
    for (const l of lines) expect(l).toMatch(/ is documented; https:\/\/docs\.amili\.dev\/.*(not written \(--accept|nothing to write)/);
    if (expected.written.length === 0)
      expect(plain.log.at(-1)).toMatch(/^nothing to propose: what the target changed breaks the published contract/);
    // Every written node is labelled observed; nothing calls itself documented.
    for (const e of plain.run.proposal!.written) expect(plain.log.join('\n')).toContain(`${e.pointer} — `);
    expect(plain.log.join('\n')).not.toMatch(/new documented answer/);
  });

  test('spec:diff rates the written (or accepted) change', () => {
    if (!expected.diff) {
      expect(plain.run.written).toBeUndefined();
      return;
    }
    expect(diff.filter((c) => c.kind === expected.diff!.kind).map((c) => c.breaking)).toEqual([expected.diff.breaking]);
  });

  test('after the proposal (accepted where it is a breach) the recording has no drift left', () => {
    const written = accepted ?? plain;
    // A documented field gone has nothing to write: its drift stays, for the API's owner.
    expect(driftOf(recording, written.spec)).toEqual(written.run.written ? [] : expected.drift);
    if (accepted) {
      expect(accepted.log.join('\n')).toContain(`written anyway (--${ACCEPT_FLAG})`);
      expect(accepted.log).toContain('Redocly lint: the proposed document is valid.');
    }
  });

  test("judged by the written document (--spec), the suite again: the change's causes are gone", () => {
    if (!again) {
      // Nothing written (a documented field gone): the document still says what the target broke.
      expect((accepted ?? plain).run.written).toBeUndefined();
      return;
    }
    // What spec:propose said to do next, done.
    expect((accepted ?? plain).log).toContain(
      `  - the target judged by it: npm test -- --base-url=URL --profile=FILE --spec=${(accepted ?? plain).spec} (the change's causes are gone)`,
    );
    expect(again.run.output.split('\n').find((l) => l.startsWith('arm-contract: target'))).toMatch(/ · spec .*accepted|proposed\.yaml$/);
    const before = causesOf(reports);
    const after = causesOf(again.reports);
    expect(after.filter((c) => before.includes(c))).toEqual([]);
    expect(readSummary(again.reports).causes.map((c) => `${c.rule} ${c.basis}`)).toEqual(expected.after ?? []);
    expect(again.run.exitCode, again.run.output.slice(-2000)).toBe(expected.after?.length ? 1 : 0);
  });
});

describe('the oracle changed (the read-back sends the open amount as remainingAmount)', () => {
  const target = CHANGED_TARGETS.find((t) => t.kind === 'the oracle changed')!;
  const dir = tempDir('change-oracle');
  let proxy: RunningFaultProxy;
  let before: Awaited<ReturnType<typeof procedure>>;
  let after: Awaited<ReturnType<typeof procedure>>;
  let proposed: Awaited<ReturnType<typeof propose>>;

  beforeAll(async () => {
    proxy = await startFaultProxy({ fault: target.fault });
    before = await procedure(join(dir, 'before'), proxy, target);
    // The pre-flight recorded the items' read-backs: enough for spec:propose.
    proposed = await propose(dir, before.recording, 'proposed', false);
    const profile = writeProfile(dir, (p) => {
      p.readBack = { openAmount: '/remainingAmount' };
    });
    after = await procedure(join(dir, 'after'), proxy, target, { profile, spec: proposed.spec });
  }, 240_000);
  afterAll(async () => {
    await proxy?.close();
  });

  test('the run stops in the pre-flight: one line naming the pointer and the field, exit 2; the read-backs are recorded', () => {
    expect(before.run.exitCode, before.run.output.slice(-2000)).toBe(2);
    const lines = before.run.output.split('\n').filter((l) => l.includes('readBack.openAmount'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\/openAmount.*\/remainingAmount.*set readBack\.openAmount in the profile/);
    const recorded = readRecording(before.recording);
    expect(recorded.length).toBeGreaterThan(0);
    expect(new Set(recorded.map((e) => `${e.test} ${e.operationId} ${e.status}`))).toEqual(new Set(['pre-flight getArItem 200']));
  });

  test('drift names the new field; spec:propose writes it (ArItem is assumed) and proposes the profile change', () => {
    expect(driftOf(before.recording, SPEC_PATH)).toEqual(['undeclared-field /remainingAmount']);
    expect(proposed.run.code, proposed.log.join('\n')).toBe(0);
    expect(proposed.run.proposal!.written.map((e) => `${e.kind} ${e.pointer}`)).toEqual([
      'property renamed /components/schemas/ArItem/properties/remainingAmount',
    ]);
    // Proposed against the sandbox's profile (readBack.openAmount: /openAmount), which the recording shows moved.
    expect(proposed.log).toContain(
      'profile: set readBack.openAmount: /remainingAmount — the read-back has no /openAmount but has /remainingAmount (spec:propose does not edit profiles)',
    );
    expect(proposed.log.join('\n')).toMatch(
      /\| no \| response field added \| `\/components\/schemas\/ArItem\/properties\/remainingAmount`/,
    );
  });

  test('with the profile change and judged by the proposed document (--spec), the run passes: the change has no cause left', () => {
    expect(after.run.exitCode, after.run.output.slice(-2000)).toBe(0);
    expect(readSummary(after.reports).causes).toEqual([]);
    expect(driftOf(after.recording, proposed.spec)).toEqual([]);
  });
});
