import * as fs from 'fs';
import { README_PATH, readmeWithGuardrails } from '../../scripts/readme-guardrails';

test('the README\'s guardrails tables are generated from the statements and the tamper matrix (run `npx projen readme:guardrails` after changing them)', () => {
  const readme = fs.readFileSync(README_PATH, 'utf8');
  expect(readmeWithGuardrails(readme)).toEqual(readme);
});
