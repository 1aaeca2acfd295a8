/**
 * Entry point for templates that carry the provider's code inline (`ZipFile`), as StackSet templates
 * do. aws-cdk-lib then adds no CloudFormation entrypoint, so this one sends the response itself with
 * the `cfn-response` module that CloudFormation provides to inline code.
 */
import { handler as baselineHandler } from './index';
import { ResourceEvent } from './types';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const response: CfnResponse = require('cfn-response');

interface CfnResponse {
  readonly SUCCESS: string;
  readonly FAILED: string;
  send(event: unknown, context: unknown, status: string, data?: Record<string, string>, physicalResourceId?: string, noEcho?: boolean): unknown;
}

interface InlineEvent extends ResourceEvent {
  readonly LogicalResourceId: string;
}

/** cfn-response ends the invocation through `context.done`; this waits for it. */
function send(event: InlineEvent, context: any, status: string, data: Record<string, string>, physicalResourceId: string): Promise<void> {
  return new Promise(resolve => {
    const done = context.done?.bind(context);
    context.done = (...args: unknown[]) => {
      done?.(...args);
      resolve();
    };
    response.send(event, context, status, data, physicalResourceId);
  });
}

export async function handler(event: InlineEvent, context: any): Promise<void> {
  const fallbackId = event.PhysicalResourceId ?? event.LogicalResourceId;
  try {
    const result = await baselineHandler(event) ?? {};
    await send(event, context, response.SUCCESS, result.Data ?? {}, result.PhysicalResourceId ?? fallbackId);
  } catch (error) {
    console.log(error);
    // cfn-response reports the reason as "See the details in CloudWatch Log Stream"; the message is logged above.
    await send(event, context, response.FAILED, { Error: (error as Error).message }, fallbackId);
  }
}
