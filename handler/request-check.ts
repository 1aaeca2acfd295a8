/**
 * The provider is no confused deputy: before the first guarded call of an invocation (switching a
 * service off, or writing a setting the properties choose; see src/private/provider-actions.ts), it
 * asks CloudFormation, read-only, whether CloudFormation itself is running this request. A forged
 * event (sent by anyone allowed to invoke the function) fails with the reason, before anything is
 * changed; reads and calls that only switch protection on run without the check.
 *
 * What is compared, from the event CloudFormation sends (custom resource request objects: StackId,
 * LogicalResourceId, PhysicalResourceId) with DescribeStacks and DescribeStackResource:
 * - the stack is this function's own stack (the construct puts its id in the environment), exists,
 *   and is in a stack operation that sends this request type;
 * - the logical resource exists in it, is of the type `Custom::<Kind>` of the event's Kind, carries the
 *   event's physical id (Update, Delete) and is in the status this request implies.
 * A Delete of a physical id the resource no longer has is CloudFormation removing a replaced resource:
 * it happens only in a cleanup phase, so the stack's status must be one.
 *
 * Not compared: the properties themselves (a forged event naming a resource that CloudFormation is
 * updating or deleting at that very moment could change them), and the RequestId, which CloudFormation
 * does not publish.
 */
import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand, StackResourceDetail } from '@aws-sdk/client-cloudformation';
import { awsCall, beforeEveryCall, clientConfig, errorName } from './aws-call';
import { ResourceEvent } from './types';
import { isGuardedAction, STACK_ID_VARIABLE } from '../src/private/provider-actions';

/** The fields of a CloudFormation custom resource request that tell which resource it is for. */
export interface CloudFormationRequest extends ResourceEvent {
  readonly StackId?: string;
  readonly RequestId?: string;
  readonly LogicalResourceId?: string;
  readonly ResourceType?: string;
}

type RequestType = ResourceEvent['RequestType'];

/**
 * The stack statuses (CloudFormation API reference, Stack) during which CloudFormation sends each
 * request type to a custom resource: a Create when the stack is created or a resource added by an
 * update; an Update during an update or its rollback; a Delete when the stack is deleted, when its
 * creation rolls back, and in the cleanup phases that remove what an update (or its rollback) left over.
 */
export const STACK_STATUSES: Record<RequestType, string[]> = {
  Create: ['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS'],
  Update: ['UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS'],
  Delete: ['DELETE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'],
};

/**
 * The resource statuses (CloudFormation API reference, StackResource) a resource has while its request
 * runs. Which of the rollback statuses CloudFormation reports for a custom resource during a rollback
 * is not documented, so each request type accepts the rollback status of its kind of operation too.
 */
export const RESOURCE_STATUSES: Record<RequestType, string[]> = {
  Create: ['CREATE_IN_PROGRESS'],
  Update: ['UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS'],
  Delete: ['DELETE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS'],
};

const CLEANUP_STATUSES = ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'];

/** Thrown for an event that CloudFormation did not send: nothing guarded has run. */
export class ForgedRequestError extends Error {
  constructor(event: CloudFormationRequest, action: string, reason: string) {
    super(`refused to run ${action} for this ${event.RequestType} of ${event.ResourceProperties.Kind} `
      + `(stack ${event.StackId ?? 'none'}, logical id ${event.LogicalResourceId ?? 'none'}, physical id ${event.PhysicalResourceId ?? 'none'}): `
      + `${reason}. The provider switches protections off or rewrites settings only for requests CloudFormation sends`);
    this.name = 'ForgedRequestError';
  }
}

/** CloudFormation answers ValidationException for a stack or a resource that does not exist. */
async function describe<T>(action: string, call: () => Promise<T>): Promise<T | string> {
  try {
    return await awsCall(action, call);
  } catch (error) {
    if (errorName(error) === 'ValidationException') {
      return (error as Error).message;
    }
    throw error;
  }
}

/** Why CloudFormation did not send the event, or undefined when it did. */
async function whyNotFromCloudFormation(event: CloudFormationRequest): Promise<string | undefined> {
  const ownStack = process.env[STACK_ID_VARIABLE];
  if (!event.StackId || !event.LogicalResourceId) {
    return 'the event names no stack or no logical resource';
  }
  if (!ownStack) {
    return `the function has no ${STACK_ID_VARIABLE} to compare the event's stack with`;
  }
  if (event.StackId !== ownStack) {
    return `the event names another stack than the function's own (${ownStack})`;
  }
  const client = new CloudFormationClient(clientConfig);
  const stacks = await describe('cloudformation:DescribeStacks', () => client.send(new DescribeStacksCommand({ StackName: event.StackId })));
  if (typeof stacks === 'string') {
    return `the stack does not exist (CloudFormation said: ${stacks})`;
  }
  const stackStatus = stacks.Stacks?.[0]?.StackStatus ?? 'unknown';
  if (!STACK_STATUSES[event.RequestType].includes(stackStatus)) {
    return `the stack is ${stackStatus}, and CloudFormation sends a ${event.RequestType} only while it is ${STACK_STATUSES[event.RequestType].join(' or ')}`;
  }
  const found = await describe('cloudformation:DescribeStackResource', () => client.send(new DescribeStackResourceCommand({
    StackName: event.StackId, LogicalResourceId: event.LogicalResourceId,
  })));
  if (typeof found === 'string') {
    return `the stack has no such resource (CloudFormation said: ${found})`;
  }
  if (!found.StackResourceDetail) {
    return 'CloudFormation described no such resource';
  }
  return whyNotThisResource(event, found.StackResourceDetail, stackStatus);
}

function whyNotThisResource(event: CloudFormationRequest, resource: StackResourceDetail, stackStatus: string): string | undefined {
  const expectedType = `Custom::${event.ResourceProperties.Kind}`;
  if (resource.ResourceType !== expectedType) {
    return `the resource is of type ${resource.ResourceType}, not ${expectedType}`;
  }
  if (event.RequestType !== 'Create' && resource.PhysicalResourceId !== event.PhysicalResourceId) {
    // A replaced resource's old physical id is deleted in the cleanup phase, after the resource took its new one.
    if (event.RequestType === 'Delete' && CLEANUP_STATUSES.includes(stackStatus)) {
      return undefined;
    }
    return `the resource's physical id is ${resource.PhysicalResourceId ?? 'none'}`;
  }
  const status = resource.ResourceStatus ?? 'unknown';
  if (!RESOURCE_STATUSES[event.RequestType].includes(status)) {
    return `the resource is ${status}, and a ${event.RequestType} runs while it is ${RESOURCE_STATUSES[event.RequestType].join(' or ')}`;
  }
  return undefined;
}

/** The check, replaceable in tests of other behaviour (`trustEveryEvent` in test/handler). */
export const eventCheck = { whyNotFromCloudFormation };

let current: { event: CloudFormationRequest; verdict?: Promise<string | undefined> } | undefined;

/** Called by the entry point for each event: the check runs at most once per invocation, when first needed. */
export function startRequest(event: CloudFormationRequest): void {
  current = { event };
}

/**
 * Called before every AWS call (awsCall): a guarded action runs only once CloudFormation confirmed
 * the event. Outside a request (no event was started) every guarded action is refused.
 */
async function confirmBeforeCall(action: string): Promise<void> {
  if (!isGuardedAction(action)) {
    return;
  }
  if (!current) {
    throw new Error(`refused to run ${action}: no CloudFormation request is being handled`);
  }
  const request = current;
  request.verdict ??= eventCheck.whyNotFromCloudFormation(request.event);
  const reason = await request.verdict;
  if (reason !== undefined) {
    throw new ForgedRequestError(request.event, action, reason);
  }
}

beforeEveryCall.check = confirmBeforeCall;
