// The classified changes as a markdown table.
import type { ClassifiedChange } from './classify.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderChanges(changes: ClassifiedChange[]): string {
  const breaking = changes.filter((c) => c.breaking).length;
  const lines = [`${changes.length} change(s), ${breaking} breaking for clients.`, ''];
  if (changes.length === 0) return lines.join('\n');
  lines.push('| breaking | kind | location | seen at | why | redocly |', '|---|---|---|---|---|---|');
  for (const c of [...changes].sort((a, b) => Number(b.breaking) - Number(a.breaking))) {
    lines.push(
      `| ${c.breaking ? '**yes**' : 'no'} | ${cell(c.kind)} | \`${cell(c.location)}\` | ${cell(c.seenAt)} | ${cell(c.why)} | ${c.redocly} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
