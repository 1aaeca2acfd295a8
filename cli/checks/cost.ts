import { Budget, DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand } from '@aws-sdk/client-budgets';
import { Check, fail, listed, pass } from '../check';
import { read, readAll } from '../read';

/**
 * Billing alarms: a cost budget that notifies someone. Both Budgets reads are authorized by the one
 * IAM action budgets:ViewBudget (Service Authorization Reference, AWS Budgets).
 */
export const billingAlarms: Check = async ({ accountId, clients }) => {
  const { items: budgets } = await readAll('budgets:ViewBudget',
    token => clients.budgets.send(new DescribeBudgetsCommand({ AccountId: accountId, NextToken: token })),
    page => page.Budgets, page => page.NextToken);
  const costBudgets = budgets.filter(budget => budget.BudgetType === 'COST');
  const alerting: string[] = [];
  for (const budget of costBudgets) {
    const { Notifications: notifications = [] } = await read('budgets:ViewBudget',
      () => clients.budgets.send(new DescribeNotificationsForBudgetCommand({ AccountId: accountId, BudgetName: budget.BudgetName })));
    if (notifications.length > 0) {
      alerting.push(`${describe(budget)} with ${notifications.length} alert${notifications.length === 1 ? '' : 's'}`);
    }
  }
  if (alerting.length > 0) {
    return pass(`cost budget ${listed(alerting)}`);
  }
  return fail(costBudgets.length === 0 ? 'no cost budget' : `no alert on the cost budgets ${listed(costBudgets.map(describe))}`);
};

function describe(budget: Budget): string {
  const limit = budget.BudgetLimit ? ` (${budget.BudgetLimit.Amount} ${budget.BudgetLimit.Unit} ${budget.TimeUnit?.toLowerCase()})` : '';
  return `'${budget.BudgetName}'${limit}`;
}
