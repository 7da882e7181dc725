// spec:diff on hand-made edits of copies of openapi/autopostings.yaml: each change is found (by
// Redocly) and classified for clients (breaking or not) with the right kind.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { SPEC_PATH, loadSpec, type OpenApiDocument } from '../../../src/openapi/document.js';
import { specDiff } from '../../../scripts/spec-diff.js';
import type { ClassifiedChange } from '../../../src/specdiff/classify.js';

const dir = mkdtempSync(join(tmpdir(), 'specdiff-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const schemas = (d: OpenApiDocument) => d.components.schemas;
const postResponses = (d: OpenApiDocument) => d.paths['/clients/{clientno}/autopostings/{autopostingmethod}'].post.responses;

let n = 0;
async function diffAfter(edit: (doc: OpenApiDocument) => void) {
  const doc = loadSpec();
  edit(doc);
  const file = join(dir, `revision-${++n}.yaml`);
  writeFileSync(file, stringify(doc));
  return specDiff(SPEC_PATH, file);
}

const rows: Array<{ why: string; edit: (d: OpenApiDocument) => void; breaking: boolean; kind: string }> = [
  // Breaking for clients
  {
    why: 'a response field removed',
    edit: (d) => {
      delete schemas(d).ArItem.properties.openAmount;
    },
    breaking: true,
    kind: 'response field removed',
  },
  {
    why: 'a new required request field',
    edit: (d) => {
      const s = schemas(d).AutoPostingRequest;
      s.properties.source = { type: 'string' };
      s.required.push('source');
    },
    breaking: true,
    kind: 'request field became required',
  },
  {
    why: 'a request enum narrowed (new enum on a free string)',
    edit: (d) => {
      schemas(d).AutoPosting.properties.currency.enum = ['NOK', 'SEK'];
    },
    breaking: true,
    kind: 'request enum narrowed',
  },
  {
    why: 'a response enum widened',
    edit: (d) => {
      schemas(d).AutoPostingResult.properties.resultType.enum.push('INFO');
    },
    breaking: true,
    kind: 'response enum widened',
  },
  {
    why: 'a status code removed',
    edit: (d) => {
      delete postResponses(d)['404'];
    },
    breaking: true,
    kind: 'status 404 removed',
  },
  {
    why: 'a documented answer replaced (spec:propose writes x-replaces)',
    edit: (d) => {
      postResponses(d)['422'] = { ...postResponses(d)['400'], 'x-replaces': '400', 'x-basis': 'observed' };
    },
    breaking: true,
    kind: 'status 400 replaced by 422',
  },
  {
    why: 'a response field retyped',
    edit: (d) => {
      schemas(d).AutoPostingSuccess.properties.clientNo.type = 'string';
    },
    breaking: true,
    kind: 'response type changed',
  },
  {
    why: 'a request minLength tightened',
    edit: (d) => {
      schemas(d).AutoPostingMetadata.properties.userId.minLength = 3;
    },
    breaking: true,
    kind: 'request minLength narrowed',
  },
  // Compatible
  {
    why: 'an optional request field added',
    edit: (d) => {
      schemas(d).AutoPostingMetadata.properties.note = { type: 'string' };
    },
    breaking: false,
    kind: 'request field added',
  },
  {
    why: 'a request maxLength loosened',
    edit: (d) => {
      schemas(d).AutoPostingMetadata.properties.userId.maxLength = 128;
    },
    breaking: false,
    kind: 'request maxLength loosened',
  },
  {
    why: 'a response enum narrowed',
    edit: (d) => {
      schemas(d).ArItem.properties.status.enum = ['OPEN'];
    },
    breaking: false,
    kind: 'response enum narrowed',
  },
  // Redocly does not report examples at all: no change, so nothing breaking.
  {
    why: 'a response example added',
    edit: (d) => {
      schemas(d).ArItem.example = { arItemId: '2218-500006-35083-0' };
    },
    breaking: false,
    kind: '',
  },
  {
    why: 'an observed status added beside the documented ones',
    edit: (d) => {
      postResponses(d)['409'] = { description: 'Observed.', 'x-basis': 'observed' };
    },
    breaking: false,
    kind: 'status 409 added',
  },
  {
    why: 'an optional response field added',
    edit: (d) => {
      schemas(d).ArItem.properties.closedAt = { type: 'string' };
    },
    breaking: false,
    kind: 'response field added',
  },
];

// One revision holds every breaking edit, another every compatible one (Redocly takes ~1 s a run);
// each row is then looked up by its change kind.
const ran: Record<'breaking' | 'compatible', ClassifiedChange[]> = { breaking: [], compatible: [] };
beforeAll(async () => {
  [ran.breaking, ran.compatible] = await Promise.all([
    diffAfter((d) => {
      for (const r of rows.filter((r) => r.breaking)) r.edit(d);
    }),
    diffAfter((d) => {
      for (const r of rows.filter((r) => !r.breaking)) r.edit(d);
    }),
  ]);
}, 60_000);

describe('spec:diff classification', () => {
  test('an unchanged document has no changes', async () => {
    expect(await diffAfter(() => {})).toEqual([]);
  }, 60_000);

  test.each(rows)('$why → breaking: $breaking', ({ breaking, kind }) => {
    const changes = ran[breaking ? 'breaking' : 'compatible'];
    if (kind === '') expect(changes.filter((c) => c.location.includes('/example'))).toEqual([]);
    else expect(changes.filter((c) => c.kind === kind).map((c) => c.breaking)).toEqual([breaking]);
  });

  test('the compatible revision has no breaking change at all (the command exits 0 for it)', () => {
    expect(ran.compatible.filter((c) => c.breaking)).toEqual([]);
    expect(ran.compatible.length).toBe(rows.filter((r) => !r.breaking && r.kind !== '').length);
  });
});
