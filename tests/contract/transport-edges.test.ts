// Transport edges: bytes that are not UTF-8, a body of exactly 1 MiB (accepted) and one byte more,
// a chunked body (no Content-Length) under and over 1 MiB, a charset naming UTF-8 in either case
// (read), and Authorization values that only look like "Bearer <token>". Every body is a dry run
// (metadata.validateOnly: true).
import type { RuleId } from '../../src/openapi/document.js';
import { batchProcessed, errorPointsAt, malformedHasErrors, statusIs } from '../../src/oracle/checks.js';
import { type SkipContext, suite, table, useTarget } from '../../src/runner/harness.js';
import { type Authorization, authorization, item } from '../../src/runner/roles.js';
import type { Exchange } from '../../src/client/exchange.js';
import { rawPost } from '../../src/runner/raw-post.js';

const t = useTarget();
const MiB = 1024 * 1024;
const dryJson = () => JSON.stringify(t.dryBatch([t.posting(t.profile.items.open[0] ?? t.profile.items.write[0]!)]));
/** A dry-run body padded with trailing spaces (valid JSON whitespace) to exactly `bytes` bytes. */
const padded = (bytes: number) => dryJson() + ' '.repeat(bytes - Buffer.byteLength(dryJson()));
/** Split into 64 KiB pieces, as a streaming client would send them. */
const pieces = (b: Buffer) => Array.from({ length: Math.ceil(b.length / 65536) }, (_, i) => b.subarray(i * 65536, (i + 1) * 65536));

/** How a padded dry-run body is sent: by the typed client, or by node:http with a Content-Length or chunked. */
type Via = 'client' | 'node' | 'chunked';

interface Row {
  label: string;
  rule: RuleId;
  /**
   * The body: a dry run with byte 0xFF in it (not UTF-8), a dry run padded to `bytes` (`size` says how
   * much in words) and sent `via`, or a plain dry run with the given content type or Authorization.
   */
  body: { notUtf8: true } | { bytes: number; size: string; via: Via } | { contentType?: string; auth?: Authorization };
  /** 'ok': 200 VALIDATED; 'whole-body': 400 pointing at ""; 403. */
  expect: 'ok' | 'whole-body' | 403;
}

const rows: Row[] = [
  { label: 'a body that is not valid UTF-8 (byte 0xFF in userId)', rule: 'MALFORMED-400', expect: 'whole-body', body: { notUtf8: true } },
  { label: 'a body of exactly 1 MiB', rule: 'LIMITS-INCLUSIVE', expect: 'ok', body: { bytes: MiB, size: '1 MiB', via: 'client' } },
  // Sent with node:http: the target may answer before the upload ends and close, which fetch reports
  // as a connection error (and the exchange layer would send the body again).
  {
    label: 'a body of 1 MiB + 1 byte',
    rule: 'LIMITS-INCLUSIVE',
    expect: 'whole-body',
    body: { bytes: MiB + 1, size: '1 MiB + 1 byte', via: 'node' },
  },
  {
    label: 'a chunked body (no Content-Length) under 1 MiB',
    rule: 'LIMITS-INCLUSIVE',
    expect: 'ok',
    body: { bytes: 200_000, size: '200000 bytes', via: 'chunked' },
  },
  {
    label: 'a chunked body (no Content-Length) over 1 MiB',
    rule: 'MALFORMED-400',
    expect: 'whole-body',
    body: { bytes: MiB + 65536, size: '1 MiB + 64 KiB', via: 'chunked' },
  },
  // The charset names UTF-8 in any case: read like no charset at all.
  ...['utf-8', 'UTF-8'].map(
    (charset): Row => ({
      label: `content type application/json; charset=${charset}`,
      rule: 'CHARSET-UTF8',
      expect: 'ok',
      body: { contentType: `application/json; charset=${charset}` },
    }),
  ),
  ...['x{header}', '{header} garbage', '{header},{token}'].map(
    (template): Row => ({
      label: `Authorization "${template.replace('{header}', 'Bearer <token>').replace('{token}', '<token>')}"`,
      rule: 'AUTH-REFUSAL-403',
      expect: 403,
      body: { auth: { token: 'main', template } },
    }),
  ),
];

async function send(row: Row, ctx: SkipContext): Promise<Exchange> {
  const b = row.body;
  if ('notUtf8' in b) {
    const [head, tail] = dryJson().split('arm-contract') as [string, string];
    return rawPost(t, {
      chunks: [Buffer.concat([Buffer.from(`${head}arm`), Buffer.from([0xff, 0xfe]), Buffer.from(`contract${tail}`)])],
      chunked: false,
      describe: `${head}arm\\xFF\\xFEcontract${tail}`,
    });
  }
  if ('bytes' in b) {
    if (b.via === 'client') return t.post(undefined, { rawBody: padded(b.bytes) });
    const chunked = b.via === 'chunked';
    const describe = `${dryJson()} + spaces to ${b.size}${chunked ? ', sent chunked' : ''}`;
    return rawPost(t, { chunks: pieces(Buffer.from(padded(b.bytes))), chunked, describe });
  }
  return t.post(t.dryBatch([t.posting(item(t, 'read', ctx))]), {
    ...(b.contentType ? { contentType: b.contentType } : {}),
    ...(b.auth ? { authorization: await authorization(t, b.auth, ctx) } : {}),
  });
}

suite('transport edges', () => {
  table(
    rows,
    {
      rule: (row) => row.rule,
      checks: (row) => (row.expect === 'whole-body' ? ['MALFORMED-400-SHAPE', 'ERROR-PATH-EXACT'] : []),
      name: (row) => `${row.label} → ${row.expect === 'ok' ? '200 VALIDATED' : row.expect === 403 ? '403' : '400, path ""'}`,
    },
    async (row, ctx) => {
      const ex = await send(row, ctx);
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
