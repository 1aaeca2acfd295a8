import * as fs from 'fs';
import * as path from 'path';
import { attachCustomSynthesis, ISynthesisSession, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { SecureBaselineProps } from '../secure-baseline-props';
import { CoverageDocument } from './coverage-document';
import { registerBaseline, ResolvedBaseline } from './resolved-baseline';

/**
 * Makes the baseline write its coverage report into the cloud assembly at every synth (`app.synth()`
 * and `cdk synth`), next to its template: `<artifactId>.coverage.json` and `.coverage.md`.
 *
 * A stack's own synthesis belongs to its synthesizer, so the report hangs on a child construct that
 * adds nothing to the template. The report is computed during synthesis, when the construct tree is
 * final, and written to the session's outdir (the nested assembly's directory for a stack in a Stage).
 */
export function attachCoverageReport(baseline: Stack, props: SecureBaselineProps): void {
  registerBaseline(baseline, props);
  const holder = new Construct(baseline, 'CoverageReport');
  attachCustomSynthesis(holder, {
    onSynthesize(session: ISynthesisSession) {
      const report = new CoverageDocument(ResolvedBaseline.of(baseline));
      const base = path.join(session.outdir, `${report.artifactId}.coverage`);
      fs.writeFileSync(`${base}.json`, report.toJson());
      fs.writeFileSync(`${base}.md`, report.toMarkdown());
    },
  });
}
