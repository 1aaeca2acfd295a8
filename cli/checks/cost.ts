import { Budget, DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand } from '@aws-sdk/client-budgets';
import { AnomalySubscription, GetAnomalySubscriptionsCommand } from '@aws-sdk/client-cost-explorer';
import { Check, Finding, fail, listed, pass } from '../check';
import { NeedsPermission, read, readAll } from '../read';

/**
 * Billing alarms for anomaly detection: a Cost Anomaly Detection subscription (what the baseline
 * makes by default) or a cost budget, either of them notifying someone. Each source is read on its
 * own, so that one denied read still lets the other pass the item.
 */
export const billingAlarms: Check = async account => {
  const findings = await Promise.all([anomalySubscriptions(account), costBudgets(account)].map(settle));
  const passed = findings.filter((finding): finding is Finding => !(finding instanceof NeedsPermission) && finding.status === 'pass');
  if (passed.length > 0) {
    return pass(passed.map(finding => finding.evidence).join('; '));
  }
  const denied = findings.find((finding): finding is NeedsPermission => finding instanceof NeedsPermission);
  if (denied) {
    throw denied;
  }
  return fail(findings.map(finding => (finding as Finding).evidence).join('; '));
};

async function settle(finding: Promise<Finding>): Promise<Finding | NeedsPermission> {
  try {
    return await finding;
  } catch (error) {
    if (error instanceof NeedsPermission) {
      return error;
    }
    throw error;
  }
}

/** Cost Explorer's API is global, served from us-east-1 (the client is made there). */
async function anomalySubscriptions({ clients }: Parameters<Check>[0]): Promise<Finding> {
  const { items: subscriptions } = await readAll('ce:GetAnomalySubscriptions',
    token => clients.costExplorerUsEast1.send(new GetAnomalySubscriptionsCommand({ NextPageToken: token })),
    page => page.AnomalySubscriptions, page => page.NextPageToken);
  const notifying = subscriptions.filter(subscription => (subscription.Subscribers ?? []).length > 0);
  return notifying.length > 0
    ? pass(`Cost Anomaly Detection subscription ${listed(notifying.map(describeSubscription))}`)
    : fail('no Cost Anomaly Detection subscription');
}

function describeSubscription(subscription: AnomalySubscription): string {
  const subscribers = subscription.Subscribers ?? [];
  return `'${subscription.SubscriptionName}' (${subscription.Frequency}, ${subscribers.length} subscriber${subscribers.length === 1 ? '' : 's'})`;
}

/** Both Budgets reads are authorized by the one IAM action budgets:ViewBudget (Service Authorization Reference, AWS Budgets). */
async function costBudgets({ accountId, clients }: Parameters<Check>[0]): Promise<Finding> {
  const { items: budgets } = await readAll('budgets:ViewBudget',
    token => clients.budgets.send(new DescribeBudgetsCommand({ AccountId: accountId, NextToken: token })),
    page => page.Budgets, page => page.NextToken);
  const cost = budgets.filter(budget => budget.BudgetType === 'COST');
  const alerting: string[] = [];
  for (const budget of cost) {
    const { Notifications: notifications = [] } = await read('budgets:ViewBudget',
      () => clients.budgets.send(new DescribeNotificationsForBudgetCommand({ AccountId: accountId, BudgetName: budget.BudgetName })));
    if (notifications.length > 0) {
      alerting.push(`${describeBudget(budget)} with ${notifications.length} alert${notifications.length === 1 ? '' : 's'}`);
    }
  }
  if (alerting.length > 0) {
    return pass(`cost budget ${listed(alerting)}`);
  }
  return fail(cost.length === 0 ? 'no cost budget' : `no alert on the cost budgets ${listed(cost.map(describeBudget))}`);
}

function describeBudget(budget: Budget): string {
  const limit = budget.BudgetLimit ? ` (${budget.BudgetLimit.Amount} ${budget.BudgetLimit.Unit} ${budget.TimeUnit?.toLowerCase()})` : '';
  return `'${budget.BudgetName}'${limit}`;
}
