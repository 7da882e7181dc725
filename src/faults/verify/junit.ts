// Reads the suite's JUnit XML (vitest's junit reporter): which test cases ran and which failed.
// A full XML parser would be overkill: the reporter writes flat <testcase> elements with quoted attributes.

export interface JunitCase {
  classname: string;
  name: string;
  failed: boolean;
  skipped: boolean;
  /** The failure message attribute (first line is enough for a table). */
  message: string;
}

export interface JunitReport {
  cases: JunitCase[];
  failed: JunitCase[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1]?.toLowerCase() === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[m[1]!] = decodeXml(m[3] ?? m[4] ?? '');
  return out;
}

export function parseJunit(xml: string): JunitReport {
  const cases: JunitCase[] = [];
  // <testcase .../> or <testcase ...>...</testcase>
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attrs = attributes(m[1] ?? '');
    const inner = m[3] ?? '';
    const failure = /<(failure|error)\b([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/.exec(inner);
    const failureAttrs = failure ? attributes(failure[2] ?? '') : {};
    cases.push({
      classname: attrs['classname'] ?? '',
      name: attrs['name'] ?? '',
      failed: failure !== null,
      skipped: /<skipped\b/.test(inner),
      message: (failureAttrs['message'] ?? decodeXml(failure?.[4] ?? '')).split('\n')[0]?.trim() ?? '',
    });
  }
  return { cases, failed: cases.filter((c) => c.failed) };
}
