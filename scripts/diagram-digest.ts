import { createHash } from 'crypto';

export const SOURCE_DIGEST_PREFIX = 'drawn from architecture.dot sha256:';

export function architectureSourceDigest(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}
