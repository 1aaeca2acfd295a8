import { Duration, Lazy, Token } from 'aws-cdk-lib';
import { validateEmailAddress, validateUnique, validateWholeDays } from '../../src/private/validation';

describe('validateWholeDays', () => {
  test('accepts a whole number of days equal to the minimum', () => {
    expect(() => validateWholeDays('Props.age', Duration.days(1), 1)).not.toThrow();
  });

  test('accepts a whole number of days above the minimum', () => {
    expect(() => validateWholeDays('Props.age', Duration.days(365), 1)).not.toThrow();
  });

  test('accepts whole days expressed in hours, minutes or seconds', () => {
    expect(() => validateWholeDays('Props.age', Duration.hours(48), 1)).not.toThrow();
    expect(() => validateWholeDays('Props.age', Duration.minutes(1440), 1)).not.toThrow();
    expect(() => validateWholeDays('Props.age', Duration.seconds(86400), 1)).not.toThrow();
  });

  test('accepts 0 days when the minimum is 0', () => {
    expect(() => validateWholeDays('Props.age', Duration.days(0), 0)).not.toThrow();
  });

  test('rejects a fraction of a day', () => {
    expect(() => validateWholeDays('Props.age', Duration.hours(36), 1)).toThrow(
      'Props.age: received 1 day 12 hours; expected a whole number of days, at least 1');
  });

  test('rejects a duration below one day', () => {
    expect(() => validateWholeDays('Props.age', Duration.hours(12), 1)).toThrow(
      'Props.age: received 12 hours; expected a whole number of days, at least 1');
  });

  test('rejects whole days below the minimum', () => {
    expect(() => validateWholeDays('Props.age', Duration.days(6), 7)).toThrow(
      'Props.age: received 6 days; expected a whole number of days, at least 7');
  });

  test('rejects a whole number of days plus one second', () => {
    expect(() => validateWholeDays('Props.age', Duration.seconds(86401), 1)).toThrow(
      'Props.age: received 1 day 1 second; expected a whole number of days, at least 1');
  });

  test('uses the allowed text instead of "at least" when given', () => {
    expect(() => validateWholeDays('Props.expiration', Duration.days(5), 11, 'greater than the transition (10 days)')).toThrow(
      'Props.expiration: received 5 days; expected a whole number of days, greater than the transition (10 days)');
  });

  test('the allowed text also describes a fraction of a day', () => {
    expect(() => validateWholeDays('Props.expiration', Duration.hours(300), 11, 'greater than the transition (10 days)')).toThrow(
      'Props.expiration: received 12 days 12 hours; expected a whole number of days, greater than the transition (10 days)');
  });

  test('skips a duration that is a token', () => {
    const lazy = Duration.days(Lazy.number({ produce: () => 0.5 }));
    expect(lazy.isUnresolved()).toBe(true);
    expect(() => validateWholeDays('Props.age', lazy, 1)).not.toThrow();
  });
});

describe('validateUnique', () => {
  test('accepts an empty list', () => {
    expect(() => validateUnique('Props.items', [], (v: string) => v)).not.toThrow();
  });

  test('accepts distinct keys', () => {
    expect(() => validateUnique('Props.items', ['a', 'b', 'c'], v => v)).not.toThrow();
  });

  test('rejects a key listed twice, naming the key', () => {
    expect(() => validateUnique('Props.items', ['a', 'b', 'a'], v => v)).toThrow(
      "Props.items: 'a' is listed twice; list each value once");
  });

  test('compares the keys, not the values', () => {
    const values = [{ name: 'x', n: 1 }, { name: 'x', n: 2 }];
    expect(() => validateUnique('Props.items', values, v => v.name)).toThrow(
      "Props.items: 'x' is listed twice; list each value once");
  });

  test('is case-sensitive', () => {
    expect(() => validateUnique('Props.items', ['a', 'A'], v => v)).not.toThrow();
  });

  test('skips keys that are tokens', () => {
    const token = Token.asString(Lazy.string({ produce: () => 'same' }));
    expect(() => validateUnique('Props.items', [token, token], v => v)).not.toThrow();
  });
});

describe('validateEmailAddress', () => {
  test.each([
    ['security@example.com'],
    ['first.last+tag@sub.example.co.uk'],
  ])('accepts %s', (value) => {
    expect(() => validateEmailAddress('Props.email', value)).not.toThrow();
  });

  test.each([
    ['security.example.com'],
    ['security@example'],
    ['a@b@example.com'],
    ['security @example.com'],
    ['a@example.com,b@example.com '],
    ['a@example.com b@example.com'],
    ['security@example.'],
    [''],
  ])('rejects %j', (value) => {
    expect(() => validateEmailAddress('Props.email', value)).toThrow(
      `Props.email: received '${value}'; expected a single email address such as 'security@example.com'`);
  });

  test('skips a token', () => {
    expect(() => validateEmailAddress('Props.email', Lazy.string({ produce: () => 'not-an-address' }))).not.toThrow();
  });
});
