import { awsError } from './aws-error';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { handler } from '../../handler/index';
import { RESOURCE_STATUSES, STACK_STATUSES } from '../../handler/request-check';
import { isGuardedAction, STACK_ID_VARIABLE } from '../../src/private/provider-actions';
import { AccountState, CloudFormationView, FakeAws } from '../iam/fake-aws';
import { iamRequestsOf } from '../iam/iam-requests';
import { ENV } from '../iam/provider-proof';

/**
 * A forged event, sent by anyone allowed to invoke the provider function (the guardrails deny it,
 * this is the second lock): for every request that would switch a protection off or write a setting
 * of the sender's choosing, the provider asks CloudFormation first, and does nothing guarded unless
 * CloudFormation is running that very request.
 */

const ACCOUNT = ENV.account;
const STACK_ID = `arn:aws:cloudformation:${ENV.region}:${ACCOUNT}:stack/Baseline/1`;
const OTHER_STACK_ID = `arn:aws:cloudformation:${ENV.region}:${ACCOUNT}:stack/Attacker/2`;
const DETECTOR_ID = '12abc34d567e8fa901bc2d34e56789f0';
const MONITOR_ARN = `arn:aws:ce::${ACCOUNT}:anomalymonitor/default-services-monitor`;
const AGGREGATOR_ARN = 'arn:aws:securityhub:eu-west-1:111122223333:finding-aggregator/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

interface DestructiveRequest {
  /** What the request would do, as the test names it. */
  readonly does: string;
  readonly state: AccountState;
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: { Kind: string } & Record<string, any>;
  readonly OldResourceProperties?: { Kind: string } & Record<string, any>;
  readonly PhysicalResourceId?: string;
  /** The guarded command that the request runs when CloudFormation sent it. */
  readonly command: string;
}

const config = { Kind: 'ConfigRecorder', RoleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, RecordingFrequency: 'DAILY', DeliveryFrequency: 'TwentyFour_Hours' };

/** Every kind of request the handler has that switches something off or rewrites a setting (handler/*.ts). */
const DESTRUCTIVE: DestructiveRequest[] = [
  {
    does: 'stops and deletes the Config recorder',
    state: 'servicesOn',
    RequestType: 'Delete',
    ResourceProperties: { ...config, BucketName: 'logs', DisableOnDelete: 'true' },
    PhysicalResourceId: 'default:created',
    command: 'Config Service:StopConfigurationRecorder',
  },
  {
    does: 'delivers Config to another bucket',
    state: 'servicesOn',
    RequestType: 'Update',
    ResourceProperties: { ...config, BucketName: 'attacker-bucket' },
    OldResourceProperties: { ...config, BucketName: 'logs' },
    PhysicalResourceId: 'default:adopted',
    command: 'Config Service:PutConfigurationRecorder',
  },
  {
    does: 'disables Security Hub',
    state: 'servicesOn',
    RequestType: 'Delete',
    ResourceProperties: { Kind: 'SecurityHub', AccountId: ACCOUNT, DisableOnDelete: 'true' },
    PhysicalResourceId: `SecurityHub-${ACCOUNT}:created`,
    command: 'SecurityHub:DisableSecurityHub',
  },
  {
    does: 'disables Security Hub controls',
    state: 'servicesOn',
    RequestType: 'Update',
    ResourceProperties: { Kind: 'SecurityHub', AccountId: ACCOUNT, ControlFindingGenerator: 'SECURITY_CONTROL', AutoEnableControls: 'false', StandardsArns: [] },
    OldResourceProperties: { Kind: 'SecurityHub', AccountId: ACCOUNT, StandardsArns: [] },
    PhysicalResourceId: `SecurityHub-${ACCOUNT}:adopted`,
    command: 'SecurityHub:UpdateSecurityHubConfiguration',
  },
  {
    does: 'deletes the GuardDuty detector',
    state: 'servicesOn',
    RequestType: 'Delete',
    ResourceProperties: { Kind: 'GuardDutyDetector', DisableOnDelete: 'true' },
    PhysicalResourceId: `${DETECTOR_ID}:created`,
    command: 'GuardDuty:DeleteDetector',
  },
  {
    does: 'switches GuardDuty protection plans off',
    state: 'servicesOn',
    RequestType: 'Update',
    ResourceProperties: { Kind: 'GuardDutyDetector', Features: [{ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }] },
    OldResourceProperties: { Kind: 'GuardDutyDetector' },
    PhysicalResourceId: `${DETECTOR_ID}:adopted`,
    command: 'GuardDuty:UpdateDetector',
  },
  {
    does: 'disables Inspector',
    state: 'servicesOn',
    RequestType: 'Delete',
    ResourceProperties: { Kind: 'Inspector', AccountId: ACCOUNT, ResourceTypes: ['EC2'], DisableOnDelete: 'true' },
    PhysicalResourceId: 'Inspector:created',
    command: 'Inspector2:Disable',
  },
  {
    does: 'disables an Inspector scan type',
    state: 'servicesOn',
    RequestType: 'Update',
    ResourceProperties: { Kind: 'Inspector', AccountId: ACCOUNT, ResourceTypes: ['EC2'] },
    OldResourceProperties: { Kind: 'Inspector', AccountId: ACCOUNT, ResourceTypes: ['EC2', 'ECR'] },
    PhysicalResourceId: 'Inspector:created',
    command: 'Inspector2:Disable',
  },
  {
    does: 'disables Macie',
    state: 'servicesOn',
    RequestType: 'Delete',
    ResourceProperties: { Kind: 'Macie', AccountId: ACCOUNT, DisableOnDelete: 'true' },
    PhysicalResourceId: `Macie-${ACCOUNT}:created`,
    command: 'Macie2:DisableMacie',
  },
  {
    does: 'deletes the Detective graph',
    state: 'servicesOn',
    RequestType: 'Delete',
    ResourceProperties: { Kind: 'DetectiveGraph', AccountId: ACCOUNT, DisableOnDelete: 'true' },
    PhysicalResourceId: `Detective-${ACCOUNT}:created`,
    command: 'Detective:DeleteGraph',
  },
  {
    does: 'deletes the access analyzer',
    state: 'servicesOn',
    RequestType: 'Delete',
    ResourceProperties: { Kind: 'AccessAnalyzer', Type: 'ACCOUNT', DisableOnDelete: 'true' },
    PhysicalResourceId: 'ConsoleAnalyzer:created',
    command: 'AccessAnalyzer:DeleteAnalyzer',
  },
  {
    does: 'deletes the cost anomaly monitor',
    state: 'servicesOn',
    RequestType: 'Delete',
    ResourceProperties: { Kind: 'AnomalyMonitor', MonitorDimension: 'SERVICE', DisableOnDelete: 'true' },
    PhysicalResourceId: `${MONITOR_ARN}:created`,
    command: 'Cost Explorer:DeleteAnomalyMonitor',
  },
  {
    does: 'deletes the finding aggregator',
    state: 'servicesOn',
    RequestType: 'Delete',
    ResourceProperties: { Kind: 'FindingAggregator' },
    PhysicalResourceId: `${AGGREGATOR_ARN}:created`,
    command: 'SecurityHub:DeleteFindingAggregator',
  },
  {
    does: 'unlinks the finding aggregator\'s Regions',
    state: 'servicesOn',
    RequestType: 'Update',
    ResourceProperties: { Kind: 'FindingAggregator', RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: [] },
    OldResourceProperties: { Kind: 'FindingAggregator', RegionLinkingMode: 'ALL_REGIONS' },
    PhysicalResourceId: `${AGGREGATOR_ARN}:created`,
    command: 'SecurityHub:UpdateFindingAggregator',
  },
  {
    does: 'weakens the password policy',
    state: 'fresh',
    RequestType: 'Create',
    ResourceProperties: { Kind: 'PasswordPolicy', MinimumPasswordLength: '6' },
    command: 'IAM:UpdateAccountPasswordPolicy',
  },
  {
    does: 'weakens the password policy on update',
    state: 'fresh',
    RequestType: 'Update',
    ResourceProperties: { Kind: 'PasswordPolicy', MinimumPasswordLength: '6' },
    OldResourceProperties: { Kind: 'PasswordPolicy', MinimumPasswordLength: '14' },
    PhysicalResourceId: 'AccountPasswordPolicy',
    command: 'IAM:UpdateAccountPasswordPolicy',
  },
  {
    does: 'makes another key the default EBS key',
    state: 'fresh',
    RequestType: 'Update',
    ResourceProperties: { Kind: 'EbsDefaultEncryption', KmsKeyId: 'arn:aws:kms:eu-west-1:444455556666:key/attacker' },
    OldResourceProperties: { Kind: 'EbsDefaultEncryption' },
    PhysicalResourceId: 'EbsDefaultEncryption',
    command: 'EC2:ModifyEbsDefaultKmsKeyId',
  },
  {
    does: 'redirects the security contact',
    state: 'fresh',
    RequestType: 'Create',
    ResourceProperties: { Kind: 'AlternateContact', AlternateContactType: 'SECURITY', Name: 'x', Title: 'Security', EmailAddress: 'attacker@example.com', PhoneNumber: '+1 555 0100' },
    command: 'Account:PutAlternateContact',
  },
  {
    does: 'stops GuardDuty enabling new organization members',
    state: 'servicesOn',
    RequestType: 'Update',
    ResourceProperties: { Kind: 'GuardDutyOrganizationConfiguration', DetectorId: DETECTOR_ID, AutoEnableOrganizationMembers: 'NONE' },
    OldResourceProperties: { Kind: 'GuardDutyOrganizationConfiguration', DetectorId: DETECTOR_ID },
    PhysicalResourceId: DETECTOR_ID,
    command: 'GuardDuty:UpdateOrganizationConfiguration',
  },
  {
    does: 'designates another delegated administrator',
    state: 'fresh',
    RequestType: 'Create',
    ResourceProperties: { Kind: 'OrganizationAdmin', Service: 'GuardDuty', AdminAccountId: '444455556666' },
    command: 'GuardDuty:EnableOrganizationAdminAccount',
  },
];

/** The resource as CloudFormation describes it while it runs the request. */
function running(request: DestructiveRequest): CloudFormationView {
  return {
    stackId: STACK_ID,
    stackStatus: STACK_STATUSES[request.RequestType][0],
    resource: {
      logicalId: 'Resource',
      type: `Custom::${request.ResourceProperties.Kind}`,
      status: RESOURCE_STATUSES[request.RequestType][0],
      physicalId: request.PhysicalResourceId,
    },
  };
}

function eventOf(request: DestructiveRequest, stackId: string | undefined = STACK_ID) {
  const { RequestType, ResourceProperties, OldResourceProperties, PhysicalResourceId } = request;
  return {
    RequestType,
    ResourceProperties,
    OldResourceProperties,
    PhysicalResourceId,
    StackId: stackId,
    LogicalResourceId: 'Resource',
    RequestId: 'request',
    ResourceType: `Custom::${ResourceProperties.Kind}`,
  };
}

let aws: FakeAws;
beforeAll(() => {
  retryOptions.baseDelayMs = 0;
  permissionPropagation.windowMs = 0;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  aws = new FakeAws(ACCOUNT);
});
afterAll(() => aws.restore());

let savedStackId: string | undefined;
beforeEach(() => {
  savedStackId = process.env[STACK_ID_VARIABLE];
  process.env[STACK_ID_VARIABLE] = STACK_ID;
});
afterEach(() => {
  process.env[STACK_ID_VARIABLE] = savedStackId;
});

function start(request: DestructiveRequest, view: CloudFormationView): void {
  aws.reset(request.state);
  aws.cloudFormation = view;
}

function guardedCallsMade(): string[] {
  return aws.calls.filter(call => iamRequestsOf(call.command, call.input, ENV).some(r => isGuardedAction(r.action))).map(call => call.command);
}

const label = (request: DestructiveRequest) => `${request.ResourceProperties.Kind} ${request.RequestType} that ${request.does}`;

/** The forgeries: what CloudFormation says, and what the refusal names. */
const FORGERIES: Array<[string, (r: DestructiveRequest) => CloudFormationView, string]> = [
  ['the stack does not exist', () => ({}), `the stack does not exist (CloudFormation said: Stack with id ${STACK_ID} does not exist)`],
  ['the resource does not exist', r => ({ ...running(r), resource: undefined }),
    'the stack has no such resource (CloudFormation said: Resource Resource does not exist for stack Baseline)'],
  ['the stack is in no operation that sends the request', r => ({ ...running(r), stackStatus: 'UPDATE_COMPLETE' }), 'the stack is UPDATE_COMPLETE'],
  ['the resource is in the wrong state', r => ({ ...running(r), resource: { ...running(r).resource!, status: r.RequestType === 'Update' ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE' } }),
    'the resource is '],
  ['the resource is of another kind', r => ({ ...running(r), resource: { ...running(r).resource!, type: 'Custom::AccountPublicAccessBlock' } }),
    'the resource is of type Custom::AccountPublicAccessBlock'],
];

describe.each(DESTRUCTIVE.map(r => [label(r), r] as const))('a forged %s', (_name, request) => {
  test.each(FORGERIES)('is refused when %s, and nothing guarded runs', async (_case, view, reason) => {
    start(request, view(request));
    await expect(handler(eventOf(request))).rejects.toThrow(reason);
    expect(guardedCallsMade()).toEqual([]);
  });

  test('is refused when it names another stack than the function\'s own, without asking CloudFormation', async () => {
    start(request, { ...running(request), stackId: OTHER_STACK_ID });
    await expect(handler(eventOf(request, OTHER_STACK_ID))).rejects.toThrow(`the event names another stack than the function's own (${STACK_ID})`);
    expect(aws.calls.map(c => c.command).filter(c => c.startsWith('CloudFormation:'))).toEqual([]);
    expect(guardedCallsMade()).toEqual([]);
  });

  test('is refused when it names no stack', async () => {
    start(request, running(request));
    await expect(handler(eventOf(request, ''))).rejects.toThrow('the event names no stack or no logical resource');
    expect(guardedCallsMade()).toEqual([]);
  });

  if (request.RequestType !== 'Create') {
    test('is refused when the resource has another physical id', async () => {
      start(request, { ...running(request), resource: { ...running(request).resource!, physicalId: 'something-else' } });
      await expect(handler(eventOf(request))).rejects.toThrow('the resource\'s physical id is something-else');
      expect(guardedCallsMade()).toEqual([]);
    });
  }

  test('is carried out when CloudFormation sent it', async () => {
    start(request, running(request));
    await handler(eventOf(request));
    expect(guardedCallsMade()).toContain(request.command);
  });
});

describe('the events CloudFormation sends in its other operations are carried out', () => {
  const deleteRecorder = DESTRUCTIVE[0];
  const viewWith = (stackStatus: string, status: string, physicalId = deleteRecorder.PhysicalResourceId) =>
    ({ ...running(deleteRecorder), stackStatus, resource: { ...running(deleteRecorder).resource!, status, physicalId } });

  test.each([
    ['a stack deletion', 'DELETE_IN_PROGRESS', 'DELETE_IN_PROGRESS'],
    ['the rollback of a failed stack creation', 'ROLLBACK_IN_PROGRESS', 'DELETE_IN_PROGRESS'],
    ['an update that removed the resource (cleanup)', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'DELETE_IN_PROGRESS'],
    ['the cleanup after a failed update that added it', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'DELETE_IN_PROGRESS'],
  ])('a Delete during %s', async (_name, stackStatus, status) => {
    start(deleteRecorder, viewWith(stackStatus, status));
    await handler(eventOf(deleteRecorder));
    expect(guardedCallsMade()).toContain('Config Service:DeleteConfigurationRecorder');
  });

  test('the Delete of a replaced physical id, in the cleanup after the update that replaced it', async () => {
    start(deleteRecorder, viewWith('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE', 'new:created'));
    await handler(eventOf(deleteRecorder));
    expect(guardedCallsMade()).toContain('Config Service:DeleteConfigurationRecorder');
  });

  test('but not the Delete of another physical id outside a cleanup', async () => {
    start(deleteRecorder, viewWith('DELETE_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'new:created'));
    await expect(handler(eventOf(deleteRecorder))).rejects.toThrow('the resource\'s physical id is new:created');
    expect(guardedCallsMade()).toEqual([]);
  });

  test('an Update during the rollback of a failed update', async () => {
    const weaken = DESTRUCTIVE.find(r => r.does === 'weakens the password policy on update')!;
    start(weaken, { ...running(weaken), stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS', resource: { ...running(weaken).resource!, status: 'UPDATE_ROLLBACK_IN_PROGRESS' } });
    await handler(eventOf(weaken));
    expect(guardedCallsMade()).toEqual(['IAM:UpdateAccountPasswordPolicy']);
  });

  test('a Create of a resource that an update adds', async () => {
    const create = DESTRUCTIVE.find(r => r.does === 'weakens the password policy')!;
    start(create, { ...running(create), stackStatus: 'UPDATE_IN_PROGRESS' });
    await handler(eventOf(create));
    expect(guardedCallsMade()).toEqual(['IAM:UpdateAccountPasswordPolicy']);
  });

  test('the undo of a failed Create runs, confirmed like the Create', async () => {
    const hub = {
      ...DESTRUCTIVE[2],
      state: 'failsAfterSwitchingOn' as const,
      RequestType: 'Create' as const,
      PhysicalResourceId: undefined,
      ResourceProperties: { Kind: 'SecurityHub', AccountId: ACCOUNT, StandardsArns: ['arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0'] },
    };
    start(hub, running(hub));
    await expect(handler(eventOf(hub))).rejects.toThrow('. Undone, so that the next deployment starts afresh: Security Hub (DisableSecurityHub)');
    expect(guardedCallsMade()).toEqual(['SecurityHub:DisableSecurityHub']);
  });
});

describe('the check itself', () => {
  test('runs once per invocation, however many guarded calls follow', async () => {
    start(DESTRUCTIVE[0], running(DESTRUCTIVE[0]));
    await handler(eventOf(DESTRUCTIVE[0]));
    expect(guardedCallsMade()).toEqual([
      'Config Service:StopConfigurationRecorder', 'Config Service:DeleteDeliveryChannel', 'Config Service:DeleteConfigurationRecorder',
    ]);
    expect(aws.calls.filter(c => c.command.startsWith('CloudFormation:')).map(c => c.command))
      .toEqual(['CloudFormation:DescribeStacks', 'CloudFormation:DescribeStackResource']);
  });

  test('asks CloudFormation about the stack and logical resource the event names', async () => {
    start(DESTRUCTIVE[0], running(DESTRUCTIVE[0]));
    await handler(eventOf(DESTRUCTIVE[0]));
    expect(aws.calls.filter(c => c.command.startsWith('CloudFormation:')).map(c => c.input)).toEqual([
      { StackName: STACK_ID }, { StackName: STACK_ID, LogicalResourceId: 'Resource' },
    ]);
  });

  test('is not needed where nothing is guarded: a request that only switches protection on runs on any event', async () => {
    const bpa = { ...DESTRUCTIVE[0], state: 'fresh' as const, RequestType: 'Create' as const, ResourceProperties: { Kind: 'AccountPublicAccessBlock', AccountId: ACCOUNT } };
    start(bpa, {});
    await expect(handler(eventOf(bpa, OTHER_STACK_ID))).resolves.toEqual({ PhysicalResourceId: `AccountPublicAccessBlock-${ACCOUNT}` });
    expect(aws.calls.map(c => c.command)).toEqual(['S3 Control:PutPublicAccessBlock']);
  });

  test('a Delete that switches nothing off needs no check (DisableOnDelete not set)', async () => {
    const keep = { ...DESTRUCTIVE[0], ResourceProperties: { ...DESTRUCTIVE[0].ResourceProperties, DisableOnDelete: 'false' } };
    start(keep, {});
    await expect(handler(eventOf(keep, OTHER_STACK_ID))).resolves.toBeUndefined();
    expect(aws.calls).toEqual([]);
  });

  test('without its own stack id the function refuses every guarded call', async () => {
    delete process.env[STACK_ID_VARIABLE];
    start(DESTRUCTIVE[0], running(DESTRUCTIVE[0]));
    await expect(handler(eventOf(DESTRUCTIVE[0]))).rejects.toThrow(`the function has no ${STACK_ID_VARIABLE} to compare the event's stack with`);
    expect(guardedCallsMade()).toEqual([]);
  });

  test('the refusal names the action, the request and the event', async () => {
    start(DESTRUCTIVE[0], {});
    await expect(handler(eventOf(DESTRUCTIVE[0]))).rejects.toThrow(
      `refused to run config:StopConfigurationRecorder for this Delete of ConfigRecorder (stack ${STACK_ID}, logical id Resource, physical id default:created): `
      + `the stack does not exist (CloudFormation said: Stack with id ${STACK_ID} does not exist). `
      + 'The provider switches protections off or rewrites settings only for requests CloudFormation sends');
  });

  test('a stack CloudFormation describes with no status is in no operation that sends the request: refused, naming the statuses that would', async () => {
    start(DESTRUCTIVE[0], running(DESTRUCTIVE[0]));
    aws.answerWith('CloudFormation:DescribeStacks', () => ({ Stacks: [] }));
    await expect(handler(eventOf(DESTRUCTIVE[0]))).rejects.toThrow(
      'the stack is unknown, and CloudFormation sends a Delete only while it is DELETE_IN_PROGRESS or ROLLBACK_IN_PROGRESS '
      + 'or UPDATE_COMPLETE_CLEANUP_IN_PROGRESS or UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    expect(guardedCallsMade()).toEqual([]);
  });

  test('a resource in the wrong state is refused, naming the states in which the request runs', async () => {
    start(DESTRUCTIVE[0], { ...running(DESTRUCTIVE[0]), resource: { ...running(DESTRUCTIVE[0]).resource!, status: 'UPDATE_COMPLETE' } });
    await expect(handler(eventOf(DESTRUCTIVE[0]))).rejects.toThrow(
      'the resource is UPDATE_COMPLETE, and a Delete runs while it is DELETE_IN_PROGRESS or ROLLBACK_IN_PROGRESS or UPDATE_ROLLBACK_IN_PROGRESS. ');
  });

  test('a denied DescribeStacks fails the request with the denial, not as a stack that does not exist', async () => {
    start(DESTRUCTIVE[0], running(DESTRUCTIVE[0]));
    aws.answerWith('CloudFormation:DescribeStacks', () => {
      throw awsError('AccessDeniedException', 'explicit deny in a service control policy');
    });
    await expect(handler(eventOf(DESTRUCTIVE[0]))).rejects.toThrow(/^cloudformation:DescribeStacks was denied \(AccessDeniedException\)/);
    expect(guardedCallsMade()).toEqual([]);
  });

  test('the refusal of a Create says it has no physical id yet, and is a ForgedRequestError by name, as the Lambda log prints it', async () => {
    const create = DESTRUCTIVE.find(r => r.does === 'weakens the password policy')!;
    start(create, {});
    const refusal = handler(eventOf(create));
    await expect(refusal).rejects.toThrow(`for this Create of PasswordPolicy (stack ${STACK_ID}, logical id Resource, physical id none): `);
    await expect(refusal).rejects.toMatchObject({ name: 'ForgedRequestError' });
  });
});
