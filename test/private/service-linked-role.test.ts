import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { HANDLERS } from '../../handler/index';
import { ServiceLinkedRole, ServiceLinkedRoleProps } from '../../src/private/service-linked-role';
import { providerStatements } from '../helpers';

const CONFIG: ServiceLinkedRoleProps = { awsServiceName: 'config.amazonaws.com', roleName: 'AWSServiceRoleForConfig' };

function synth(...roles: ServiceLinkedRoleProps[]): { stack: Stack; template: Template; constructs: ServiceLinkedRole[] } {
  const stack = new Stack(new App(), 'TestStack');
  const constructs = (roles.length ? roles : [CONFIG]).map((props, i) => new ServiceLinkedRole(stack, `Role${i}`, props));
  return { stack, template: Template.fromStack(stack), constructs };
}

function roleArn(path: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:role/aws-service-role/${path}`]] };
}

describe('ServiceLinkedRole', () => {
  test('creates the role through the baseline provider, not AWS::IAM::ServiceLinkedRole (which fails if the role exists)', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::IAM::ServiceLinkedRole', 0);
    template.hasResourceProperties('Custom::ServiceLinkedRole', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] },
      Kind: 'ServiceLinkedRole',
      AWSServiceName: 'config.amazonaws.com',
      RoleName: 'AWSServiceRoleForConfig',
    });
  });

  test('exposes the role ARN under aws-service-role/<service>/<name>', () => {
    const { stack, constructs } = synth();
    expect(stack.resolve(constructs[0].roleArn)).toEqual(roleArn('config.amazonaws.com/AWSServiceRoleForConfig'));
  });

  test('grants only iam:CreateServiceLinkedRole on that role, for that service', () => {
    expect(providerStatements(synth().template)).toEqual([{
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: roleArn('config.amazonaws.com/AWSServiceRoleForConfig'),
      Condition: { StringEquals: { 'iam:AWSServiceName': 'config.amazonaws.com' } },
    }]);
  });

  test('two roles share one provider function and each adds its own statement', () => {
    const { template } = synth(CONFIG, { awsServiceName: 'inspector2.amazonaws.com', roleName: 'AWSServiceRoleForAmazonInspector2' });
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(providerStatements(template).map(s => s.Condition.StringEquals['iam:AWSServiceName'])).toEqual([
      'config.amazonaws.com', 'inspector2.amazonaws.com',
    ]);
  });

  test('the same role twice: each custom resource has the statement in its own policy, which it waits for', () => {
    const { template } = synth(CONFIG, CONFIG);
    template.resourceCountIs('Custom::ServiceLinkedRole', 2);
    template.resourceCountIs('AWS::IAM::RolePolicy', 2);
    expect(providerStatements(template)).toHaveLength(2);
    for (const resource of Object.values<any>(template.findResources('Custom::ServiceLinkedRole'))) {
      expect(resource.DependsOn).toHaveLength(1);
      expect(template.toJSON().Resources[resource.DependsOn[0]].Type).toBe('AWS::IAM::RolePolicy');
    }
  });

  test('the custom resource is removed with the stack but the handler keeps the role (no delete handler)', () => {
    const { template } = synth();
    template.hasResource('Custom::ServiceLinkedRole', { DeletionPolicy: 'Delete' });
    expect(HANDLERS.ServiceLinkedRole.delete).toBeUndefined();
  });

  test.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
    ['HIPAA Security', () => new HIPAASecurityChecks()],
    ['PCI DSS 3.2.1', () => new PCIDSS321Checks()],
  ])('%s finds nothing', (_name, pack) => {
    const { stack } = synth();
    expect(pack().validateScope(stack).violations).toEqual([]);
  });
});
