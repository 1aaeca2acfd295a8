import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { BaselineCustomResource } from '../private/baseline-custom-resource';

/**
 * Properties for `EbsDefaultEncryption`.
 */
export interface EbsDefaultEncryptionProps {
  /**
   * Customer managed key that becomes the region's default EBS key. Its key policy must let the
   * principals that create volumes use it, and the Auto Scaling service-linked role too if you use
   * Auto Scaling: otherwise launches fail. Taking the key out later goes back to the AWS managed key.
   *
   * @default - the AWS managed key `aws/ebs`
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * EBS encryption by default in this region (Security Hub EC2.7): every new volume and snapshot copy
 * is encrypted. There is no CloudFormation resource for it, so the baseline provider calls
 * `EnableEbsEncryptionByDefault`. It stays on when the stack is deleted.
 */
export class EbsDefaultEncryption extends Construct {
  constructor(scope: Construct, id: string, props: EbsDefaultEncryptionProps = {}) {
    super(scope, id);
    new BaselineCustomResource(this, 'Resource', {
      kind: 'EbsDefaultEncryption',
      properties: { KmsKeyId: props.encryptionKey?.keyArn },
      policyStatements: [new iam.PolicyStatement({
        // These EC2 account attributes support no resource-level permissions. Resetting goes back to the
        // AWS managed key when an update takes the key out, which the template without it cannot know:
        // so it is always granted; choosing a key only with one.
        actions: ['ec2:EnableEbsEncryptionByDefault', 'ec2:ResetEbsDefaultKmsKeyId', ...(props.encryptionKey ? ['ec2:ModifyEbsDefaultKmsKeyId'] : [])],
        resources: ['*'],
      })],
    });
  }
}
