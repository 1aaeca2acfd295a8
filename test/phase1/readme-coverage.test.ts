import * as fs from 'fs';
import { README_PATH, readmeWithCoverage } from '../../scripts/readme-coverage';

test('the README\'s coverage tables are generated from the catalogue (run `npx projen readme:coverage` after changing it)', () => {
  const readme = fs.readFileSync(README_PATH, 'utf8');
  expect(readmeWithCoverage(readme)).toEqual(readme);
});
