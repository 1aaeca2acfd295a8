import { Status } from './check';
import { ItemResult, Scorecard } from './scorecard';

const COLOR: Record<Status, string> = { pass: '\u001b[32m', fail: '\u001b[31m', unknown: '\u001b[33m' };
const RESET = '\u001b[0m';

function label(status: Status, color: boolean): string {
  const text = status.toUpperCase().padEnd(7);
  return color ? `${COLOR[status]}${text}${RESET}` : text;
}

/** The line printed as each check finishes, on a terminal only. */
export function progressLine(result: ItemResult, done: number, total: number, color: boolean): string {
  const counter = `[${String(done).padStart(String(total).length)}/${total}]`;
  return `${counter} ${label(result.status, color)} ${result.id}`;
}

/** The scorecard as text: one block per item, the fix only where the item does not pass, then the score. */
export function formatText(scorecard: Scorecard, color: boolean): string {
  const lines = [`Phase 1 scorecard for account ${scorecard.accountId} in ${scorecard.region}`, ''];
  for (const item of scorecard.items) {
    lines.push(`${label(item.status, color)} ${item.id}${item.optional ? ' (optional)' : ''}: ${item.title}`);
    lines.push(`        ${item.evidence}`);
    if (item.status !== 'pass') {
      lines.push(`        fix: ${item.fix}`);
    }
  }
  const { percent, passed, required } = scorecard.score;
  const unknown = scorecard.items.filter(item => !item.optional && item.status === 'unknown').length;
  lines.push('', `Score: ${percent}% (${passed} of ${required} required items pass${unknown > 0 ? `; ${unknown} unknown, counted as not passing` : ''})`);
  return lines.join('\n') + '\n';
}

export function formatJson(scorecard: Scorecard): string {
  return JSON.stringify(scorecard, undefined, 2) + '\n';
}
