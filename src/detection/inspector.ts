import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { createServiceLinkedRoleStatement } from '../private/service-linked-role';

/**
 * Properties for `InspectorScanning`.
 */
export interface InspectorScanningProps {
  /**
   * Scan EC2 instances for software vulnerabilities and network exposure (Inspector.1).
   *
   * @default true
   */
  readonly ec2?: boolean;

  /**
   * Scan container images in Amazon ECR (Inspector.2).
   *
   * @default true
   */
  readonly ecr?: boolean;

  /**
   * Scan Lambda functions' packages (Inspector.4, Lambda standard scanning).
   *
   * @default true
   */
  readonly lambda?: boolean;

  /**
   * Scan Lambda functions' own code (Inspector.3). Needs `lambda`.
   *
   * @default - the value of `lambda`
   */
  readonly lambdaCode?: boolean;

  /**
   * Whether deleting the stack turns Inspector off. It never turns off an Inspector that was
   * already on when the stack was created.
   *
   * @default false
   */
  readonly disableOnDelete?: boolean;
}

/**
 * Amazon Inspector scanning for this account and region. There is no CloudFormation resource for
 * it, so the baseline provider calls `Enable`, which also creates Inspector's service-linked role.
 * An Inspector that is already on is adopted: the scan types asked for are added, none is removed.
 * A member account of an Inspector delegated administrator cannot deactivate Inspector: there no scan
 * type is disabled, on update or delete, and the provider reports what it left on.
 */
export class InspectorScanning extends Construct {
  /** The scan types this construct enables: EC2, ECR, LAMBDA, LAMBDA_CODE. */
  public readonly resourceTypes: string[];

  constructor(scope: Construct, id: string, props: InspectorScanningProps = {}) {
    super(scope, id);
    const lambda = props.lambda ?? true;
    const lambdaCode = props.lambdaCode ?? lambda;
    if (lambdaCode && !lambda) {
      throw new Error('InspectorScanningProps.lambdaCode: received true with lambda false; Lambda code scanning needs Lambda standard scanning');
    }
    const chosen: Array<[boolean, string]> = [
      [props.ec2 ?? true, 'EC2'],
      [props.ecr ?? true, 'ECR'],
      [lambda, 'LAMBDA'],
      [lambdaCode, 'LAMBDA_CODE'],
    ];
    this.resourceTypes = chosen.filter(([on]) => on).map(([, type]) => type);
    if (this.resourceTypes.length === 0) {
      throw new Error('InspectorScanningProps: ec2, ecr, lambda and lambdaCode are all false; turn one on, or leave Inspector out');
    }

    const stack = Stack.of(this);
    new BaselineCustomResource(this, 'Resource', {
      kind: 'Inspector',
      properties: {
        AccountId: stack.account,
        ResourceTypes: this.resourceTypes,
        DisableOnDelete: props.disableOnDelete ?? false,
      },
      policyStatements: [
        new iam.PolicyStatement({
          // Inspector's account-level actions support no resource-level permissions. GetMember tells
          // whether a delegated administrator manages the account, which then cannot disable scans.
          // Disable undoes a Create that fails after switching scans on, turns off the scan types an
          // update takes out of an Inspector the stack switched on, and serves disableOnDelete; it runs
          // only for events CloudFormation confirms (handler/request-check.ts).
          actions: ['inspector2:BatchGetAccountStatus', 'inspector2:Enable', 'inspector2:Disable', 'inspector2:GetMember'],
          resources: ['*'],
        }),
        // Enable creates both of Inspector's service-linked roles with the caller's permissions
        // (Inspector user guide, "Using service-linked roles"; AWS managed policy AmazonInspector2FullAccess).
        createServiceLinkedRoleStatement(stack, 'inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2'),
        createServiceLinkedRoleStatement(stack, 'agentless.inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2Agentless'),
      ],
    });
  }
}
