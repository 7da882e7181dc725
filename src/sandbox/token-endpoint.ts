// POST /token: the OAuth2 client-credentials grant, as Amili's token service serves it.
import { decodeJwt } from 'jose';
import { mintToken } from './auth.js';
import { FIXTURE_CREDENTIALS, SANDBOX_CLIENT_SECRET } from './fixtures.js';

export interface TokenAnswer {
  status: 200 | 400 | 401;
  body: Record<string, unknown>;
}

const EXPIRES_IN = 3600;

export async function issueToken(form: URLSearchParams, secret: string): Promise<TokenAnswer> {
  const grant = form.get('grant_type');
  if (!grant) return { status: 400, body: { error: 'invalid_request', error_description: 'grant_type is required' } };
  if (grant !== 'client_credentials') {
    return {
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: 'Only grant_type=client_credentials is supported' },
    };
  }
  const cred = FIXTURE_CREDENTIALS.find((c) => c.clientId === form.get('client_id'));
  if (!cred || form.get('client_secret') !== SANDBOX_CLIENT_SECRET) {
    return {
      status: 401,
      body: { error: 'invalid_client', error_description: 'Unknown client_id or wrong client_secret' },
    };
  }
  const accessToken = await mintToken({
    clients: cred.clients,
    ...(cred.lifetimeSeconds === undefined
      ? { expiresInSeconds: cred.expired ? -60 : EXPIRES_IN }
      : { minLifetimeMs: cred.lifetimeSeconds * 1000 }),
    secret,
    subject: cred.subject ?? cred.clientId,
  });
  const { exp, iat } = decodeJwt(accessToken) as { exp: number; iat: number };
  return {
    status: 200,
    body: {
      access_token: accessToken,
      token_type: 'Bearer',
      // expires_in is never negative on the wire; the expired card's expires_on lies in the past.
      expires_in: Math.max(0, exp - iat),
      // The token's own exp: a second clock reading here could fall in the next second.
      expires_on: exp,
    },
  };
}
