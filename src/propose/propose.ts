// The spec edit a recording calls for: the drift report of the recording against the document, the
// edits planned from it (plan.ts), applied to the document's YAML with comments and order kept.
// Edits that would change what the published contract says (basis.ts) are kept apart as breaches
// and applied only when the person asks for it.
import { parse, parseDocument } from 'yaml';
import { analyseDrift, type DriftReport } from '../drift/analyse.js';
import type { RecordedExchange } from '../recording/format.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { createValidators } from '../openapi/validators.js';
import { planEdits, type Plan, type ProposedEdit, type ReadBackPointers } from './plan.js';

export interface Proposal extends Plan {
  /** The document with the edits (equal to the input when there are none). */
  text: string;
  /** The edits written into `text`: the compatible ones, and the breaches' when accepted. */
  written: ProposedEdit[];
  report: DriftReport;
}

export interface ProposeSettings {
  date: string;
  /** Write the edits of breaches too (the person accepts the target's change of the published contract). */
  acceptBreaches?: boolean;
  readBack?: ReadBackPointers;
}

export function proposeSpec(specText: string, exchanges: RecordedExchange[], settings: ProposeSettings): Proposal {
  const doc = parse(specText) as OpenApiDocument;
  const v = createValidators(doc);
  const report = analyseDrift(exchanges, v);
  const plan = planEdits(v, report, exchanges, settings.readBack);
  const accepted = settings.acceptBreaches ? plan.breaches.flatMap((b) => (b.edit ? [b.edit] : [])) : [];
  const written = [...plan.edits, ...accepted];
  if (written.length === 0) return { ...plan, text: specText, written, report };
  const yamlDoc = parseDocument(specText);
  for (const e of written) e.apply(yamlDoc, { date: settings.date }, e.responses);
  // lineWidth 0: long lines stay as written, not re-folded; no padding: `[a, b]` stays `[a, b]`; new
  // strings in single quotes, like the document's own. With these, an unedited document prints back
  // byte for byte (tested).
  return {
    ...plan,
    text: yamlDoc.toString({ lineWidth: 0, flowCollectionPadding: false, singleQuote: true }),
    written,
    report,
  };
}
