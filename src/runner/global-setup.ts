// The contract project's global setup, for a table run straight from vitest (`npx vitest run --project
// contract tests/contract/boundaries.test.ts`, an editor's test explorer): when no runner has handed
// the tables a target (`npm test` does, src/runner/run.ts), start one as `npm test` would with no
// flags — the embedded sandbox, or ARM_BASE_URL with ARM_PROFILE — check it with the same pre-flight,
// and hand it over the same way.
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (project.getProvidedContext().armTarget) return undefined;
  // Loaded only here: under `npm test` this module runs too, in the runner's process through vite, and
  // a second copy of the runner's modules (profile schema, sandbox, pre-flight) would cost its start-up.
  const [{ tablesFor }, { resolveSettings, SetupProblem, useSettings }, { armTargetContext, loadRunProfile, preflightOf, startTarget }] =
    await Promise.all([import('./tables.js'), import('./settings.js'), import('./start-target.js')]);
  const settings = resolveSettings({}, process.env);
  useSettings(settings);
  const profile = loadRunProfile(settings);
  const target = await startTarget(settings);
  const problems = await preflightOf(target, profile, settings, process.env);
  if (problems.length > 0) {
    await target.close();
    throw new SetupProblem(problems.map((l) => `arm-contract: ${l}`));
  }
  project.provide('armTarget', armTargetContext(target, settings, profile, tablesFor([])));
  return () => target.close();
}
