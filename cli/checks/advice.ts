import { DescribeTrustedAdvisorChecksCommand, DescribeTrustedAdvisorCheckSummariesCommand } from '@aws-sdk/client-support';
import { GetWebACLCommand, ListWebACLsCommand, Rule, Scope, WAFV2Client } from '@aws-sdk/client-wafv2';
import { errorName } from '../../handler/aws-call';
import { Check, fail, listed, pass, unknown } from '../check';
import { readAll, read } from '../read';

/**
 * Trusted Advisor's security checks, read through the AWS Support API, which answers only in
 * us-east-1 and only for a Business, Enterprise On-Ramp or Enterprise Support plan (others get
 * SubscriptionRequiredException; AWS Support API reference). Red ("error") checks fail the item.
 */
export const trustedAdvisor: Check = async ({ clients }) => {
  let checks;
  try {
    ({ checks = [] } = await read('support:DescribeTrustedAdvisorChecks',
      () => clients.supportUsEast1.send(new DescribeTrustedAdvisorChecksCommand({ language: 'en' }))));
  } catch (error) {
    if (errorName(error) === 'SubscriptionRequiredException') {
      return unknown('the Trusted Advisor API needs a Business, Enterprise On-Ramp or Enterprise Support plan (SubscriptionRequiredException); '
        + 'review the security checks in the Trusted Advisor console');
    }
    throw error;
  }
  const security = checks.filter(check => check.category === 'security');
  const names = new Map(security.map(check => [check.id, check.name]));
  const { summaries = [] } = await read('support:DescribeTrustedAdvisorCheckSummaries',
    () => clients.supportUsEast1.send(new DescribeTrustedAdvisorCheckSummariesCommand({ checkIds: security.map(check => check.id!) })));
  const byStatus = (status: string) => summaries.filter(summary => summary.status === status)
    .map(summary => names.get(summary.checkId) ?? summary.checkId ?? '');
  const red = byStatus('error');
  const yellow = byStatus('warning');
  const warnings = yellow.length > 0 ? `; ${yellow.length} to investigate: ${listed(yellow, 3)}` : '';
  return red.length > 0
    ? fail(`${red.length} of ${summaries.length} Trusted Advisor security checks need action: ${listed(red)}${warnings}`)
    : pass(`no Trusted Advisor security check needs action (${summaries.length} checks)${warnings}`);
};

/**
 * A web ACL that uses an AWS managed rule group, regional (ALB, API Gateway, AppSync, ...) in the
 * region checked or for CloudFront (listed in us-east-1 only; WAF API reference, ListWebACLs).
 */
export const waf: Check = async ({ region, clients }) => {
  const withManagedRules: string[] = [];
  const without: string[] = [];
  for (const [scope, client] of [['REGIONAL', clients.waf], ['CLOUDFRONT', clients.wafUsEast1]] as [Scope, WAFV2Client][]) {
    const { items: acls } = await readAll('wafv2:ListWebACLs',
      marker => client.send(new ListWebACLsCommand({ Scope: scope, NextMarker: marker, Limit: 100 })), page => page.WebACLs, page => page.NextMarker);
    for (const acl of acls) {
      const { WebACL: webAcl } = await read('wafv2:GetWebACL', () => client.send(new GetWebACLCommand({ Scope: scope, Name: acl.Name, Id: acl.Id })));
      const label = `${acl.Name} (${scope === 'REGIONAL' ? region : 'CloudFront'})`;
      (usesAwsManagedRules(webAcl?.Rules ?? []) ? withManagedRules : without).push(label);
    }
  }
  if (withManagedRules.length > 0) {
    return pass(`web ACL ${listed(withManagedRules)} uses AWS managed rules`);
  }
  return fail(without.length > 0
    ? `no web ACL uses AWS managed rules: ${listed(without)}`
    : `no web ACL in ${region} or for CloudFront; internet-facing load balancers, APIs and distributions need one`);
};

function usesAwsManagedRules(rules: Rule[]): boolean {
  return rules.some(rule => rule.Statement?.ManagedRuleGroupStatement?.VendorName === 'AWS');
}
