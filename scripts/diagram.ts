// Redraws docs/architecture.svg from docs/architecture.dot with Graphviz (`dot` on the PATH) and
// stamps the source's digest into the picture, so a test can tell a stale picture without Graphviz.
import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { architectureSourceDigest, SOURCE_DIGEST_PREFIX } from './diagram-digest';

const docs = join(__dirname, '..', 'docs');
const source = readFileSync(join(docs, 'architecture.dot'), 'utf8');
const svg = execFileSync('dot', ['-Tsvg'], { input: source, encoding: 'utf8' });
const stamp = `<!-- ${SOURCE_DIGEST_PREFIX}${architectureSourceDigest(source)} -->\n`;
writeFileSync(join(docs, 'architecture.svg'), svg.replace(/(<svg[\s>])/, `${stamp}$1`));
