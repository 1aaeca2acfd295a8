import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, CustomResource, CustomResourceProvider, CustomResourceProviderRuntime, Duration, Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CustomResourceKind, CustomResourceKinds } from './custom-resource-contract';
import { EVENT_CHECK_ACTIONS, isGuardedAction, STACK_ID_VARIABLE } from './provider-actions';
import { BASELINE_ROLE_PATH } from './role-path';

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

/** The provider function's timeout; the handler's waits must end well inside it. */
const PROVIDER_TIMEOUT = Duration.minutes(5);

/**
 * Properties for a `BaselineCustomResource`.
 */
export interface BaselineCustomResourceProps<K extends CustomResourceKind> {
  /** Which handler serves the resource (a key of `HANDLERS` in handler/index.ts). */
  readonly kind: K;
  /** Properties passed to the handler, as custom-resource-contract.ts declares them for the kind. */
  readonly properties: CustomResourceKinds[K];
  /** What the handler needs for this resource and nothing more, its Delete included. */
  readonly policyStatements: iam.PolicyStatement[];
}

/**
 * A custom resource served by the stack's one baseline provider function.
 *
 * aws-cdk-lib's `CustomResourceProvider` is a single Lambda function per stack with no provider
 * framework function in front of it, so every account setting and adopted service shares one
 * function and its role.
 *
 * Each resource's statements live in a policy of their own (`AWS::IAM::RolePolicy` on the provider
 * role) that the custom resource depends on. CloudFormation deletes resources in reverse dependency
 * order, and removes what an update takes out of the template only in its cleanup phase: so when a
 * part is switched off, its custom resource runs its Delete while its permissions still exist, and
 * the policy goes afterwards. Statements added to the role itself would be gone by then.
 */
export class BaselineCustomResource<K extends CustomResourceKind> extends Construct {
  /** The custom resource. */
  public readonly resource: CustomResource;
  /** The permissions of this resource alone, attached to the provider's role. */
  public readonly policy: iam.CfnRolePolicy;

  constructor(scope: Construct, id: string, props: BaselineCustomResourceProps<K>) {
    super(scope, id);
    const codeDirectory = this.node.tryGetContext(INLINE_CUSTOM_RESOURCES_CONTEXT) === true ? INLINE_HANDLER_DIRECTORY : HANDLER_DIRECTORY;
    if (!fs.existsSync(path.join(codeDirectory, 'index.js'))) {
      throw new Error(`the custom resource handler bundle is missing from ${codeDirectory}; run 'npx projen bundle'`);
    }
    const provider = CustomResourceProvider.getOrCreateProvider(this, PROVIDER_TYPE, {
      codeDirectory,
      runtime: CustomResourceProviderRuntime.NODEJS_22_X,
      description: 'cdk-secure-baseline: applies account-level security settings during deployments',
      timeout: PROVIDER_TIMEOUT,
      memorySize: undefined,
      // The handler refuses guarded calls for events that name another stack (handler/request-check.ts).
      environment: { [STACK_ID_VARIABLE]: Stack.of(this).stackId },
    });
    const providerRole = placeUnderBaselineRolePath(provider);

    const stack = Stack.of(this);
    this.policy = new iam.CfnRolePolicy(this, 'Policy', {
      roleName: providerRole.ref,
      // Unique within the role and stable while the construct path is: IAM caps policy names at 128 characters.
      policyName: Names.uniqueId(this).slice(-128),
      policyDocument: new iam.PolicyDocument({ statements: uniqueStatements(stack, withEventCheck(stack, props.policyStatements)) }),
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: `Custom::${props.kind}`,
      properties: { Kind: props.kind, ...props.properties },
    });
    this.resource.node.addDependency(this.policy);
  }
}

/**
 * Puts the provider's role with the baseline's other roles, under the path the guardrail SCPs protect
 * and exempt (see role-path.ts), and returns it. The provider exposes no role construct and no role
 * path option, so its `AWS::IAM::Role` is reached by id; setting the path again is harmless.
 */
function placeUnderBaselineRolePath(provider: CustomResourceProvider): CfnResource {
  const role = provider.node.findChild('Role') as CfnResource;
  role.addPropertyOverride('Path', BASELINE_ROLE_PATH);
  return role;
}

/**
 * Adds the read-only CloudFormation calls with which the handler confirms an event before a guarded
 * call (src/private/provider-actions.ts), scoped to this stack, where the statements grant a guarded
 * action: a resource whose calls all only read or switch protection on needs no check.
 */
function withEventCheck(stack: Stack, statements: iam.PolicyStatement[]): iam.PolicyStatement[] {
  if (!statements.some(statement => statement.actions.some(isGuardedAction))) {
    return statements;
  }
  return [...statements, new iam.PolicyStatement({ actions: EVENT_CHECK_ACTIONS, resources: [stack.stackId] })];
}

/** A resource that needs one statement twice (e.g. two calls on one ARN) gets it once. */
function uniqueStatements(stack: Stack, statements: iam.PolicyStatement[]): iam.PolicyStatement[] {
  const byJson = new Map<string, iam.PolicyStatement>();
  for (const statement of statements) {
    byJson.set(JSON.stringify(stack.resolve(statement.toStatementJson())), statement);
  }
  return [...byJson.values()];
}
