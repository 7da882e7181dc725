// Recorded exchanges for the drift and spec:propose tests: a conforming 200 answer, a read-back, and
// one builder for a recording line, so every test starts from the same valid responses.
import type { RecordedExchange } from '../../../src/recording/format.js';

export const ok200 = () => ({
  status: 'PROCESSED',
  result: 'CREATED',
  message: 'Batch processed',
  clientNo: 2218,
  autoPostings: [{ arItemId: '2218-500006-35083-0', result: 'CREATED', resultType: 'OK', message: 'Posted' }],
});

export const item = () => ({
  arItemId: '2218-500006-35083-0',
  clientNo: 2218,
  currency: 'NOK',
  originalAmount: 5000,
  openAmount: 5000,
  dueDate: '2025-08-01',
  status: 'OPEN',
});

export const ex = (
  operationId: string,
  status: number,
  body: unknown,
  contentType: string | null = 'application/json',
  json = true,
): RecordedExchange => ({
  operationId,
  method: operationId === 'getArItem' ? 'GET' : 'POST',
  path: operationId === 'getArItem' ? '/clients/2218/aritems/x' : '/clients/2218/autopostings/payment',
  status,
  contentType,
  body,
  json,
  at: '2026-11-24T00:00:00Z',
});

export const post = (body: unknown, status = 200) => ex('createAutoPostings', status, body);
