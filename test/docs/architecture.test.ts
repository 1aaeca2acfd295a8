import { readFileSync } from 'fs';
import { join } from 'path';
import { architectureSourceDigest, SOURCE_DIGEST_PREFIX } from '../../scripts/diagram-digest';

const docs = join(__dirname, '..', '..', 'docs');

test('the architecture picture is drawn from the current docs/architecture.dot (redraw: npx projen diagram)', () => {
  const source = readFileSync(join(docs, 'architecture.dot'), 'utf8');
  const svg = readFileSync(join(docs, 'architecture.svg'), 'utf8');
  expect(svg).toContain(`${SOURCE_DIGEST_PREFIX}${architectureSourceDigest(source)}`);
});

test('the README shows the picture', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toContain('](docs/architecture.svg)');
});
