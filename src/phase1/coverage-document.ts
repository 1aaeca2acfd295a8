import { Token } from 'aws-cdk-lib';
import { Assessment, CONTROLS, evaluates, ITEM_ASSESSMENTS, standardLabel } from './controls';
import { CoverageEntry, CoverageKind, CoverageStatus } from './coverage-entry';
import { PHASE1_ITEMS } from './items';
import { ResolvedBaseline } from './resolved-baseline';

/** The version of the JSON document's shape (`CoverageReport.SCHEMA_VERSION`). */
export const COVERAGE_SCHEMA_VERSION = 1;

const STATUS_ORDER = [CoverageStatus.SATISFIED, CoverageStatus.DETECTED, CoverageStatus.MANUAL, CoverageStatus.OFF];

/**
 * The coverage of one baseline and its two documents, computed from the baseline's description
 * (`ResolvedBaseline`). The synth writes these documents (coverage-synthesis.ts); the public
 * `CoverageReport` presents the same object to users. Neither needs the `SecureBaseline` class.
 */
export class CoverageDocument {
  public readonly stackName: string;
  public readonly artifactId: string;
  public readonly entries: CoverageEntry[];
  private readonly baseline: ResolvedBaseline;

  public constructor(baseline: ResolvedBaseline) {
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
      schemaVersion: COVERAGE_SCHEMA_VERSION,
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
