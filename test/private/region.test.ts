import { App, Stack, Token } from 'aws-cdk-lib';
import { validateRegionList, validateRegionName } from '../../src/private/region';

const CONTEXT = 'cdk-secure-baseline:additionalRegions';

function scope(context?: Record<string, unknown>): Stack {
  return new Stack(new App({ context }), 'Stack');
}

describe('validateRegionName', () => {
  test('a well-formed name aws-cdk-lib does not know fails, naming the prop, the value, the nearest names and the escape hatch', () => {
    expect(() => validateRegionName(scope(), 'Props.region', 'us-east-7')).toThrow(new Error(
      "Props.region: received 'us-east-7', which is not a Region in aws-cdk-lib's region information (did you mean 'us-east-1' or 'us-east-2'?); "
      + "for a Region newer than the installed aws-cdk-lib, list it in the context key 'cdk-secure-baseline:additionalRegions' "
      + '(cdk.json "context", or cdk synth -c), or upgrade aws-cdk-lib'));
  });

  test('a name far from every known one suggests none', () => {
    expect(() => validateRegionName(scope(), 'Props.region', 'zz-nowhere-4')).toThrow(new Error(
      "Props.region: received 'zz-nowhere-4', which is not a Region in aws-cdk-lib's region information; "
      + "for a Region newer than the installed aws-cdk-lib, list it in the context key 'cdk-secure-baseline:additionalRegions' "
      + '(cdk.json "context", or cdk synth -c), or upgrade aws-cdk-lib'));
  });

  test.each(['eu-west-1', 'af-south-1', 'mx-central-1', 'cn-north-1', 'us-gov-west-1', 'eusc-de-east-1'])(
    '%s (commercial, opt-in or another partition) is accepted', region => {
      expect(() => validateRegionName(scope(), 'Props.region', region)).not.toThrow();
    });

  test('a malformed name fails with the expected form', () => {
    expect(() => validateRegionName(scope(), 'Props.region', 'Ireland')).toThrow(new Error("Props.region: received 'Ireland'; expected a region name such as 'eu-west-1'"));
  });

  test('a token fails: the Region must be known at synth', () => {
    expect(() => validateRegionName(scope(), 'Props.region', Token.asString({ Ref: 'AWS::Region' }))).toThrow(
      new Error("Props.region: received an unresolved token; expected a region name such as 'eu-west-1', known at synth"));
  });

  test('the additionalRegions context admits a Region newer than aws-cdk-lib, as a list or a comma-separated string', () => {
    expect(() => validateRegionName(scope({ [CONTEXT]: ['xx-east-1'] }), 'Props.region', 'xx-east-1')).not.toThrow();
    expect(() => validateRegionName(scope({ [CONTEXT]: 'xx-east-1, xx-west-1' }), 'Props.region', 'xx-west-1')).not.toThrow();
    expect(() => validateRegionName(scope({ [CONTEXT]: ['xx-east-1'] }), 'Props.region', 'xx-east-2')).toThrow(/received 'xx-east-2', which is not a Region/);
  });

  test('a malformed additionalRegions context fails naming the context key', () => {
    expect(() => validateRegionName(scope({ [CONTEXT]: { region: 'xx-east-1' } }), 'Props.region', 'xx-east-1')).toThrow(new Error(
      'context \'cdk-secure-baseline:additionalRegions\': received {"region":"xx-east-1"}; expected a list of Region names such as ["xx-east-1"]'));
    expect(() => validateRegionName(scope({ [CONTEXT]: ['XX East'] }), 'Props.region', 'xx-east-1')).toThrow(new Error(
      "context 'cdk-secure-baseline:additionalRegions': received 'XX East'; expected a region name such as 'eu-west-1'"));
  });
});

describe('validateRegionList', () => {
  test('names the element by its index, and a Region listed twice', () => {
    expect(() => validateRegionList(scope(), 'Props.regions', ['eu-west-1', 'eu-westt-1'])).toThrow(/^Props\.regions\[1\]: received 'eu-westt-1', which is not a Region in aws-cdk-lib's region information \(did you mean 'eu-west-1'\?\)/);
    expect(() => validateRegionList(scope(), 'Props.regions', ['eu-west-1', 'eu-west-1'])).toThrow(new Error("Props.regions: 'eu-west-1' is listed twice; list each value once"));
  });
});
