// Kept apart from test/helpers.ts so that handler tests do not load aws-cdk-lib and cdk-nag.

/** An Error with `name` set, as the AWS SDK throws (for aws-sdk-client-mock rejections). */
export function awsError(name: string, message = `${name} message`): Error {
  return Object.assign(new Error(message), { name });
}
