// The HTML report's first screen: the run's summary (what was run against, the counts, the verdict
// line and what the exit code means), as a static block above Allure's page. Allure's own header
// shows counts only; a person opening the report at 3 a.m. first needs to know whether the night
// passed, what it verified and what the exit code says. Static HTML in the page itself: it shows
// before (and whatever) the page's scripts render, and its text is what a search or a screen
// reader finds first.
import { redactSecrets } from '../../client/redact.js';
import { verdictLine } from '../account.js';
import { EXIT_MEANING, type Summary, exitMeaning } from '../summary.js';

/** The block's element id (the Chromium self test finds it by it). */
export const FIRST_SCREEN_ID = 'arm-contract-summary';

const BORDER: Record<Summary['exitCode'], string> = { 0: '#2e9d4f', 1: '#d4351c', 2: '#6f6f6f', 3: '#c98a00' };

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The counts as one line: every test by how it ended, failures by kind. */
export function countsLine(s: Pick<Summary, 'totals'>): string {
  const t = s.totals;
  const other = t.failed - t.breaches - t.mismatches;
  const kinds = `${t.breaches} breach(es) of documented behaviour, ${t.mismatches} mismatch(es) with our assumptions${other > 0 ? `, ${other} other` : ''}`;
  return `${t.cases} tests: ${t.passed} passed, ${t.failed} failed (${kinds}), ${t.inconclusive} inconclusive, ${t.skipped} skipped`;
}

const EXIT_CODES = Object.entries(EXIT_MEANING)
  .map(([code, meaning]) => `${code} ${meaning}`)
  .join('; ');

/** The lines of the first screen, in order (also what the self test looks for). */
export function firstScreenLines(s: Summary): { headline: string; lines: string[] } {
  const writes = s.noWrites ? 'writes off' : 'writes on';
  return {
    headline: `exit code ${s.exitCode}: ${exitMeaning(s)}`,
    lines: [
      s.coverage && s.rules ? verdictLine(s.coverage, s.rules) : 'no rule account (the run did not start)',
      countsLine(s),
      `target ${s.target} · profile ${s.profile} · ${writes} · ${s.requests} requests, ${s.retries} retries · ${s.date}`,
    ],
  };
}

/** The block as HTML (every text escaped and redacted). */
export function firstScreenHtml(s: Summary): string {
  const { headline, lines } = firstScreenLines(s);
  const text = (t: string) => escapeHtml(redactSecrets(t));
  return [
    `<section id="${FIRST_SCREEN_ID}" style="font:14px/1.45 system-ui,sans-serif;color:#1f1f1f;background:#fff;margin:12px auto;max-width:920px;box-sizing:border-box;padding:12px 18px;border-left:6px solid ${BORDER[s.exitCode]};box-shadow:0 1px 3px rgba(0,0,0,.15)">`,
    `<div style="font-size:18px;font-weight:600">${text(headline)}</div>`,
    ...lines.map((l) => `<div>${text(l)}</div>`),
    `<div style="color:#555;font-size:12px">Below: the tests by rule. Every rule's account, and the night-by-night trend: Global Attachments. Exit codes: ${text(EXIT_CODES)}.</div>`,
    '</section>',
  ].join('');
}

/** The page with the block as the first thing in its body. */
export function withFirstScreen(html: string, block: string): string {
  const at = html.search(/<body[^>]*>/);
  if (at < 0) throw new Error('the report page has no <body>: update withFirstScreen()');
  const end = html.indexOf('>', at) + 1;
  return `${html.slice(0, end)}${block}${html.slice(end)}`;
}
