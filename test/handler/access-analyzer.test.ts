import {
  AccessAnalyzerClient, CreateAnalyzerCommand, DeleteAnalyzerCommand, GetAnalyzerCommand, ListAnalyzersCommand, UpdateAnalyzerCommand,
} from '@aws-sdk/client-accessanalyzer';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { handler } from '../../handler/index';

trustEveryEvent();

const analyzer = mockClient(AccessAnalyzerClient);

const NAME = 'TestStackAccessAnalyzer7FAC5338-ACCOUNT';
const UNUSED_NAME = 'TestStackAccessAnalyzer7FAC5338-ACCOUNT_UNUSED_ACCESS';
const arn = (name: string) => `arn:aws:access-analyzer:eu-west-1:111111111111:analyzer/${name}`;

function summary(name: string, type: string, extra: Record<string, unknown> = {}) {
  return { arn: arn(name), name, type, status: 'ACTIVE', createdAt: new Date(0), ...extra } as any;
}

/** What the construct writes; CloudFormation hands every value over as a string. */
const external = (extra: Record<string, unknown> = {}) => ({ Kind: 'AccessAnalyzer', AnalyzerName: NAME, Type: 'ACCOUNT', DisableOnDelete: 'false', ...extra });
const unused = (extra: Record<string, unknown> = {}) => ({
  Kind: 'AccessAnalyzer', AnalyzerName: UNUSED_NAME, Type: 'ACCOUNT_UNUSED_ACCESS', UnusedAccessAge: '90', DisableOnDelete: 'false', ...extra,
});

beforeAll(() => { retryOptions.baseDelayMs = 0; permissionPropagation.windowMs = 0; });
beforeEach(() => {
  analyzer.reset();
  analyzer.on(ListAnalyzersCommand).resolves({ analyzers: [] });
  analyzer.on(CreateAnalyzerCommand).callsFake(input => Promise.resolve({ arn: arn(input.analyzerName) }));
  analyzer.on(UpdateAnalyzerCommand).resolves({});
  analyzer.on(DeleteAnalyzerCommand).resolves({});
});

describe('AccessAnalyzer create', () => {
  test('where no analyzer of the type exists: creates one with the generated name and owns it', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: external() })).resolves.toEqual({
      PhysicalResourceId: `${NAME}:created`, Data: { AnalyzerArn: arn(NAME), AnalyzerName: NAME },
    });
    expect(analyzer.commandCalls(ListAnalyzersCommand)[0].args[0].input).toEqual({ type: 'ACCOUNT' });
    expect(analyzer.commandCalls(CreateAnalyzerCommand)[0].args[0].input).toEqual({ analyzerName: NAME, type: 'ACCOUNT' });
  });

  test('an unused access analyzer is created with its age as a number', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: unused({ UnusedAccessAge: '30' }) })).resolves.toMatchObject({
      PhysicalResourceId: `${UNUSED_NAME}:created`,
    });
    expect(analyzer.commandCalls(CreateAnalyzerCommand)[0].args[0].input).toEqual({
      analyzerName: UNUSED_NAME, type: 'ACCOUNT_UNUSED_ACCESS', configuration: { unusedAccess: { unusedAccessAge: 30 } },
    });
  });

  test('where an active analyzer of the type exists: adopts it under its own name', async () => {
    analyzer.on(ListAnalyzersCommand).resolves({ analyzers: [summary('ConsoleAnalyzer', 'ACCOUNT')] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: external() })).resolves.toEqual({
      PhysicalResourceId: 'ConsoleAnalyzer:adopted', Data: { AnalyzerArn: arn('ConsoleAnalyzer'), AnalyzerName: 'ConsoleAnalyzer' },
    });
    expect(analyzer.commandCalls(CreateAnalyzerCommand)).toHaveLength(0);
    expect(analyzer.commandCalls(UpdateAnalyzerCommand)).toHaveLength(0);
  });

  test('an adopted unused access analyzer gets the configured age, keeping its analysis rule', async () => {
    const rule = { exclusions: [{ accountIds: ['222222222222'] }] };
    analyzer.on(ListAnalyzersCommand).resolves({ analyzers: [summary('Existing', 'ACCOUNT_UNUSED_ACCESS')] });
    analyzer.on(GetAnalyzerCommand).resolves({
      analyzer: summary('Existing', 'ACCOUNT_UNUSED_ACCESS', { configuration: { unusedAccess: { unusedAccessAge: 180, analysisRule: rule } } }),
    });
    await expect(handler({ RequestType: 'Create', ResourceProperties: unused() })).resolves.toMatchObject({ PhysicalResourceId: 'Existing:adopted' });
    expect(analyzer.commandCalls(UpdateAnalyzerCommand)[0].args[0].input).toEqual({
      analyzerName: 'Existing', configuration: { unusedAccess: { unusedAccessAge: 90, analysisRule: rule } },
    });
  });

  test('an adopted unused access analyzer that already has the age is not updated', async () => {
    analyzer.on(ListAnalyzersCommand).resolves({ analyzers: [summary('Existing', 'ACCOUNT_UNUSED_ACCESS')] });
    analyzer.on(GetAnalyzerCommand).resolves({
      analyzer: summary('Existing', 'ACCOUNT_UNUSED_ACCESS', { configuration: { unusedAccess: { unusedAccessAge: 90 } } }),
    });
    await handler({ RequestType: 'Create', ResourceProperties: unused() });
    expect(analyzer.commandCalls(UpdateAnalyzerCommand)).toHaveLength(0);
  });

  test('follows ListAnalyzers pages, and adopts neither a failed analyzer nor one another service manages', async () => {
    analyzer.on(ListAnalyzersCommand)
      .resolvesOnce({ analyzers: [summary('Broken', 'ACCOUNT', { status: 'FAILED' })], nextToken: 'next' })
      .resolvesOnce({ analyzers: [summary('_AccessAnalyzerForSecurityHub-1', 'ACCOUNT', { managedBy: 'securityhubv2.amazonaws.com' })] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: external() })).resolves.toMatchObject({ PhysicalResourceId: `${NAME}:created` });
    expect(analyzer.commandCalls(ListAnalyzersCommand)[1].args[0].input).toEqual({ type: 'ACCOUNT', nextToken: 'next' });
  });

  test('access denied on CreateAnalyzer names access-analyzer:CreateAnalyzer', async () => {
    analyzer.on(CreateAnalyzerCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: external() })).rejects.toThrow(
      /^access-analyzer:CreateAnalyzer was denied \(AccessDeniedException\)\. The baseline grants it/);
  });

  test('throttling is retried, then the analyzer is created', async () => {
    analyzer.on(CreateAnalyzerCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .callsFake(input => Promise.resolve({ arn: arn(input.analyzerName) }));
    await expect(handler({ RequestType: 'Create', ResourceProperties: external() })).resolves.toMatchObject({ PhysicalResourceId: `${NAME}:created` });
    expect(analyzer.commandCalls(CreateAnalyzerCommand)).toHaveLength(2);
  });

  test.each([
    ['ServiceQuotaExceededException', 'Service quota exceeded'],
    ['ConflictException', `An analyzer with name ${NAME} already exists`],
    ['ValidationException', 'Invalid type'],
  ])('%s from CreateAnalyzer passes through', async (name, message) => {
    analyzer.on(CreateAnalyzerCommand).rejects(awsError(name, message));
    await expect(handler({ RequestType: 'Create', ResourceProperties: external() })).rejects.toMatchObject({ name, message });
  });
});

describe('AccessAnalyzer update', () => {
  test('converges the unused access age in place, keeping the physical id', async () => {
    analyzer.on(GetAnalyzerCommand).resolves({
      analyzer: summary(UNUSED_NAME, 'ACCOUNT_UNUSED_ACCESS', { configuration: { unusedAccess: { unusedAccessAge: 90 } } }),
    });
    await expect(handler({
      RequestType: 'Update',
      PhysicalResourceId: `${UNUSED_NAME}:created`,
      ResourceProperties: unused({ UnusedAccessAge: '45' }),
      OldResourceProperties: unused(),
    })).resolves.toEqual({ PhysicalResourceId: `${UNUSED_NAME}:created`, Data: { AnalyzerArn: arn(UNUSED_NAME), AnalyzerName: UNUSED_NAME } });
    expect(analyzer.commandCalls(GetAnalyzerCommand)[0].args[0].input).toEqual({ analyzerName: UNUSED_NAME });
    expect(analyzer.commandCalls(UpdateAnalyzerCommand)[0].args[0].input).toEqual({
      analyzerName: UNUSED_NAME, configuration: { unusedAccess: { unusedAccessAge: 45 } },
    });
    expect(analyzer.commandCalls(CreateAnalyzerCommand)).toHaveLength(0);
  });

  test('an adopted analyzer keeps its id and name, and is converged too', async () => {
    analyzer.on(GetAnalyzerCommand).resolves({
      analyzer: summary('Existing', 'ACCOUNT_UNUSED_ACCESS', { configuration: { unusedAccess: { unusedAccessAge: 90 } } }),
    });
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: 'Existing:adopted', ResourceProperties: unused({ UnusedAccessAge: '60' }), OldResourceProperties: unused(),
    })).resolves.toEqual({ PhysicalResourceId: 'Existing:adopted', Data: { AnalyzerArn: arn('Existing'), AnalyzerName: 'Existing' } });
    expect(analyzer.commandCalls(UpdateAnalyzerCommand)[0].args[0].input.analyzerName).toBe('Existing');
  });

  test('an age reaches only an unused access analyzer that is given one: an external analyzer ignores it, an unused one without keeps AWS\'s', async () => {
    await handler({ RequestType: 'Create', ResourceProperties: external({ UnusedAccessAge: '90' }) });
    await handler({ RequestType: 'Create', ResourceProperties: unused({ UnusedAccessAge: undefined }) });
    expect(analyzer.commandCalls(CreateAnalyzerCommand).map(call => call.args[0].input)).toEqual([
      { analyzerName: NAME, type: 'ACCOUNT', configuration: undefined },
      { analyzerName: UNUSED_NAME, type: 'ACCOUNT_UNUSED_ACCESS', configuration: undefined },
    ]);
    analyzer.on(GetAnalyzerCommand).resolves({ analyzer: summary(UNUSED_NAME, 'ACCOUNT_UNUSED_ACCESS', { configuration: { unusedAccess: { unusedAccessAge: 180 } } }) });
    await handler({
      RequestType: 'Update', PhysicalResourceId: `${UNUSED_NAME}:created`, ResourceProperties: unused({ UnusedAccessAge: undefined }), OldResourceProperties: unused(),
    });
    analyzer.on(GetAnalyzerCommand).resolves({ analyzer: summary(NAME, 'ACCOUNT') });
    await handler({
      RequestType: 'Update', PhysicalResourceId: `${NAME}:created`, ResourceProperties: external({ UnusedAccessAge: '90' }), OldResourceProperties: external(),
    });
    expect(analyzer.commandCalls(UpdateAnalyzerCommand)).toHaveLength(0);
  });

  test('an external access analyzer has nothing to converge and keeps its id', async () => {
    analyzer.on(GetAnalyzerCommand).resolves({ analyzer: summary(NAME, 'ACCOUNT') });
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${NAME}:created`, ResourceProperties: external({ DisableOnDelete: 'true' }), OldResourceProperties: external(),
    })).resolves.toEqual({ PhysicalResourceId: `${NAME}:created`, Data: { AnalyzerArn: arn(NAME), AnalyzerName: NAME } });
    expect(analyzer.commandCalls(UpdateAnalyzerCommand)).toHaveLength(0);
    expect(analyzer.commandCalls(CreateAnalyzerCommand)).toHaveLength(0);
  });

  test('a new Type is a replacement: the new analyzer gets a new id, and CloudFormation deletes the old one', async () => {
    const org = external({ Type: 'ORGANIZATION', AnalyzerName: 'TestStackAccessAnalyzer7FAC5338-ORGANIZATION' });
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${NAME}:created`, ResourceProperties: org, OldResourceProperties: external(),
    })).resolves.toMatchObject({ PhysicalResourceId: 'TestStackAccessAnalyzer7FAC5338-ORGANIZATION:created' });
    expect(analyzer.commandCalls(CreateAnalyzerCommand)[0].args[0].input.type).toBe('ORGANIZATION');
  });

  test('an analyzer deleted outside the stack is created again under a new id', async () => {
    analyzer.on(GetAnalyzerCommand).rejects(awsError('ResourceNotFoundException', 'Analyzer not found'));
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: 'GoneAnalyzer:adopted', ResourceProperties: external(), OldResourceProperties: external(),
    })).resolves.toMatchObject({ PhysicalResourceId: `${NAME}:created` });
  });

  test('access denied on GetAnalyzer names access-analyzer:GetAnalyzer', async () => {
    analyzer.on(GetAnalyzerCommand).rejects(awsError('AccessDeniedException'));
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${NAME}:created`, ResourceProperties: external(), OldResourceProperties: external(),
    })).rejects.toThrow(/^access-analyzer:GetAnalyzer was denied/);
  });

  test('access denied on UpdateAnalyzer names access-analyzer:UpdateAnalyzer', async () => {
    analyzer.on(GetAnalyzerCommand).resolves({ analyzer: summary(UNUSED_NAME, 'ACCOUNT_UNUSED_ACCESS') });
    analyzer.on(UpdateAnalyzerCommand).rejects(awsError('AccessDeniedException'));
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${UNUSED_NAME}:created`, ResourceProperties: unused(), OldResourceProperties: unused(),
    })).rejects.toThrow(/^access-analyzer:UpdateAnalyzer was denied/);
  });
});

describe('AccessAnalyzer delete', () => {
  test('leaves a created analyzer by default', async () => {
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: `${NAME}:created`, ResourceProperties: external() })).resolves.toBeUndefined();
    expect(analyzer.calls()).toHaveLength(0);
  });

  test('with DisableOnDelete, deletes an analyzer the stack created', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: `${UNUSED_NAME}:created`, ResourceProperties: unused({ DisableOnDelete: 'true' }) });
    expect(analyzer.commandCalls(DeleteAnalyzerCommand)[0].args[0].input).toEqual({ analyzerName: UNUSED_NAME });
  });

  test('with DisableOnDelete, never touches an adopted analyzer', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: 'ConsoleAnalyzer:adopted', ResourceProperties: external({ DisableOnDelete: 'true' }) });
    expect(analyzer.calls()).toHaveLength(0);
  });

  test('with DisableOnDelete, an analyzer already deleted outside the stack is fine', async () => {
    analyzer.on(DeleteAnalyzerCommand).rejects(awsError('ResourceNotFoundException', 'Analyzer not found'));
    await expect(handler({
      RequestType: 'Delete', PhysicalResourceId: `${NAME}:created`, ResourceProperties: external({ DisableOnDelete: 'true' }),
    })).resolves.toBeUndefined();
  });

  test('access denied on DeleteAnalyzer names access-analyzer:DeleteAnalyzer', async () => {
    analyzer.on(DeleteAnalyzerCommand).rejects(awsError('AccessDeniedException'));
    await expect(handler({
      RequestType: 'Delete', PhysicalResourceId: `${NAME}:created`, ResourceProperties: external({ DisableOnDelete: 'true' }),
    })).rejects.toThrow(/^access-analyzer:DeleteAnalyzer was denied/);
  });
});

test('a denied ListAnalyzers names access-analyzer:ListAnalyzers, the action to look for in the policies that override the grant', async () => {
  analyzer.on(ListAnalyzersCommand).rejects(awsError('AccessDeniedException', 'explicit deny'));
  await expect(handler({ RequestType: 'Create', ResourceProperties: external() }))
    .rejects.toThrow('access-analyzer:ListAnalyzers was denied (AccessDeniedException).');
});
