import { Account, Check, Finding, Status } from './check';
import { ebsEncryption, regionRestriction, s3BlockPublicAccess, securityContact, securityGroups } from './checks/account';
import { trustedAdvisor, waf } from './checks/advice';
import { billingAlarms } from './checks/cost';
import { accessAnalyzer, config, detective, guardDuty, inspector, macie, securityHub } from './checks/detection';
import { iamMfa, rootMfa } from './checks/identity';
import { cloudTrail } from './checks/logging';
import { NeedsPermission } from './read';
import { Phase1Item, PHASE1_ITEMS } from '../src/phase1/items';

/** One check per Phase 1 item, keyed by the item's stable id. */
export const CHECKS: Record<string, Check> = {
  'security-contact': securityContact,
  'region-restriction': regionRestriction,
  'security-hub': securityHub,
  'root-mfa': rootMfa,
  'iam-mfa': iamMfa,
  'access-analyzer': accessAnalyzer,
  'guardduty': guardDuty,
  'cloudtrail': cloudTrail,
  'config': config,
  'billing-alarms': billingAlarms,
  'trusted-advisor': trustedAdvisor,
  'security-groups': securityGroups,
  's3-block-public-access': s3BlockPublicAccess,
  'waf': waf,
  'inspector': inspector,
  'ebs-encryption': ebsEncryption,
  'detective': detective,
  'macie': macie,
};

/** One line of the scorecard; also the `items[]` entries of the `--json` output. */
export interface ItemResult {
  readonly id: string;
  readonly title: string;
  readonly optional: boolean;
  readonly status: Status;
  readonly evidence: string;
  /** The SecureBaseline prop that turns it on, or the manual step. */
  readonly fix: string;
  /** The IAM action that was denied, when that made the status unknown. */
  readonly neededAction?: string;
}

export interface Scorecard {
  readonly schemaVersion: 1;
  readonly accountId: string;
  readonly region: string;
  readonly score: { readonly percent: number; readonly passed: number; readonly required: number };
  readonly items: ItemResult[];
}

/** The item's own fix: the SecureBaseline prop (or the construct, as items.ts words it), the manual step, or both. */
export function itemFix(item: Phase1Item): string {
  const inTemplate = item.fixInTemplate && /^[a-z]\w*(\.[a-z]\w*)?$/.test(item.fixInTemplate)
    ? `SecureBaseline prop ${item.fixInTemplate}`
    : item.fixInTemplate;
  return [inTemplate, item.manualStep].filter(Boolean).join('; ');
}

/** Runs one check; a denied call makes the item unknown, and so does any other error, so the rest goes on. */
async function runCheck(item: Phase1Item, account: Account): Promise<ItemResult> {
  const base = { id: item.id, title: item.title, optional: item.optional, fix: itemFix(item) };
  let finding: Finding;
  try {
    finding = await CHECKS[item.id](account);
  } catch (error) {
    if (error instanceof NeedsPermission) {
      return { ...base, status: 'unknown', evidence: `${error.message} (${error.awsError})`, neededAction: error.action };
    }
    return { ...base, status: 'unknown', evidence: `could not check: ${(error as Error).name}: ${(error as Error).message}` };
  }
  return { ...base, status: finding.status, evidence: finding.evidence, fix: finding.fix ?? base.fix };
}

/**
 * Checks every Phase 1 item, a few at a time (each service has its own request quota), and reports
 * each result as it comes. The score is the share of required items that pass; unknown counts as
 * not passing, so that a role that cannot see a setting cannot make a CI gate pass.
 */
export async function buildScorecard(account: Account, onResult: (result: ItemResult, done: number, total: number) => void = () => {},
  concurrency = 4): Promise<Scorecard> {
  const results: ItemResult[] = new Array(PHASE1_ITEMS.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < PHASE1_ITEMS.length) {
      const index = next++;
      results[index] = await runCheck(PHASE1_ITEMS[index], account);
      onResult(results[index], ++done, PHASE1_ITEMS.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const required = results.filter(result => !result.optional);
  const passed = required.filter(result => result.status === 'pass').length;
  return {
    schemaVersion: 1,
    accountId: account.accountId,
    region: account.region,
    score: { percent: Math.floor(100 * passed / required.length), passed, required: required.length },
    items: results,
  };
}
