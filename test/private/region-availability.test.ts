import * as fs from 'fs';
import { GENERATED_PATH, renderAvailabilityModule } from '../../scripts/region-capabilities';
import { readRegistryData } from '../../scripts/registry-data';

test('the committed region table matches the installed cfn-lint\'s registry data (npx projen regions:generate)', () => {
  expect(fs.readFileSync(GENERATED_PATH, 'utf8')).toBe(renderAvailabilityModule(readRegistryData()));
});
