import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineCustomResource } from '../private/baseline-custom-resource';

/**
 * S3 Block Public Access for the whole account, all four settings on (Security Hub S3.1): no bucket
 * in the account can be made public by an ACL or a bucket policy, whatever its own settings say.
 * It stays on when the stack is deleted.
 */
export class AccountBlockPublicAccess extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const account = Stack.of(this).account;
    new BaselineCustomResource(this, 'Resource', {
      kind: 'AccountPublicAccessBlock',
      properties: { AccountId: account },
      policyStatements: [new iam.PolicyStatement({
        // The IAM action behind S3 Control's PutPublicAccessBlock; it supports no resource-level permissions.
        actions: ['s3:PutAccountPublicAccessBlock'],
        resources: ['*'],
      })],
    });
  }
}
