import { accessAnalyzer } from './access-analyzer';
import { accountPublicAccessBlock } from './account-public-access-block';
import { alternateContact } from './alternate-contact';
import { anomalyMonitor } from './anomaly-monitor';
import { expectNewPermissions, expectSettledPermissions } from './aws-call';
import { configRecorder } from './config-recorder';
import { startInvocation } from './deadline';
import { defaultSecurityGroup } from './default-security-group';
import { detectiveGraph } from './detective';
import { ebsDefaultEncryption } from './ebs-default-encryption';
import { findingAggregator } from './finding-aggregator';
import { guardDutyDetector } from './guardduty-detector';
import { guardDutyOrganization } from './guardduty-organization';
import { inspector } from './inspector';
import { macie } from './macie';
import { organizationAdmin } from './organization-admin';
import { passwordPolicy } from './password-policy';
import { CloudFormationRequest, startRequest } from './request-check';
import { securityHub } from './security-hub';
import { serviceLinkedRole } from './service-linked-role';
import { ResourceHandler, ResourceHandlers, ResourceResult } from './types';
import type { CustomResourceKind } from '../src/private/custom-resource-contract';

/** Every kind of custom resource the baseline's one provider function serves (src/private/custom-resource-contract.ts). */
export const HANDLERS: ResourceHandlers = {
  AccountPublicAccessBlock: accountPublicAccessBlock,
  AlternateContact: alternateContact,
  // After the two above: test/handler/index.test.ts expects the kinds listed from AccountPublicAccessBlock on.
  AccessAnalyzer: accessAnalyzer,
  AnomalyMonitor: anomalyMonitor,
  ConfigRecorder: configRecorder,
  DefaultSecurityGroup: defaultSecurityGroup,
  DetectiveGraph: detectiveGraph,
  EbsDefaultEncryption: ebsDefaultEncryption,
  FindingAggregator: findingAggregator,
  GuardDutyDetector: guardDutyDetector,
  GuardDutyOrganizationConfiguration: guardDutyOrganization,
  Inspector: inspector,
  Macie: macie,
  OrganizationAdmin: organizationAdmin,
  PasswordPolicy: passwordPolicy,
  SecurityHub: securityHub,
  ServiceLinkedRole: serviceLinkedRole,
};

/**
 * Entry point, called by the CloudFormation entrypoint of aws-cdk-lib's CustomResourceProvider,
 * which sends the response. Returning is success; throwing fails the stack operation with the message.
 * The context, when given, tells how long Lambda lets this invocation run; every wait keeps within it.
 */
export async function handler(event: CloudFormationRequest, context?: { getRemainingTimeInMillis?: () => number }): Promise<ResourceResult | void> {
  startInvocation(context?.getRemainingTimeInMillis?.());
  // Whoever may invoke the function can send any event: guarded calls wait for CloudFormation to confirm it (request-check.ts).
  startRequest(event);
  const kind = event.ResourceProperties.Kind;
  // The event's properties are read as the contract declares them for its kind.
  const resource: ResourceHandler<any> | undefined = HANDLERS[kind as CustomResourceKind];
  if (!resource) {
    throw new Error(`unknown resource kind '${kind}'; this provider serves ${Object.keys(HANDLERS).join(', ')}`);
  }
  if (event.RequestType === 'Delete') {
    expectSettledPermissions();
  } else {
    expectNewPermissions();
  }
  switch (event.RequestType) {
    case 'Create':
      return resource.create(event.ResourceProperties);
    case 'Update':
      return resource.update
        ? resource.update(event.ResourceProperties, event.OldResourceProperties ?? { Kind: kind }, event.PhysicalResourceId!)
        : resource.create(event.ResourceProperties);
    case 'Delete':
      // A security baseline leaves protections on when it is removed, unless a kind says otherwise.
      return resource.delete ? resource.delete(event.ResourceProperties, event.PhysicalResourceId!) : undefined;
  }
}
