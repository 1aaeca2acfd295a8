import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FindingPublishingFrequency } from '../../src/detection/guardduty-detector';
import { MacieSession, MacieSessionProps } from '../../src/detection/macie';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };

function synth(props?: MacieSessionProps) {
  const stack = new Stack(new App(), 'TestStack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const macie = new MacieSession(stack, 'Macie', props);
  return { stack, macie, template: Template.fromStack(stack) };
}

describe('MacieSession properties', () => {
  test('defaults: findings every 15 minutes, no automated discovery, Macie left on when the stack is deleted', () => {
    const { template, macie } = synth();
    template.resourceCountIs('Custom::Macie', 1);
    template.hasResourceProperties('Custom::Macie', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'Macie',
      AccountId: '111111111111',
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      AutomatedDiscovery: false,
      DisableOnDelete: false,
    }));
    expect(macie.automatedDiscovery).toBe(false);
  });

  test.each([FindingPublishingFrequency.ONE_HOUR, FindingPublishingFrequency.SIX_HOURS])('findingPublishingFrequency %s is passed through', (frequency) => {
    synth({ findingPublishingFrequency: frequency }).template.hasResourceProperties('Custom::Macie', { FindingPublishingFrequency: frequency });
  });

  test('automatedDiscovery and disableOnDelete are passed through', () => {
    const { template, macie } = synth({ automatedDiscovery: true, disableOnDelete: true });
    template.hasResourceProperties('Custom::Macie', { AutomatedDiscovery: true, DisableOnDelete: true });
    expect(macie.automatedDiscovery).toBe(true);
  });
});

describe('MacieSession permissions', () => {
  test('the Macie account actions on "*" (they have no resource type) and only Macie\'s service-linked role', () => {
    expect(providerStatements(synth().template)).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'macie2:GetMacieSession', 'macie2:EnableMacie', 'macie2:UpdateMacieSession', 'macie2:DisableMacie',
          'macie2:GetAdministratorAccount', 'macie2:UpdateAutomatedDiscoveryConfiguration',
        ],
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie']] },
        Condition: { StringEquals: { 'iam:AWSServiceName': 'macie.amazonaws.com' } },
      },
    ]);
  });

  test('the four cdk-nag packs find nothing', () => {
    const { stack } = synth({ automatedDiscovery: true });
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
