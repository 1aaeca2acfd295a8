import { errorName } from '../../handler/aws-call';
import { asBoolean, asNumber } from '../../handler/types';

// CloudFormation hands every property over as a string; the inline StackSet entry point and tests may pass the value itself.
describe('reading custom resource properties', () => {
  test.each([[true, true], ['true', true], ['false', false], [false, false], [undefined, false], ['TRUE', false]])('asBoolean(%p) is %p', (value, expected) => {
    expect(asBoolean(value)).toBe(expected);
  });

  test.each([[undefined, undefined], ['', undefined], ['90', 90], [45, 45], ['0', 0]])('asNumber(%p) is %p', (value, expected) => {
    expect(asNumber(value)).toBe(expected);
  });

  test.each(['ninety', 'NaN', 'Infinity'])('asNumber(%p) fails, naming the value', (value) => {
    expect(() => asNumber(value)).toThrow(`expected a number, received '${value}'`);
  });
});

test('errorName reads the name of anything thrown: an Error, an AWS error, or a value without one', () => {
  expect(errorName(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe('ThrottlingException');
  expect(errorName(undefined)).toBe('');
  expect(errorName(null)).toBe('');
  expect(errorName('a string')).toBe('');
});
