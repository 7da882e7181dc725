// The response recording shared by the suite (`--record=FILE` writes it) and `npm run drift` (reads
// it): JSON Lines, one exchange per line. Tokens are never recorded; personal data is redacted by the
// writer before a line is written.
import { readFileSync } from 'node:fs';

/** The test name of the pre-flight's recorded read-backs (the run's first requests, before any test). */
export const PREFLIGHT_TEST = 'pre-flight';

export interface RecordedExchange {
  /** The operation of the OpenAPI document the request was meant for. */
  operationId: string;
  method: string;
  /** The request path as sent, e.g. /clients/2218/autopostings/payment (no host, no query secrets). */
  path: string;
  status: number;
  /** The response's Content-Type header, or null when absent. */
  contentType: string | null;
  /** The parsed JSON body, or the raw text when it was not JSON (null when empty). */
  body: unknown;
  /** Whether `body` is parsed JSON (true) or raw text (false). */
  json: boolean;
  /** The test that made the request, when known. */
  test?: string;
  /** The item locks its test held when it sent the request (one grant: `hold`), when it held any. */
  locks?: { hold: number; write: string[]; read: string[] };
  /** ISO time the request was sent (its first try), when recorded. */
  sent?: string;
  /** ISO time of the response. */
  at: string;
}

export function parseRecording(text: string): RecordedExchange[] {
  return text
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, n]) => {
      try {
        return JSON.parse(line) as RecordedExchange;
      } catch (err) {
        throw new Error(`recording line ${n} is not JSON: ${(err as Error).message}`);
      }
    });
}

export function readRecording(path: string): RecordedExchange[] {
  return parseRecording(readFileSync(path, 'utf8'));
}

export function formatRecordLine(exchange: RecordedExchange): string {
  return `${JSON.stringify(exchange)}\n`;
}
