import { Token } from 'aws-cdk-lib';
// A type only: the report reads a baseline, the baseline attaches the report (coverage-synthesis.ts).
import type { SecureBaseline } from '../secure-baseline';
import { Assessment, CONTROLS, evaluates, ITEM_ASSESSMENTS, standardLabel } from './controls';
import { CoverageEntry, CoverageKind, CoverageStatus } from './coverage-entry';
import { PHASE1_ITEMS } from './items';
import { ResolvedBaseline } from './resolved-baseline';

const STATUS_ORDER = [CoverageStatus.SATISFIED, CoverageStatus.DETECTED, CoverageStatus.MANUAL, CoverageStatus.OFF];

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
  public static readonly SCHEMA_VERSION = 1;

  /**
   * The coverage of a baseline, as it is now (a `SecureBaseline` makes all its parts in its constructor).
   *
   * @param baseline a SecureBaseline stack
   */
  public static of(baseline: SecureBaseline): CoverageReport {
    return new CoverageReport(ResolvedBaseline.of(baseline));
  }

  /** The stack's name. */
  public readonly stackName: string;
  /** The stack's artifact id in the cloud assembly; the report files are named after it. */
  public readonly artifactId: string;
  /** Every Phase 1 item, in the order of the maturity model's list, then every control, in id order. */
  public readonly entries: CoverageEntry[];
  private readonly baseline: ResolvedBaseline;

  private constructor(baseline: ResolvedBaseline) {
    this.baseline = baseline;
    this.stackName = baseline.stack.stackName;
    this.artifactId = baseline.stack.artifactId;
    this.entries = [
      ...PHASE1_ITEMS.map(item => {
        const assess = ITEM_ASSESSMENTS[item.id];
        if (!assess) {
          throw new Error(`CoverageReport: the Phase 1 item '${item.id}' has no assessment in src/phase1/controls.ts ITEM_ASSESSMENTS`);
        }
        return entry(CoverageKind.PHASE1_ITEM, item.id, item.title, item.optional, [], false, assess(baseline));
      }),
      ...CONTROLS.map(control => entry(CoverageKind.SECURITY_HUB_CONTROL, control.id, control.title, false,
        control.standards.map(standardLabel), evaluates(baseline, control.id), control.assess(baseline))),
    ];
  }

  /**
   * The entries with one status.
   *
   * @param status the status to keep
   */
  public withStatus(status: CoverageStatus): CoverageEntry[] {
    return this.entries.filter(e => e.status === status);
  }

  /** The JSON document written as `<artifactId>.coverage.json` (the README documents its schema). */
  public toJson(): string {
    const stack = this.baseline.stack;
    const document = {
      schemaVersion: CoverageReport.SCHEMA_VERSION,
      stackName: this.stackName,
      artifactId: this.artifactId,
      account: resolved(stack.account),
      region: resolved(stack.region),
      homeRegion: this.baseline.homeRegion,
      securityHubStandards: this.baseline.standards.map(standardLabel),
      summary: Object.fromEntries(STATUS_ORDER.map(status => [status, this.withStatus(status).length])),
      entries: this.entries,
    };
    return JSON.stringify(document, undefined, 2) + '\n';
  }

  /** The Markdown document written as `<artifactId>.coverage.md`. */
  public toMarkdown(): string {
    const stack = this.baseline.stack;
    const where = [resolved(stack.account) && `account ${stack.account}`, resolved(stack.region) && `region ${stack.region}`]
      .filter(Boolean).join(', ') || 'environment-agnostic';
    const lines = [
      `# Coverage of ${this.stackName}`,
      '',
      `AWS Security Maturity Model Phase 1 and Security Hub controls under this stack's props (${where}`
        + `${this.baseline.homeRegion ? `; member region of ${this.baseline.homeRegion}` : ''}).`,
      `Security Hub standards enabled here: ${this.baseline.standards.map(standardLabel).join(', ') || 'none'}.`,
      '',
      `Summary: ${STATUS_ORDER.map(status => `${this.withStatus(status).length} ${status}`).join(', ')}.`,
      '',
      '## Phase 1 items',
      '',
      '| item | status | why | what to do |',
      '|---|---|---|---|',
      ...this.entries.filter(e => e.kind === CoverageKind.PHASE1_ITEM).map(e =>
        row([`${e.title}${e.optional ? ' (optional)' : ''}`, e.status, e.detail, todo(e)])),
      '',
      '## Security Hub controls',
      '',
      '| control | standards | evaluated here | status | why | what to do |',
      '|---|---|---|---|---|---|',
      ...this.entries.filter(e => e.kind === CoverageKind.SECURITY_HUB_CONTROL).map(e =>
        row([`${e.id} ${e.title}`, e.standards.join(', ') || '-', e.evaluated ? 'yes' : 'no', e.status, e.detail, todo(e)])),
      '',
    ];
    return lines.join('\n');
  }
}

function entry(kind: CoverageKind, id: string, title: string, optional: boolean, standards: string[], evaluated: boolean,
  a: Assessment): CoverageEntry {
  return {
    kind,
    id,
    title,
    optional,
    standards,
    evaluated,
    status: a.status,
    detail: a.detail,
    satisfiedBy: a.satisfiedBy ?? [],
    detectedBy: a.detectedBy ?? [],
    offProp: a.offProp,
    manualStep: a.manualStep,
  };
}

function todo(e: CoverageEntry): string {
  if (e.offProp) {
    return `set \`${e.offProp}\``;
  }
  return e.manualStep ?? '-';
}

function row(cells: string[]): string {
  return `| ${cells.map(cell => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
}

function resolved(value: string): string | undefined {
  return Token.isUnresolved(value) ? undefined : value;
}
