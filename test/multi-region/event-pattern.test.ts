import { matchesEventPattern } from './event-pattern';

// Each case is an example of the EventBridge user guide's "Content filtering in Amazon EventBridge
// event patterns", in a matching and a non-matching pair, so that the findings proof stands on a
// matcher that can say no.
describe('matchesEventPattern', () => {
  const event = {
    'source': 'aws.securityhub',
    'detail-type': 'Security Hub Findings - Imported',
    'region': 'eu-west-1',
    'detail': {
      severity: 8,
      userIdentity: { type: 'Root' },
      findings: [{ Region: 'eu-central-1', Severity: { Label: 'HIGH' } }, { Region: 'us-east-1', Severity: { Label: 'LOW' } }],
    },
  };

  test('values listed for a field are alternatives; every field must match', () => {
    expect(matchesEventPattern({ 'source': ['aws.guardduty', 'aws.securityhub'], 'detail-type': ['Security Hub Findings - Imported'] }, event)).toBe(true);
    expect(matchesEventPattern({ 'source': ['aws.securityhub'], 'detail-type': ['GuardDuty Finding'] }, event)).toBe(false);
  });

  test('a field that is not in the event does not match a value', () => {
    expect(matchesEventPattern({ account: ['111111111111'] }, event)).toBe(false);
  });

  test('arrays of objects are flattened: any element matches', () => {
    expect(matchesEventPattern({ detail: { findings: { Region: ['us-east-1'] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { findings: { Region: ['ap-southeast-2'] } } }, event)).toBe(false);
  });

  test('numeric ranges', () => {
    expect(matchesEventPattern({ detail: { severity: [{ numeric: ['>=', 7] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { severity: [{ numeric: ['>=', 9] }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { severity: [{ numeric: ['>', 7, '<', 8] }] } }, event)).toBe(false);
  });

  test('exists', () => {
    expect(matchesEventPattern({ detail: { userIdentity: { invokedBy: [{ exists: false }] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { userIdentity: { type: [{ exists: false }] } } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { userIdentity: { type: [{ exists: true }] } } }, event)).toBe(true);
  });

  test('anything-but, with one value or a list', () => {
    expect(matchesEventPattern({ region: [{ 'anything-but': 'us-east-1' }] }, event)).toBe(true);
    expect(matchesEventPattern({ region: [{ 'anything-but': ['eu-west-1', 'us-east-1'] }] }, event)).toBe(false);
    expect(matchesEventPattern({ account: [{ 'anything-but': ['eu-west-1'] }] }, event)).toBe(false);
  });

  test('$or: one of the alternatives, together with the fields beside it', () => {
    const pattern = { source: ['aws.securityhub'], $or: [{ region: ['us-east-1'] }, { detail: { severity: [8] } }] };
    expect(matchesEventPattern(pattern, event)).toBe(true);
    expect(matchesEventPattern({ ...pattern, source: ['aws.guardduty'] }, event)).toBe(false);
    expect(matchesEventPattern({ $or: [{ region: ['us-east-1'] }, { detail: { severity: [9] } }] }, event)).toBe(false);
  });

  test('an operator it does not know throws rather than answer', () => {
    expect(() => matchesEventPattern({ region: [{ suffix: '-1' }] }, event)).toThrow("operator 'suffix' at region is not supported by this matcher");
  });
});
