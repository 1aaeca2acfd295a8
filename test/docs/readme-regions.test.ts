import * as fs from 'fs';
import { README_PATH, readmeWithRegions } from '../../scripts/readme-regions';

test('the README\'s region paragraph matches the region table the code decides with (npx projen readme:regions)', () => {
  const readme = fs.readFileSync(README_PATH, 'utf8');
  expect(readme).toBe(readmeWithRegions(readme));
});
