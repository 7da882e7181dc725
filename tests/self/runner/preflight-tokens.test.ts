// The pre-flight's judgement of the optional tokens' expiry, with its clock moved on: a short-lived
// token from a token service may have expired by the time the pre-flight looks at it (the sandbox's
// lives about a second, and a busy machine takes that long to get there); its rows fetch fresh ones,
// so it is no problem. A static short-lived token that has expired is the profile's mistake.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { preflight } from '../../../src/runner/preflight.js';
import { sandboxProfile } from '../../../src/runner/profile.js';
import { mintToken, startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

/** The pre-flight's problems against the sandbox with its clock `aheadMs` in the future. */
const problemsAt = (aheadMs: number, edit: (p: ReturnType<typeof sandboxProfile>) => void = () => {}, env: NodeJS.ProcessEnv = {}) => {
  const profile = sandboxProfile();
  edit(profile);
  return preflight({ baseUrl: sandbox.url, profile, env, timeoutMs: 5000, now: () => Date.now() + aheadMs });
};

test('a short-lived token from the token service that expired before the pre-flight looked is no problem', async () => {
  expect(await problemsAt(0)).toEqual([]);
  expect((await problemsAt(5000)).filter((l) => l.includes('tokens.shortLived'))).toEqual([]);
});

test('a static short-lived token that has expired is named, with the fix', async () => {
  const expired = await mintToken({ clients: [2218], expiresInSeconds: -60 });
  const problems = await problemsAt(0, (p) => (p.tokens.shortLived = { kind: 'env', variable: 'ARM_SHORT' }), { ARM_SHORT: expired });
  expect(problems).toEqual([expect.stringMatching(/^tokens\.shortLived: the token expired at .* — get a fresh one$/)]);
});
