import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import type { AccountClient } from '@aws-sdk/client-account';
import type { BudgetsClient } from '@aws-sdk/client-budgets';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { DetectiveClient } from '@aws-sdk/client-detective';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { GuardDutyClient } from '@aws-sdk/client-guardduty';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { Inspector2Client } from '@aws-sdk/client-inspector2';
import type { Macie2Client } from '@aws-sdk/client-macie2';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SupportClient } from '@aws-sdk/client-support';
import type { WAFV2Client } from '@aws-sdk/client-wafv2';

export type Status = 'pass' | 'fail' | 'unknown';

/** What one check found. */
export interface Finding {
  readonly status: Status;
  /** What was seen, with the call and value that showed it where that helps. */
  readonly evidence: string;
  /** A more precise fix than the item's own, when the check knows one. */
  readonly fix?: string;
}

/** The account and the clients a check reads it with, one per service (us-east-1 ones where the API lives only there). */
export interface Account {
  readonly accountId: string;
  readonly region: string;
  readonly clients: Clients;
}

export interface Clients {
  readonly accessAnalyzer: AccessAnalyzerClient;
  readonly account: AccountClient;
  readonly budgets: BudgetsClient;
  readonly cloudTrail: CloudTrailClient;
  readonly config: ConfigServiceClient;
  /** Cost Explorer (Cost Anomaly Detection) is global, served from us-east-1. */
  readonly costExplorerUsEast1: CostExplorerClient;
  readonly detective: DetectiveClient;
  readonly ec2: EC2Client;
  readonly guardDuty: GuardDutyClient;
  readonly iam: IAMClient;
  readonly inspector: Inspector2Client;
  readonly macie: Macie2Client;
  readonly organizations: OrganizationsClient;
  readonly s3Control: S3ControlClient;
  readonly securityHub: SecurityHubClient;
  /** The Trusted Advisor operations of the Support API answer only in us-east-1. */
  readonly supportUsEast1: SupportClient;
  readonly waf: WAFV2Client;
  /** Web ACLs for CloudFront are listed in us-east-1 only. */
  readonly wafUsEast1: WAFV2Client;
}

/** A check of one Phase 1 item (its id in src/phase1/items.ts). */
export type Check = (account: Account) => Promise<Finding>;

export const pass = (evidence: string): Finding => ({ status: 'pass', evidence });
export const fail = (evidence: string, fix?: string): Finding => ({ status: 'fail', evidence, fix });
export const unknown = (evidence: string, fix?: string): Finding => ({ status: 'unknown', evidence, fix });

/** "a, b and c", for evidence lines. */
export function listed(values: string[], max = 5): string {
  const shown = values.slice(0, max);
  const more = values.length > max ? [`${values.length - max} more`] : [];
  const all = [...shown, ...more];
  return all.length <= 1 ? all.join('') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}
