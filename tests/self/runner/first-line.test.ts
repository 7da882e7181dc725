// The run's first line names the profile file as the user would type it: relative inside the working
// directory, else as given (a file under /tmp read as ../../tmp/x.yaml was a puzzle).
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { firstLine } from '../../../src/runner/run.js';
import { resolveSettings } from '../../../src/runner/settings.js';
import type { StartedTarget } from '../../../src/runner/start-target.js';
import type { TargetProfile } from '../../../src/runner/profile.js';

const target = { embedded: false, baseUrl: 'http://127.0.0.1:4010' } as StartedTarget;
const profile = { name: 'staging' } as TargetProfile;
const lineFor = (profilePath: string) => firstLine(resolveSettings({ baseUrl: target.baseUrl, profile: profilePath }, {}), target, profile);

test.each([
  ['inside the working directory: relative', join(process.cwd(), 'profiles', 'live.yaml'), '[profiles/live.yaml]'],
  ['outside it: as given', '/tmp/arm/live.yaml', '[/tmp/arm/live.yaml]'],
])('the profile path %s', (_where, path, shown) => {
  expect(lineFor(path)).toContain(`· profile staging ${shown} ·`);
});
