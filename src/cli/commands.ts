// The commands' flag tables: read by the scripts that run them, by the arm-contract bin, and by
// `npm run docs` (docs/reference/commands.md), so the help and the reference say the same thing.
import type { Command } from './args.js';

export const sandboxCommand = {
  sub: 'sandbox',
  npmScript: 'sandbox',
  summary:
    'Starts the embedded sandbox (the reference implementation, with its documented fixtures) and prints one ready line. Stop it with Ctrl-C.',
  flags: {
    port: { type: 'string', value: 'N', default: '4010', description: 'port to listen on (0 = any free port)' },
    host: { type: 'string', value: 'HOST', default: '127.0.0.1', description: 'address to listen on' },
  },
  notes: [
    'The sandbox signs tokens with SANDBOX_JWT_SECRET when set (else a built-in test secret); get one with POST /token or the token command.',
  ],
} as const satisfies Command;

export const tokenCommand = {
  sub: 'token',
  npmScript: 'sandbox:token',
  summary: 'Prints one bearer token (a JWT) that the embedded sandbox accepts, for the given client numbers.',
  flags: {
    clients: { type: 'string', value: 'N[,N...]', default: '2218', description: 'client numbers the token grants' },
    'expires-in': {
      type: 'string',
      value: 'SECONDS',
      default: '3600',
      description: 'lifetime in seconds (negative: already expired)',
    },
  },
  notes: [
    "Signed with SANDBOX_JWT_SECRET when set, else the sandbox's built-in test secret. With npm, add --silent to get the token alone.",
  ],
} as const satisfies Command;
