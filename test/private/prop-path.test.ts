import { inUserTerms } from '../../src/private/prop-path';

const PATHS = [['BudgetAlarmProps', 'SecureBaselineProps.budget'], ['AlternateContactsProps.security', 'SecureBaselineProps.securityContact']] as const;

describe('inUserTerms', () => {
  test('rewords every internal prop path in the message and the stack, in place', () => {
    const error = new Error('BudgetAlarmProps.monthlyLimitUsd: received 0; set BudgetAlarmProps.emails too');
    expect(inUserTerms(error, PATHS)).toBe(error);
    expect(error.message).toBe('SecureBaselineProps.budget.monthlyLimitUsd: received 0; set SecureBaselineProps.budget.emails too');
    expect(error.stack?.split('\n')[0]).toBe('Error: SecureBaselineProps.budget.monthlyLimitUsd: received 0; set SecureBaselineProps.budget.emails too');
  });

  test('a longer path is matched whole, not as the prefix of another name', () => {
    expect((inUserTerms(new Error('AlternateContactsProps.security.name: received \'\''), PATHS) as Error).message)
      .toBe('SecureBaselineProps.securityContact.name: received \'\'');
    expect((inUserTerms(new Error('AlternateContactsProps.securityTeam.name: x'), PATHS) as Error).message)
      .toBe('AlternateContactsProps.securityTeam.name: x');
    expect((inUserTerms(new Error('MyBudgetAlarmProps.x: y'), PATHS) as Error).message).toBe('MyBudgetAlarmProps.x: y');
  });

  test('an error that names no internal prop, and a thrown non-error, are left as they are', () => {
    const error = new Error('something else');
    const stack = error.stack;
    expect(inUserTerms(error, PATHS)).toBe(error);
    expect(error.stack).toBe(stack);
    expect(inUserTerms('a string', PATHS)).toBe('a string');
  });
});
