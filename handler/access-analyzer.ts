import {
  AccessAnalyzerClient, AnalyzerSummary, CreateAnalyzerCommand, DeleteAnalyzerCommand, GetAnalyzerCommand, ListAnalyzersCommand,
  Type, UpdateAnalyzerCommand,
} from '@aws-sdk/client-accessanalyzer';
import { awsCall, awsCallAll, clientConfig, errorName } from './aws-call';
import { createdByStack, Ownership, ownedName, ownedPhysicalId } from './ownership';
import { asBoolean, asNumber, Delivered, PreviousDelivered, ResourceHandler, ResourceResult } from './types';

function isUnusedAccess(type: string): boolean {
  return type.endsWith('_UNUSED_ACCESS');
}

/** Active analyzers of the type that the account manages itself (not service-linked ones another service owns). */
async function activeAnalyzers(client: AccessAnalyzerClient, type: string): Promise<AnalyzerSummary[]> {
  const analyzers = await awsCallAll('access-analyzer:ListAnalyzers',
    token => client.send(new ListAnalyzersCommand({ type: type as Type, nextToken: token })), page => page.analyzers, page => page.nextToken);
  return analyzers.filter(a => a.status === 'ACTIVE' && !a.managedBy);
}

async function getAnalyzer(client: AccessAnalyzerClient, name: string): Promise<AnalyzerSummary | undefined> {
  try {
    const found = await awsCall('access-analyzer:GetAnalyzer', () => client.send(new GetAnalyzerCommand({ analyzerName: name })));
    return found.analyzer;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') {
      return undefined;
    }
    throw error;
  }
}

/**
 * Sets the unused access age of an unused access analyzer, keeping any analysis rule (exclusions)
 * that was set on it. ListAnalyzers leaves the configuration out, so GetAnalyzer reads it.
 */
async function convergeUnusedAccess(client: AccessAnalyzerClient, analyzer: AnalyzerSummary, props: Delivered<'AccessAnalyzer'>): Promise<void> {
  const age = asNumber(props.UnusedAccessAge);
  const current = analyzer.configuration?.unusedAccess;
  if (age === undefined || current?.unusedAccessAge === age) {
    return;
  }
  await awsCall('access-analyzer:UpdateAnalyzer', () => client.send(new UpdateAnalyzerCommand({
    analyzerName: analyzer.name,
    configuration: { unusedAccess: { ...current, unusedAccessAge: age } },
  })));
}

function result(arn: string, name: string, physicalResourceId: string): ResourceResult {
  return { PhysicalResourceId: physicalResourceId, Data: { AnalyzerArn: arn, AnalyzerName: name } };
}

async function createOrAdopt(client: AccessAnalyzerClient, props: Delivered<'AccessAnalyzer'>): Promise<ResourceResult> {
  const type: string = props.Type;
  const [existing] = await activeAnalyzers(client, type);
  if (existing) {
    if (isUnusedAccess(type)) {
      await convergeUnusedAccess(client, (await getAnalyzer(client, existing.name!)) ?? existing, props);
    }
    return result(existing.arn!, existing.name!, ownedPhysicalId(existing.name!, Ownership.ADOPTED));
  }
  const age = asNumber(props.UnusedAccessAge);
  // CreateAnalyzer is the only call that switches the analyzer on, and the last: a failure leaves nothing to undo.
  const created = await awsCall('access-analyzer:CreateAnalyzer', () => client.send(new CreateAnalyzerCommand({
    analyzerName: props.AnalyzerName,
    type: type as Type,
    configuration: isUnusedAccess(type) && age !== undefined ? { unusedAccess: { unusedAccessAge: age } } : undefined,
  })));
  return result(created.arn!, props.AnalyzerName, ownedPhysicalId(props.AnalyzerName, Ownership.CREATED));
}

/**
 * An IAM Access Analyzer analyzer of one type (IAM.28 for external access).
 *
 * An account and Region have one analyzer of each type at most. Create adopts an active analyzer
 * of the type, whatever its name, or creates one named AnalyzerName. Update converges the unused
 * access age in place. Delete leaves the analyzer unless DisableOnDelete is set and the stack
 * created it: an adopted analyzer is never deleted.
 *
 * The physical id changes on update in two cases only, both of which CloudFormation should treat
 * as a replacement: the Type changed (a new analyzer of the new type is created or adopted, and
 * CloudFormation then deletes the old one by its own rules), or the analyzer in the id no longer
 * exists (deleted outside the stack), so the old id names nothing a Delete could remove.
 */
export const accessAnalyzer: ResourceHandler<'AccessAnalyzer'> = {
  async create(props: Delivered<'AccessAnalyzer'>) {
    return createOrAdopt(new AccessAnalyzerClient(clientConfig), props);
  },

  async update(props: Delivered<'AccessAnalyzer'>, oldProps: PreviousDelivered<'AccessAnalyzer'>, physicalResourceId: string) {
    const client = new AccessAnalyzerClient(clientConfig);
    if (props.Type !== oldProps.Type) {
      return createOrAdopt(client, props);
    }
    const analyzer = await getAnalyzer(client, ownedName(physicalResourceId));
    if (!analyzer) {
      return createOrAdopt(client, props);
    }
    if (isUnusedAccess(props.Type)) {
      await convergeUnusedAccess(client, analyzer, props);
    }
    return result(analyzer.arn!, analyzer.name!, physicalResourceId);
  },

  async delete(props: Delivered<'AccessAnalyzer'>, physicalResourceId: string) {
    if (!(asBoolean(props.DisableOnDelete) && createdByStack(physicalResourceId))) {
      return;
    }
    const client = new AccessAnalyzerClient(clientConfig);
    try {
      await awsCall('access-analyzer:DeleteAnalyzer', () => client.send(new DeleteAnalyzerCommand({ analyzerName: ownedName(physicalResourceId) })));
    } catch (error) {
      // Deleted outside the stack already: nothing left to switch off.
      if (errorName(error) !== 'ResourceNotFoundException') {
        throw error;
      }
    }
  },
};
