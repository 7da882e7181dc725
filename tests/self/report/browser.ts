// Headless Chromium for the report's self tests: Debian's `chromium` package driven by playwright-core
// (whose own browser download is unreachable here). Absent: the test fails saying how to install it.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/** Allure's page has rendered its data: the counts are on it. */
const RENDERED = /Total\s+\d+/;

/**
 * Opens a report page and waits until Allure has rendered it. In one CI run of many, under the
 * heaviest load, a page drew its frame but never its data (no page error, the same file rendered in
 * the next test): after `firstWaitMs` the page is reloaded once, with a line saying so and a
 * screenshot of what it showed. A page that does not render after the reload fails the test.
 */
export async function openReport(page: Page, url: string, shot: string, firstWaitMs = 30_000, againMs = 45_000): Promise<void> {
  const rendered = async (ms: number) => {
    const end = Date.now() + ms;
    for (;;) {
      if (RENDERED.test(await page.locator('body').innerText())) return true;
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  await page.goto(url);
  if (await rendered(firstWaitMs)) return;
  await page.screenshot({ path: shot, fullPage: true });
  console.warn(`the report page had not rendered its data after ${firstWaitMs / 1000} s (screenshot: ${shot}): reloading it once`);
  await page.reload();
  if (!(await rendered(againMs)))
    throw new Error(`the report page rendered no counts (/${RENDERED.source}/) even after a reload: see ${shot}`);
}
