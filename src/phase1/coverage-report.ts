// A type only: the report reads a baseline's description (ResolvedBaseline), which the baseline hands
// over when it is built; only this public entry point names the class.
import type { SecureBaseline } from '../secure-baseline';
import { COVERAGE_SCHEMA_VERSION, CoverageDocument } from './coverage-document';
import { CoverageEntry, CoverageStatus } from './coverage-entry';
import { ResolvedBaseline } from './resolved-baseline';

/**
 * What a `SecureBaseline` stack covers, under exactly its props: each Phase 1 item of the AWS
 * Security Maturity Model and each Security Hub control the baseline affects, SATISFIED (by which
 * construct), DETECTED (by which control or CIS alarm), MANUAL (the account owner's step) or OFF
 * (naming the prop). Every baseline writes it into the cloud assembly at synth, as
 * `<artifactId>.coverage.json` and `<artifactId>.coverage.md`.
 *
 * @example
 * import { App } from 'aws-cdk-lib';
 * import { CoverageReport, CoverageStatus, SecureBaseline } from 'cdk-secure-baseline';
 *
 * const app = new App();
 * const baseline = new SecureBaseline(app);
 * // What the account owner still does by hand, under exactly these props:
 * const manual = CoverageReport.of(baseline).withStatus(CoverageStatus.MANUAL);
 * // The documents the synth writes next to the template, in code:
 * const markdown = CoverageReport.of(baseline).toMarkdown();
 */
export class CoverageReport {
  /** The version of the JSON document's shape; raised when a field changes meaning or goes away. */
  public static readonly SCHEMA_VERSION = COVERAGE_SCHEMA_VERSION;

  /**
   * The coverage of a baseline, as it is now (a `SecureBaseline` makes all its parts in its constructor).
   *
   * @param baseline a SecureBaseline stack
   */
  public static of(baseline: SecureBaseline): CoverageReport {
    return new CoverageReport(new CoverageDocument(ResolvedBaseline.of(baseline)));
  }

  /** The stack's name. */
  public readonly stackName: string;
  /** The stack's artifact id in the cloud assembly; the report files are named after it. */
  public readonly artifactId: string;
  /** Every Phase 1 item, in the order of the maturity model's list, then every control, in id order. */
  public readonly entries: CoverageEntry[];
  private readonly document: CoverageDocument;

  private constructor(document: CoverageDocument) {
    this.document = document;
    this.stackName = document.stackName;
    this.artifactId = document.artifactId;
    this.entries = document.entries;
  }

  /**
   * The entries with one status.
   *
   * @param status the status to keep
   */
  public withStatus(status: CoverageStatus): CoverageEntry[] {
    return this.document.withStatus(status);
  }

  /** The JSON document written as `<artifactId>.coverage.json` (the README documents its schema). */
  public toJson(): string {
    return this.document.toJson();
  }

  /** The Markdown document written as `<artifactId>.coverage.md`. */
  public toMarkdown(): string {
    return this.document.toMarkdown();
  }
}
