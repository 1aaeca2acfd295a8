/**
 * Entry point for templates that carry the provider's code inline (`ZipFile`), as StackSet templates
 * do. aws-cdk-lib then adds no CloudFormation entrypoint, so this one answers CloudFormation itself:
 * an HTTPS PUT of the response document to the pre-signed `ResponseURL`, as aws-cdk-lib's own
 * entrypoint does. It does not rely on the `cfn-response` module, which CloudFormation injects only
 * in some cases; without an answer every custom resource (and its rollback) waits an hour.
 */
import * as https from 'https';
import { handler as baselineHandler } from './index';
import { CloudFormationRequest } from './request-check';

export interface InlineEvent extends CloudFormationRequest {
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
}

/** The response document of the CloudFormation custom resource protocol. */
interface CloudFormationResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** CloudFormation caps the whole response at 4 KB; a long error message must not make the answer itself fail. */
const MAX_REASON_LENGTH = 2_000;

/** Sends the response document; an empty Content-Type is what the pre-signed S3 URL was signed for. */
function putResponse(responseUrl: string, response: CloudFormationResponse): Promise<void> {
  const body = JSON.stringify(response);
  return new Promise((resolve, reject) => {
    const request = https.request(responseUrl, {
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    }, (reply) => {
      reply.resume();
      if ((reply.statusCode ?? 0) >= 300) {
        reject(new Error(`CloudFormation's response URL answered HTTP ${reply.statusCode}`));
      } else {
        reply.on('end', () => resolve());
      }
    });
    request.on('error', reject);
    request.end(body);
  });
}

export async function handler(event: InlineEvent, context?: { getRemainingTimeInMillis?: () => number }): Promise<void> {
  const common = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
  // A failed Create has no physical id yet; CloudFormation needs one, and must not see it change.
  const fallbackId = event.PhysicalResourceId ?? event.LogicalResourceId;
  let response: CloudFormationResponse;
  try {
    const result = await baselineHandler(event, context) ?? {};
    response = { ...common, Status: 'SUCCESS', PhysicalResourceId: result.PhysicalResourceId ?? fallbackId, Data: result.Data };
  } catch (error) {
    console.log(error);
    const reason = (error as Error).message ?? String(error);
    response = { ...common, Status: 'FAILED', PhysicalResourceId: fallbackId, Reason: reason.slice(0, MAX_REASON_LENGTH) };
  }
  await putResponse(event.ResponseURL, response);
}
