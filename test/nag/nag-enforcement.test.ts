import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import { LogArchive } from '../../src/logging/log-archive';
import { NagEnforcement } from '../../src/nag/nag-enforcement';

function newStack(app: App = new App()): Stack {
  return new Stack(app, 'TestStack');
}

/** A bucket with TLS enforced and nothing else: AwsSolutions flags only S1 (no server access logs). */
function bucketWithoutLogs(scope: Construct, id = 'Bucket'): s3.Bucket {
  return new s3.Bucket(scope, id, { enforceSSL: true });
}

function s1Description(): string {
  const stack = newStack();
  bucketWithoutLogs(stack);
  const [violation] = new AwsSolutionsChecks().validateScope(stack).violations;
  expect(violation.ruleName).toBe('AwsSolutions-S1');
  return violation.description;
}

describe('NagEnforcement.enforce', () => {
  test('a non-compliant bucket makes Template.fromStack throw with the rule id and the construct path', () => {
    const stack = newStack();
    bucketWithoutLogs(stack);
    NagEnforcement.enforce(stack, [new AwsSolutionsChecks()]);
    expect(() => Template.fromStack(stack)).toThrow('[AwsSolutions-S1] TestStack/Bucket/Resource');
  });

  test('a non-compliant bucket makes app.synth() throw with the rule id and the construct path', () => {
    const app = new App();
    const stack = newStack(app);
    bucketWithoutLogs(stack);
    NagEnforcement.enforce(stack, [new AwsSolutionsChecks()]);
    expect(() => app.synth()).toThrow(/\[AwsSolutions-S1\] TestStack\/Bucket\/Resource/);
  });

  test('the error carries the rule description', () => {
    const description = s1Description();
    const stack = newStack();
    bucketWithoutLogs(stack);
    NagEnforcement.enforce(stack, [new AwsSolutionsChecks()]);
    expect(() => Template.fromStack(stack)).toThrow(`[AwsSolutions-S1] TestStack/Bucket/Resource: ${description}`);
  });

  test('an acknowledged finding synthesizes', () => {
    const stack = newStack();
    const bucket = bucketWithoutLogs(stack);
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'A test bucket that holds nothing.' });
    NagEnforcement.enforce(stack, [new AwsSolutionsChecks()]);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test.each(['', '   '])('an acknowledgement with the reason %j fails the synth, naming the construct and the rule', (reason) => {
    const stack = newStack();
    const bucket = bucketWithoutLogs(stack);
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason });
    NagEnforcement.enforce(stack, [new AwsSolutionsChecks()]);
    expect(() => Template.fromStack(stack)).toThrow(
      '[acknowledgement] TestStack/Bucket: AwsSolutions-S1 is acknowledged with an empty reason; give the reason a reviewer would accept: Validations.of(construct).acknowledge({ id, reason })');
  });

  test('an acknowledgement on a parent construct also covers the bucket', () => {
    const stack = newStack();
    const parent = new Construct(stack, 'Parent');
    bucketWithoutLogs(parent);
    Validations.of(parent).acknowledge({ id: 'AwsSolutions-S1', reason: 'A test bucket that holds nothing.' });
    NagEnforcement.enforce(stack, [new AwsSolutionsChecks()]);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('acknowledging another rule does not hide the finding', () => {
    const stack = newStack();
    const bucket = bucketWithoutLogs(stack);
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S10', reason: 'Not the rule that fails.' });
    NagEnforcement.enforce(stack, [new AwsSolutionsChecks()]);
    expect(() => Template.fromStack(stack)).toThrow('[AwsSolutions-S1] TestStack/Bucket/Resource');
  });

  test('a compliant construct synthesizes under all its packs', () => {
    const stack = newStack();
    new LogArchive(stack, 'LogArchive');
    NagEnforcement.enforce(stack, [new AwsSolutionsChecks(), new NIST80053R5Checks()]);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('an empty pack list enforces nothing', () => {
    const stack = newStack();
    bucketWithoutLogs(stack);
    NagEnforcement.enforce(stack, []);
    expect(() => Template.fromStack(stack)).not.toThrow();
    expect(stack.node.validate()).toEqual([]);
  });

  test('checks constructs added after enforce() was called', () => {
    const stack = newStack();
    NagEnforcement.enforce(stack, [new AwsSolutionsChecks()]);
    bucketWithoutLogs(stack, 'Later');
    expect(() => Template.fromStack(stack)).toThrow('[AwsSolutions-S1] TestStack/Later/Resource');
  });

  test('checks only the subtree of the scope it is given', () => {
    const stack = newStack();
    const enforced = new Construct(stack, 'Enforced');
    new LogArchive(enforced, 'LogArchive');
    bucketWithoutLogs(stack, 'Outside');
    NagEnforcement.enforce(enforced, [new AwsSolutionsChecks()]);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('reports every finding of every pack', () => {
    const stack = newStack();
    bucketWithoutLogs(stack, 'First');
    bucketWithoutLogs(stack, 'Second');
    NagEnforcement.enforce(stack, [new AwsSolutionsChecks(), new NIST80053R5Checks()]);
    let message = '';
    try {
      Template.fromStack(stack);
    } catch (e) {
      message = (e as Error).message;
    }
    for (const expected of [
      '[AwsSolutions-S1] TestStack/First/Resource',
      '[AwsSolutions-S1] TestStack/Second/Resource',
      '[NIST.800.53.R5-S3BucketLoggingEnabled] TestStack/First/Resource',
      '[NIST.800.53.R5-S3BucketLoggingEnabled] TestStack/Second/Resource',
    ]) {
      expect(message).toContain(expected);
    }
  });
});

describe('NagEnforcement.violations', () => {
  test('returns one formatted line per finding: [rule] path: description', () => {
    const stack = newStack();
    bucketWithoutLogs(stack);
    expect(NagEnforcement.violations(stack, [new AwsSolutionsChecks()]))
      .toEqual([`[AwsSolutions-S1] TestStack/Bucket/Resource: ${s1Description()}`]);
  });

  test('returns one line per resource when a rule flags several', () => {
    const stack = newStack();
    bucketWithoutLogs(stack, 'First');
    bucketWithoutLogs(stack, 'Second');
    const lines = NagEnforcement.violations(stack, [new AwsSolutionsChecks()]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[AwsSolutions-S1\] TestStack\/First\/Resource: /);
    expect(lines[1]).toMatch(/^\[AwsSolutions-S1\] TestStack\/Second\/Resource: /);
  });

  test('returns the lines of every pack, pack by pack', () => {
    const stack = newStack();
    bucketWithoutLogs(stack);
    const lines = NagEnforcement.violations(stack, [new AwsSolutionsChecks(), new NIST80053R5Checks()]);
    expect(lines[0]).toMatch(/^\[AwsSolutions-S1\] /);
    expect(lines.slice(1).every(line => line.startsWith('[NIST.800.53.R5-'))).toBe(true);
    expect(lines.slice(1).some(line => line.startsWith('[NIST.800.53.R5-S3BucketLoggingEnabled] TestStack/Bucket/Resource: '))).toBe(true);
  });

  test('returns nothing for a compliant scope', () => {
    const stack = newStack();
    new LogArchive(stack, 'LogArchive');
    expect(NagEnforcement.violations(stack, [new AwsSolutionsChecks(), new NIST80053R5Checks()])).toEqual([]);
  });

  test('returns nothing for an acknowledged finding', () => {
    const stack = newStack();
    const bucket = bucketWithoutLogs(stack);
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'A test bucket that holds nothing.' });
    expect(NagEnforcement.violations(stack, [new AwsSolutionsChecks()])).toEqual([]);
  });

  test('returns nothing for an empty pack list', () => {
    const stack = newStack();
    bucketWithoutLogs(stack);
    expect(NagEnforcement.violations(stack, [])).toEqual([]);
  });

  test('gives the same answer when called twice with the same packs', () => {
    const stack = newStack();
    bucketWithoutLogs(stack);
    const packs = [new AwsSolutionsChecks()];
    expect(NagEnforcement.violations(stack, packs)).toEqual(NagEnforcement.violations(stack, packs));
    expect(NagEnforcement.violations(stack, packs)).toHaveLength(1);
  });
});
