// Headless Chromium for the report's self tests: Debian's `chromium` package driven by playwright-core
// (whose own browser download is unreachable here). Absent: the test fails saying how to install it.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string {
  const own = process.env.CHROMIUM_PATH;
  const found = own ? [own].filter(existsSync)[0] : CANDIDATES.find(existsSync);
  if (!found) throw new Error('chromium is not installed: run `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH)');
  return found;
}

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's own sandbox refuses to start. No host name
  // resolves: the report is a local file and must reach nothing else.
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND'],
    timeout: 30_000,
  });
}
