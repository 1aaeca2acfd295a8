// The README's code examples, read from README.md itself: the tests run exactly what a reader copies.
import * as fs from 'fs';
import * as path from 'path';

export const README_PATH = path.join(__dirname, '..', '..', 'README.md');

export interface Snippet {
  /** The fence's language: `ts` or `python`. */
  readonly language: string;
  /** The 1-based line of the opening fence in README.md, to name the snippet in a failure. */
  readonly line: number;
  readonly code: string;
}

/** Every fenced block of README.md, in order, with its language. */
export function readmeSnippets(readme: string = fs.readFileSync(README_PATH, 'utf8')): Snippet[] {
  const snippets: Snippet[] = [];
  const fence = /^```([a-z]*)\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(readme); match; match = fence.exec(readme)) {
    snippets.push({ language: match[1], line: readme.slice(0, match.index).split('\n').length, code: match[2] });
  }
  return snippets;
}
