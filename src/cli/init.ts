// `arm-contract init`: a team's own repository set up for the suite — a commented profile to fill in
// (from profiles/example-live.yaml) and a nightly workflow running the installed command
// (templates/arm-contract-nightly.yml). Never writes over an existing file: a file already there is
// kept and named. Ends with the secrets and variables the workflow reads.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageRoot } from './package-root.js';

export const INIT_USAGE =
  'usage: arm-contract init [--help] (writes profiles/live.yaml and .github/workflows/arm-contract-nightly.yml, never over a file)';

/** What init writes: the target path in the user's folder, and its text from the package. */
function initFiles(root = packageRoot()): Array<{ path: string; text: () => string }> {
  return [
    {
      path: join('profiles', 'live.yaml'),
      // The example's own command lines name the repository's `npm test --`; here it is the installed command.
      text: () => readFileSync(join(root, 'profiles', 'example-live.yaml'), 'utf8').replaceAll('npm test -- ', 'npx arm-contract test '),
    },
    {
      path: join('.github', 'workflows', 'arm-contract-nightly.yml'),
      text: () => readFileSync(join(root, 'templates', 'arm-contract-nightly.yml'), 'utf8'),
    },
  ];
}

const SETTINGS = [
  'The workflow needs Allure for its HTML report: npm install -D allure allure-vitest (and commit package.json).',
  'It runs one job per profile marked `nightly` (profiles/live.yaml is), in the GitHub environment the profile names',
  '(`live`). Set, in GitHub (Settings → Environments → live, or Secrets and variables → Actions for every environment):',
  '  variable ARM_BASE_URL    the target, e.g. https://arm-sandbox.example.com',
  '  secret   ARM_TOKEN       a bearer token for profiles/live.yaml tokens.main, or instead:',
  '  variable ARM_TOKEN_URL   with secrets ARM_CLIENT_ID and ARM_CLIENT_SECRET (OAuth2 client credentials)',
  '  optional secrets ARM_EXPIRED_TOKEN, ARM_UNKNOWN_CLIENT_TOKEN, ARM_MULTI_CLIENT_TOKEN, ARM_SHORT_CLIENT_ID + ARM_SHORT_CLIENT_SECRET',
  '    (the tokens the profile names; the tests that need one skip, with the reason, without it)',
  'Another environment (e.g. staging with writes off) is another profile: copy profiles/live.yaml and set its `nightly` key.',
];

/** Writes the missing files into `dir`; prints one line per file and the settings to make. */
export function runInit(args: readonly string[], dir = process.cwd(), out = (l: string) => console.log(l)): number {
  if (args.includes('--help') || args.includes('-h')) {
    out(INIT_USAGE);
    return 0;
  }
  if (args.length > 0) {
    console.error(`arm-contract init: it takes no arguments, got ${args.join(' ')}\n${INIT_USAGE}`);
    return 2;
  }
  for (const file of initFiles()) {
    const target = join(dir, file.path);
    if (existsSync(target)) {
      out(`kept ${file.path}: it exists (init never writes over a file)`);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text(), { flag: 'wx' });
    out(`wrote ${file.path}`);
  }
  out('');
  out('Fill in profiles/live.yaml (every key is explained inside; no secrets in it) and commit both files.');
  for (const l of SETTINGS) out(l);
  return 0;
}
