// The spec edit a recording calls for: the drift report of the recording against the document, the
// edits planned from it (plan.ts), applied to the document's YAML with comments and order kept.
import { parse, parseDocument } from 'yaml';
import { analyseDrift, type DriftReport } from '../drift/analyse.js';
import type { RecordedExchange } from '../recording/format.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { createValidators } from '../openapi/validators.js';
import { planEdits, type LeftOver, type ProposedEdit } from './plan.js';

export interface Proposal {
  /** The document with the edits (equal to the input when there are none). */
  text: string;
  edits: ProposedEdit[];
  leftOver: LeftOver[];
  report: DriftReport;
}

export function proposeSpec(specText: string, exchanges: RecordedExchange[], date: string): Proposal {
  const doc = parse(specText) as OpenApiDocument;
  const report = analyseDrift(exchanges, createValidators(doc));
  const { edits, leftOver } = planEdits(doc, report, exchanges);
  if (edits.length === 0) return { text: specText, edits, leftOver, report };
  const yamlDoc = parseDocument(specText);
  for (const e of edits) e.apply(yamlDoc, { date }, e.responses);
  // lineWidth 0: long lines stay as written, not re-folded; no padding: `[a, b]` stays `[a, b]`; new
  // strings in single quotes, like the document's own. With these, an unedited document prints back
  // byte for byte (tested).
  return {
    text: yamlDoc.toString({ lineWidth: 0, flowCollectionPadding: false, singleQuote: true }),
    edits,
    leftOver,
    report,
  };
}
