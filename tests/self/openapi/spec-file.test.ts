// `--spec=FILE`: a document the run judges by is checked before any target is touched, and once in
// use, the rules, their bases and the validators all come from it, while the sandbox keeps
// implementing the project's document.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { contractRule, loadSpec, SPEC_PATH, spec, specFile, useSpec } from '../../../src/openapi/document.js';
import { parseSpecFile, specProblem } from '../../../src/openapi/spec-file.js';
import { projectValidators, validators } from '../../../src/openapi/validators.js';
import { resolveSettings, useSettings } from '../../../src/runner/settings.js';
import { tempDir } from '../runner/run-suite.js';

const dir = tempDir('spec-file');

/** The project's document with one edit, written to `dir`. */
function edited(name: string, edit: (doc: Record<string, any>) => void): string {
  const doc = loadSpec();
  edit(doc);
  const path = join(dir, name);
  writeFileSync(path, stringify(doc));
  return path;
}

const rulesOf = (doc: Record<string, any>) => doc.paths['/clients/{clientno}/autopostings/{autopostingmethod}'].post['x-contract-rules'];

describe('checked before the run', () => {
  test.for([
    ['the project document', (_: Record<string, any>) => {}, undefined],
    ['no openapi version', (d: Record<string, any>) => delete d.openapi, 'is no OpenAPI document (no openapi: version)'],
    [
      'the read-back operation gone',
      (d: Record<string, any>) => delete d.paths['/clients/{clientno}/aritems/{aritemid}'],
      'has no operation getArItem (the suite tests createAutoPostings and getArItem)',
    ],
    [
      'a rule renamed',
      (d: Record<string, any>) => {
        const rules = rulesOf(d);
        rules['CULPRIT-MARKS'] = rules['CULPRIT-MARK'];
        delete rules['CULPRIT-MARK'];
      },
      'lists other contract rules than the suite checks (missing CULPRIT-MARK; unknown CULPRIT-MARKS)',
    ],
    [
      'a rule without basis',
      (d: Record<string, any>) => {
        rulesOf(d)['CULPRIT-MARK'].basis = 'observed';
      },
      'gives no basis (documented or assumed) for CULPRIT-MARK',
    ],
  ] as Array<[string, (d: Record<string, any>) => void, string | undefined]>)('%s', ([, edit, problem]) => {
    const doc = loadSpec();
    edit(doc);
    const found = specProblem(doc);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  test('a missing or unreadable file is one line naming it', () => {
    expect(() => parseSpecFile(join(dir, 'nope.yaml'))).toThrow(`${join(dir, 'nope.yaml')}: no such file`);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'openapi: [3.1\n');
    expect(() => parseSpecFile(bad)).toThrow(/bad\.yaml: not YAML \(/);
    expect(parseSpecFile(SPEC_PATH)).toBe(SPEC_PATH);
  });

  test('--spec and ARM_SPEC go through the option table: a bad one is a set-up problem', () => {
    expect(() => resolveSettings({ spec: join(dir, 'nope.yaml') }, {})).toThrow(/^--spec .*nope\.yaml: no such file$/);
    expect(() => resolveSettings({}, { ARM_SPEC: join(dir, 'nope.yaml') })).toThrow(/^ARM_SPEC .*nope\.yaml: no such file$/);
    expect(resolveSettings({}, {})).not.toHaveProperty('specPath');
  });
});

describe('in use', () => {
  afterEach(() => useSpec(SPEC_PATH));

  test("the run's rules, bases and validators come from the document it names; the sandbox's do not", () => {
    const relabelled = edited('relabelled.yaml', (d) => {
      rulesOf(d)['CULPRIT-MARK'].basis = 'documented';
      // The POST's 200 may now carry batchId.
      d.components.schemas.AutoPostingSuccess.properties.batchId = { type: 'string', 'x-basis': 'observed' };
    });
    expect(contractRule('CULPRIT-MARK').basis).toBe('assumed');
    const projectDoc = validators().doc;

    useSettings(resolveSettings({ spec: relabelled }, {}));
    expect(specFile()).toBe(relabelled);
    expect(contractRule('CULPRIT-MARK').basis).toBe('documented');
    expect(validators().doc).toBe(spec);
    expect(validators().doc).not.toBe(projectDoc);
    expect(validators().schema('/components/schemas/AutoPostingSuccess/properties/batchId', 'b-1').ok).toBe(true);
    expect(validators().schema('/components/schemas/AutoPostingSuccess/properties/batchId', 1).ok).toBe(false);
    expect(projectValidators().doc).toBe(projectDoc);
    expect(projectValidators().doc.components.schemas.AutoPostingSuccess.properties).not.toHaveProperty('batchId');

    useSettings(resolveSettings({}, {}));
    expect(specFile()).toBe(SPEC_PATH);
    expect(contractRule('CULPRIT-MARK').basis).toBe('assumed');
    expect(validators()).toBe(projectValidators());
  });
});
