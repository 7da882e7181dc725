// docs/reference/ is what `npm run docs` makes from the sources, and each page covers its whole source,
// so the reference cannot drift from the rules, the fault catalogue, the profile schema or the commands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PAGES, REFERENCE_DIR } from '../../../src/docs/pages.js';
import { catalogue } from '../../../src/faults/catalogue.js';
import { contractRule, contractRules } from '../../../src/openapi/document.js';
import { PROFILE_KEYS } from '../../../src/runner/profile.js';
import { readGenerated } from '../../../src/openapi/render-types.js';
import { RULE_IDS } from '../../../generated/rules.js';

const read = (name: string): string | undefined => readGenerated(join(REFERENCE_DIR, name));

describe('docs/reference is fresh', () => {
  test.for(Object.keys(PAGES))('docs/reference/%s matches its sources (else: run npm run docs)', async (name) => {
    if (read(name) !== (await PAGES[name]!())) {
      throw new Error(
        `docs/reference/${name} is stale: it is not what its sources render.\n  Run \`npm run docs\` and commit docs/reference/.`,
      );
    }
  });
});

describe('each page covers its whole source', () => {
  test('rules.md: every rule of x-contract-rules with its basis', async () => {
    const page = await PAGES['rules.md']!();
    for (const id of RULE_IDS) expect(page).toContain(`| \`${id}\` | ${contractRule(id).basis} |`);
    expect(contractRules('createAutoPostings').size + contractRules('getArItem').size).toBe(RULE_IDS.length);
  });

  test("faults.md: every catalogued fault with the rule it breaks and that rule's basis", async () => {
    const page = await PAGES['faults.md']!();
    for (const f of catalogue)
      expect(page).toMatch(new RegExp(`^\\| \`${f.name}\` \\|.*\\| ${f.breaks} \\| ${contractRule(f.breaks).basis} \\|$`, 'm'));
  });

  test('profile.md: every key a profile may hold', async () => {
    const page = await PAGES['profile.md']!();
    const keys = [
      ...PROFILE_KEYS.root,
      ...PROFILE_KEYS.items.map((k) => `items.${k}`),
      ...PROFILE_KEYS.tokens.map((k) => `tokens.${k}`),
      ...PROFILE_KEYS.tokenSource,
    ];
    expect(keys.filter((k) => !page.includes(`| \`${k}\` |`))).toEqual([]);
  });

  test('commands.md: every npm script, and the --help of sandbox and token', async () => {
    const page = await PAGES['commands.md']!();
    const scripts = Object.keys(
      (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: object }).scripts,
    );
    expect(scripts.filter((s) => !page.includes(s === 'test' ? '`npm test`' : `\`npm run ${s}\``))).toEqual([]);
    expect(page).toContain('usage: arm-contract sandbox [--port=N] [--host=HOST] [--help]');
    expect(page).toContain('usage: arm-contract token [--clients=N[,N...]] [--expires-in=SECONDS] [--help]');
  });
});
