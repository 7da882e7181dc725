// `npm run spec:propose -- RECORDING.jsonl [--spec=FILE] [--out=FILE] [--date=YYYY-MM-DD]`: the smallest
// edit of the OpenAPI document that makes it describe the recorded responses (nullable, wider types,
// new enum values, new optional properties, new status codes), each changed node labelled
// `x-basis: observed` with the date and the number of responses. Written to the spec itself (only
// when a person runs this), or to --out. Then lints it (Redocly), regenerates the types, and prints
// the spec:diff and what else must follow.
// An edit of a node labelled documented, or a new status in place of a documented one, is not
// written: it is listed as "the target breaks the published contract" (rule, page, what was seen),
// and written only with --accept-breach-of-published-contract.
// Exit 0 = proposed (or nothing to propose); 1 = the target breaks the published contract, or the
// proposed document fails lint or generate; 2 = bad input.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, parseCommand } from '../src/cli/args.js';
import { specProposeCommand } from '../src/cli/commands.js';
import { followUp } from '../src/propose/follow-up.js';
import type { Breach, ProfileChange } from '../src/propose/plan.js';
import { proposeSpec, type Proposal } from '../src/propose/propose.js';
import { loadProfile } from '../src/runner/profile.js';
import { readRecording } from '../src/recording/format.js';
import { SPEC_PATH } from '../src/openapi/document.js';
import { GENERATED_TYPES_PATH, renderTypes } from '../src/openapi/render-types.js';
import { redoclyLint } from '../src/specdiff/redocly.js';
import { renderChanges } from '../src/specdiff/render.js';
import { specDiff } from './spec-diff.js';

export const ACCEPT_FLAG = 'accept-breach-of-published-contract';

export interface ProposeOptions {
  recording: string;
  spec?: string;
  out?: string;
  date?: string;
  /** Write the edits that break the published contract too (the person accepts the target's change). */
  acceptBreaches?: boolean;
  /** The target profile whose read-back pointers a renamed read-back field moves. */
  profile?: string;
  log?: (line: string) => void;
}
export interface ProposeRun {
  code: number;
  proposal?: Proposal;
  written?: string;
  generated?: string;
}

/** One line per breach: rule, page, what was observed, and whether it was written. */
function breachLine(b: Breach, accepted: boolean): string {
  const t = b.touches;
  const fate = !b.edit ? 'nothing to write' : accepted ? `written anyway (--${ACCEPT_FLAG})` : `not written (--${ACCEPT_FLAG} writes it)`;
  return `the target breaks the published contract: ${t.rule} (${t.node} is ${t.basis}; ${t.page ?? 'no page'}): ${b.observed} — ${b.responses} response(s), seen at ${b.seenAt}; ${fate}`;
}

function profileLine(p: ProfileChange): string {
  return p.to
    ? `profile: set ${p.key}: ${p.to} — the read-back has no ${p.from} but has ${p.to} (spec:propose does not edit profiles)`
    : `profile: ${p.key}: the read-back no longer has ${p.from}; find where it went and set ${p.key}`;
}

export async function runPropose(o: ProposeOptions): Promise<ProposeRun> {
  const log = o.log ?? ((line: string) => console.log(line));
  const spec = resolve(o.spec ?? SPEC_PATH);
  let proposal: Proposal;
  try {
    const exchanges = readRecording(o.recording);
    // A run that stopped before the pre-flight read any item (exit 2) records nothing: that is not "matches the spec".
    if (exchanges.length === 0)
      throw new Error(
        `${o.recording} holds no exchange: the run stopped before it read any item (see its pre-flight line); fix that and record again`,
      );
    proposal = proposeSpec(readFileSync(spec, 'utf8'), exchanges, {
      date: o.date ?? new Date().toISOString().slice(0, 10),
      acceptBreaches: o.acceptBreaches,
      readBack: loadProfile(o.profile).readBack,
    });
  } catch (err) {
    log(`spec:propose: ${(err as Error).message}`);
    return { code: 2 };
  }
  for (const l of proposal.leftOver)
    log(`left to a person: ${l.seenAt}: ${l.finding.kind} (${l.finding.spec}; seen ${l.finding.seen}): ${l.why}`);
  for (const b of proposal.breaches) log(breachLine(b, o.acceptBreaches === true));
  for (const p of proposal.profile) log(profileLine(p));
  // Exit 1 whenever the target breaks the published contract, written or not: that is for the API's owner.
  const breachCode = proposal.breaches.length > 0 ? 1 : 0;
  if (proposal.written.length === 0) {
    log(
      `nothing to propose: ${
        proposal.breaches.length > 0
          ? 'what the target changed breaks the published contract (above)'
          : proposal.report.drift
            ? 'the drift left needs a person (above)'
            : 'the recording matches the spec'
      }.`,
    );
    return { code: breachCode, proposal };
  }
  const written = resolve(o.out ?? spec);
  const dir = mkdtempSync(join(tmpdir(), 'spec-propose-'));
  const before = join(dir, 'before.yaml');
  try {
    copyFileSync(spec, before);
    writeFileSync(written, proposal.text);
    log(`${proposal.written.length} edit(s) written to ${written}:`);
    for (const e of proposal.written) log(`  ${e.kind}: ${e.pointer} — ${e.what} (${e.responses} response(s); seen at ${e.seenAt})`);

    const lint = await redoclyLint(written);
    if (lint.length > 0) {
      log(`the proposed document fails Redocly lint:\n  ${lint.join('\n  ')}`);
      return { code: 1, proposal, written };
    }
    log('Redocly lint: the proposed document is valid.');

    // generate: the project's types when the project's spec was edited, else beside the proposed file.
    const generated = written === SPEC_PATH ? GENERATED_TYPES_PATH : `${written.replace(/\.ya?ml$/, '')}.types.ts`;
    let types: string;
    try {
      types = (await renderTypes(written)).replace(
        'from openapi/autopostings.yaml',
        written === SPEC_PATH ? 'from openapi/autopostings.yaml' : `from ${written}`,
      );
    } catch (err) {
      log(`generate failed on the proposed document: ${(err as Error).message}`);
      return { code: 1, proposal, written };
    }
    writeFileSync(generated, types);
    log(`generate: ${generated} written.`);

    log('\nspec:diff (before → proposed):');
    log(renderChanges(await specDiff(before, written)));
    log('What must follow:');
    for (const step of followUp(proposal.written, written === SPEC_PATH ? undefined : written)) log(`  - ${step}`);
    return { code: breachCode, proposal, written, generated };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // parseCommand handles --help and bad flags (usage, exit 0 or 2), as every command does.
  const { positionals, spec, out, date, profile, [ACCEPT_FLAG]: acceptBreaches } = parseCommand(specProposeCommand);
  if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) fail(specProposeCommand, `--date must be YYYY-MM-DD, got ${date}`);
  runPropose({ recording: positionals[0]!, spec, profile, acceptBreaches, ...(out ? { out } : {}), ...(date ? { date } : {}) }).then(
    (r) => {
      process.exitCode = r.code;
    },
    (err) => {
      console.error(`spec:propose: ${(err as Error).message}`);
      process.exitCode = 2;
    },
  );
}
