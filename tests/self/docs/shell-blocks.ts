// The fenced code blocks of the hand-written pages (README.md, docs/*.md) and the marker on the line
// just before each shell block, which says whether the self test runs it (doc-commands.test.ts):
//
//   <!-- runnable -->                 run as shown, in a scratch copy of the repository
//   <!-- runnable: sandbox -->        run against a fresh sandbox the test starts: the target
//                                     placeholders a reader replaces (base URL, token variables) name it
//   <!-- runnable: serves -->         the first line starts a server (a person's second terminal): it runs
//                                     in the background, the rest runs once it has printed its URL
//   <!-- runnable: serves, exits 1 --> ... and its last command is shown to fail with that exit code
//   <!-- runs in CI: .ci/run -->      every command of the block is a line of .ci/run (clean clone)
//   <!-- not runnable: REASON -->     not run, and the reason says why
//
// HTML comments, so GitHub shows nothing of them. Markdown is parsed by markdown-it, so a fence is
// found wherever the page's renderer finds one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';

export type Marker =
  | { kind: 'runnable'; mode: 'as-shown' | 'sandbox' | 'serves'; exitCode: number }
  | { kind: 'ci'; file: string }
  | { kind: 'not-runnable'; reason: string };

export interface Block {
  /** Path relative to the repository, e.g. docs/sandbox.md. */
  page: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's info string, e.g. "sh" ('' when it has none). */
  lang: string;
  code: string;
  /** The marker on the line before the fence, parsed; a string when it is there but not understood. */
  marker: Marker | string | undefined;
}

export const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

/** README.md and the hand-written pages under docs/ (docs/reference/ is generated from the sources). */
export function docPages(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort();
  return ['README.md', ...docs.map((name) => `docs/${name}`)];
}

const MARKER =
  /^<!--\s*(runnable(?::\s*(sandbox|serves)?,?\s*(?:exits (\d+))?)?|runs in CI:\s*(\S+)|not runnable:\s*(\S[\s\S]*?))\s*-->\s*$/;

export function parseMarker(comment: string): Marker | string {
  const m = MARKER.exec(comment.trim());
  if (!m) return comment.trim();
  if (m[1]!.startsWith('runnable'))
    return { kind: 'runnable', mode: (m[2] as 'sandbox' | 'serves' | undefined) ?? 'as-shown', exitCode: Number(m[3] ?? 0) };
  if (m[4] !== undefined) return { kind: 'ci', file: m[4] };
  return { kind: 'not-runnable', reason: m[5]!.replace(/\s+/g, ' ') };
}

export function blocksOf(root: string, page: string): Block[] {
  const tokens = new MarkdownIt({ html: true }).parse(readFileSync(join(root, page), 'utf8'), {});
  const blocks: Block[] = [];
  tokens.forEach((token, i) => {
    if (token.type !== 'fence' || !token.map) return;
    const before = tokens[i - 1];
    // Only a comment that ends on the line right before the fence marks it.
    const marked = before?.type === 'html_block' && before.map?.[1] === token.map[0] && before.content.trim().startsWith('<!--');
    blocks.push({
      page,
      line: token.map[0] + 1,
      lang: token.info.trim().split(/\s+/)[0] ?? '',
      code: token.content,
      marker: marked ? parseMarker(before.content) : undefined,
    });
  });
  return blocks;
}

/** The commands of a block: continuation lines joined, comments and blank lines dropped, `&&` chains split. */
export function commandsOf(code: string): string[] {
  return code
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '')
    .flatMap((line) => line.split('&&').map((c) => c.trim()));
}
