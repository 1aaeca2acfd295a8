import * as fs from 'fs';
import * as path from 'path';
import { CustomResource, CustomResourceProvider, CustomResourceProviderRuntime, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The handler bundles (`npx projen bundle` writes them); the same paths from src/ in tests and lib/ when installed. */
const HANDLER_DIRECTORY = path.join(__dirname, '..', '..', 'assets', 'handler', 'index');
/** The bundle whose entry point answers CloudFormation itself, for code inlined into the template. */
const INLINE_HANDLER_DIRECTORY = path.join(__dirname, '..', '..', 'assets', 'handler', 'inline');

/**
 * aws-cdk-lib's context key that makes `CustomResourceProvider` put the code in the template
 * (`ZipFile`) instead of an asset, without its response wrapper.
 */
export const INLINE_CUSTOM_RESOURCES_CONTEXT = '@aws-cdk/core:inlineCustomResourceIfPossible';

const PROVIDER_TYPE = 'Custom::SecureBaselineProvider';

/**
 * Properties for a `BaselineCustomResource`.
 */
export interface BaselineCustomResourceProps {
  /** Which handler serves the resource (a key of `HANDLERS` in handler/index.ts). */
  readonly kind: string;
  /** Properties passed to the handler; CloudFormation turns every value into a string. */
  readonly properties?: Record<string, unknown>;
  /** What the handler needs for this resource and nothing more; added to the provider's role. */
  readonly policyStatements: iam.PolicyStatement[];
}

/**
 * A custom resource served by the stack's one baseline provider function.
 *
 * aws-cdk-lib's `CustomResourceProvider` is a single Lambda function per stack with no provider
 * framework function in front of it, so every account setting and adopted service shares one
 * function; each resource adds only the IAM statements its own calls need.
 */
export class BaselineCustomResource extends Construct {
  /** The custom resource. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: BaselineCustomResourceProps) {
    super(scope, id);
    const codeDirectory = this.node.tryGetContext(INLINE_CUSTOM_RESOURCES_CONTEXT) === true ? INLINE_HANDLER_DIRECTORY : HANDLER_DIRECTORY;
    if (!fs.existsSync(path.join(codeDirectory, 'index.js'))) {
      throw new Error(`the custom resource handler bundle is missing from ${codeDirectory}; run 'npx projen bundle'`);
    }
    const provider = CustomResourceProvider.getOrCreateProvider(this, PROVIDER_TYPE, {
      codeDirectory,
      runtime: CustomResourceProviderRuntime.NODEJS_22_X,
      description: 'cdk-secure-baseline: applies account-level security settings during deployments',
      timeout: Duration.minutes(5),
      memorySize: undefined,
    });
    addStatementsOnce(provider, props.policyStatements);

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: `Custom::${props.kind}`,
      properties: { Kind: props.kind, ...props.properties },
    });
  }
}

const statementsByProvider = new WeakMap<CustomResourceProvider, Set<string>>();

/** Several resources of one kind need the same statement; the role gets it once. */
function addStatementsOnce(provider: CustomResourceProvider, statements: iam.PolicyStatement[]): void {
  const added = statementsByProvider.get(provider) ?? new Set<string>();
  statementsByProvider.set(provider, added);
  for (const statement of statements) {
    const json = statement.toStatementJson();
    const key = JSON.stringify(Stack.of(provider).resolve(json));
    if (!added.has(key)) {
      added.add(key);
      provider.addToRolePolicy(json);
    }
  }
}
