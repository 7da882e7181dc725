// Transport edges: bytes that are not UTF-8, a body of exactly 1 MiB (accepted) and one byte more,
// a chunked body (no Content-Length) under and over 1 MiB, a charset naming UTF-8 in either case
// (read), and Authorization values that only look like "Bearer <token>". Every body is a dry run
// (metadata.validateOnly: true).
import type { RuleId } from '../../src/openapi/document.js';
import { batchProcessed, errorPointsAt, malformedHasErrors, statusIs } from '../../src/oracle/checks.js';
import { suite, table, useTarget } from '../../src/runner/harness.js';
import type { Exchange } from '../../src/client/exchange.js';
import { rawPost } from '../../src/runner/raw-post.js';
import type { Target } from '../../src/runner/target.js';

const t = useTarget();
const MiB = 1024 * 1024;
/** An item the suite only reads (roles.ts: `read`). */
const item = () => t.profile.items.open[0] ?? t.profile.items.write[0]!;
const dryJson = () => JSON.stringify(t.dryBatch([t.posting(item())]));
/** A dry-run body padded with trailing spaces (valid JSON whitespace) to exactly `bytes` bytes. */
const padded = (bytes: number) => dryJson() + ' '.repeat(bytes - Buffer.byteLength(dryJson()));
/** Split into 64 KiB pieces, as a streaming client would send them. */
const pieces = (b: Buffer) => Array.from({ length: Math.ceil(b.length / 65536) }, (_, i) => b.subarray(i * 65536, (i + 1) * 65536));

interface Row {
  label: string;
  rule: RuleId;
  send: (t: Target) => Promise<Exchange>;
  /** 'ok': 200 VALIDATED; 'whole-body': 400 pointing at ""; 403. */
  expect: 'ok' | 'whole-body' | 403;
}

const rows: Row[] = [
  {
    label: 'a body that is not valid UTF-8 (byte 0xFF in userId)',
    rule: 'MALFORMED-400',
    expect: 'whole-body',
    send: (t) => {
      const [head, tail] = dryJson().split('arm-contract') as [string, string];
      return rawPost(t, {
        chunks: [Buffer.concat([Buffer.from(`${head}arm`), Buffer.from([0xff, 0xfe]), Buffer.from(`contract${tail}`)])],
        chunked: false,
        describe: `${head}arm\\xFF\\xFEcontract${tail}`,
      });
    },
  },
  {
    label: 'a body of exactly 1 MiB',
    rule: 'LIMITS-INCLUSIVE',
    expect: 'ok',
    send: (t) => t.post(undefined, { rawBody: padded(MiB) }),
  },
  {
    // Sent with node:http: the target may answer before the upload ends and close, which fetch reports
    // as a connection error (and the exchange layer would send the body again).
    label: 'a body of 1 MiB + 1 byte',
    rule: 'LIMITS-INCLUSIVE',
    expect: 'whole-body',
    send: (t) =>
      rawPost(t, {
        chunks: pieces(Buffer.from(padded(MiB + 1))),
        chunked: false,
        describe: `${dryJson()} + spaces to 1 MiB + 1 byte`,
      }),
  },
  {
    label: 'a chunked body (no Content-Length) under 1 MiB',
    rule: 'LIMITS-INCLUSIVE',
    expect: 'ok',
    send: (t) =>
      rawPost(t, {
        chunks: pieces(Buffer.from(padded(200_000))),
        chunked: true,
        describe: `${dryJson()} + spaces to 200000 bytes, sent chunked`,
      }),
  },
  {
    label: 'a chunked body (no Content-Length) over 1 MiB',
    rule: 'MALFORMED-400',
    expect: 'whole-body',
    send: (t) =>
      rawPost(t, {
        chunks: pieces(Buffer.from(padded(MiB + 65536))),
        chunked: true,
        describe: `${dryJson()} + spaces to 1 MiB + 64 KiB, sent chunked`,
      }),
  },
  // The charset names UTF-8 in any case: read like no charset at all.
  ...['utf-8', 'UTF-8'].map(
    (charset): Row => ({
      label: `content type application/json; charset=${charset}`,
      rule: 'CHARSET-UTF8',
      expect: 'ok',
      send: (t) => t.post(t.dryBatch([t.posting(item())]), { contentType: `application/json; charset=${charset}` }),
    }),
  ),
  {
    label: 'Authorization "xBearer <token>"',
    rule: 'AUTH-REFUSAL-403',
    expect: 403,
    send: async (t) => t.post(t.dryBatch([t.posting(item())]), { authorization: `x${await t.bearer()}` }),
  },
  {
    label: 'Authorization "Bearer <token> garbage"',
    rule: 'AUTH-REFUSAL-403',
    expect: 403,
    send: async (t) => t.post(t.dryBatch([t.posting(item())]), { authorization: `${await t.bearer()} garbage` }),
  },
  {
    label: 'Authorization "Bearer <token>,<token>"',
    rule: 'AUTH-REFUSAL-403',
    expect: 403,
    send: async (t) => t.post(t.dryBatch([t.posting(item())]), { authorization: `${await t.bearer()},${await t.tokens.main.get()}` }),
  },
];

suite('transport edges', () => {
  table(
    rows,
    {
      rule: (row) => row.rule,
      checks: (row) => (row.expect === 'whole-body' ? ['MALFORMED-400-SHAPE', 'ERROR-PATH-EXACT'] : []),
      name: (row) => `${row.label} → ${row.expect === 'ok' ? '200 VALIDATED' : row.expect === 403 ? '403' : '400, path ""'}`,
    },
    async (row) => {
      const ex = await row.send(t);
      if (row.expect === 'ok') batchProcessed(ex, 'VALIDATED', row.rule);
      else if (row.expect === 403) statusIs(ex, 403, row.rule);
      else {
        statusIs(ex, 400, row.rule);
        malformedHasErrors(ex);
        errorPointsAt(ex, '');
      }
    },
  );
});
