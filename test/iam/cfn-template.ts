/**
 * Reads a synthesized template as CloudFormation would deploy it in one account and region:
 * intrinsic functions resolved, with plausible physical names and ARNs for the template's resources.
 */
import { RequestEnvironment } from './iam-requests';

type Json = any;

/** The id (ARN) of the stack the template is deployed as: `Ref AWS::StackId`. */
export function stackIdIn(env: RequestEnvironment): string {
  return `arn:${env.partition}:cloudformation:${env.region}:${env.account}:stack/Baseline/1`;
}

export class DeployedTemplate {
  public readonly resources: Record<string, Json>;

  constructor(private readonly template: Json, private readonly env: RequestEnvironment) {
    this.resources = template.Resources;
  }

  /** The resource's properties with every intrinsic function resolved. */
  public propertiesOf(logicalId: string): Json {
    return this.resolve(this.resources[logicalId].Properties ?? {});
  }

  public ofType(type: string): string[] {
    return Object.keys(this.resources).filter(id => this.resources[id].Type === type);
  }

  public dependsOn(logicalId: string): string[] {
    const dependsOn = this.resources[logicalId].DependsOn ?? [];
    return Array.isArray(dependsOn) ? dependsOn : [dependsOn];
  }

  /** The physical name CloudFormation would give the resource (what `Ref` returns for most types). */
  public physicalName(logicalId: string): string {
    const resource = this.resources[logicalId];
    const props = resource.Properties ?? {};
    const named = props.BucketName ?? props.TopicName ?? props.RoleName ?? props.FunctionName ?? props.LogGroupName;
    return named !== undefined ? this.resolve(named) : `baseline-${logicalId.toLowerCase()}`;
  }

  public arnOf(logicalId: string): string {
    const { partition, region, account } = this.env;
    const name = this.physicalName(logicalId);
    switch (this.resources[logicalId].Type) {
      case 'AWS::S3::Bucket': return `arn:${partition}:s3:::${name}`;
      case 'AWS::KMS::Key': return `arn:${partition}:kms:${region}:${account}:key/${name}`;
      case 'AWS::IAM::Role': return `arn:${partition}:iam::${account}:role${this.resolve(this.resources[logicalId].Properties?.Path ?? '/')}${name}`;
      case 'AWS::SNS::Topic': return `arn:${partition}:sns:${region}:${account}:${name}`;
      case 'AWS::Lambda::Function': return `arn:${partition}:lambda:${region}:${account}:function:${name}`;
      case 'AWS::Logs::LogGroup': return `arn:${partition}:logs:${region}:${account}:log-group:${name}:*`;
      case 'AWS::Events::EventBus': return `arn:${partition}:events:${region}:${account}:event-bus/${name}`;
      default: return `arn:${partition}:unknown:${region}:${account}:${name}`;
    }
  }

  private ref(name: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Partition': this.env.partition,
      'AWS::Region': this.env.region,
      'AWS::AccountId': this.env.account,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'Baseline',
      'AWS::StackId': stackIdIn(this.env),
      'AWS::NoValue': undefined as any,
    };
    if (name in pseudo) {
      return pseudo[name];
    }
    if (this.template.Parameters?.[name]) {
      return this.template.Parameters[name].Default ?? `parameter-${name}`;
    }
    const type = this.resources[name]?.Type;
    if (type === undefined) {
      throw new Error(`Ref to ${name}, which is not in the template`);
    }
    return type === 'AWS::SNS::Topic' ? this.arnOf(name) : this.physicalName(name);
  }

  private getAtt(logicalId: string, attribute: string): string {
    if (attribute === 'Arn') {
      return this.arnOf(logicalId);
    }
    return `${logicalId}.${attribute}`;
  }

  private condition(name: string): boolean {
    return this.evaluate(this.template.Conditions[name]);
  }

  private evaluate(expression: Json): boolean {
    const [fn, args] = Object.entries<Json>(expression)[0];
    switch (fn) {
      case 'Fn::Equals': return this.resolve(args[0]) === this.resolve(args[1]);
      case 'Fn::Not': return !this.evaluate(args[0]);
      case 'Fn::And': return args.every((a: Json) => this.evaluate(a));
      case 'Fn::Or': return args.some((a: Json) => this.evaluate(a));
      case 'Condition': return this.condition(args);
      default: throw new Error(`condition function ${fn} is not supported`);
    }
  }

  public resolve(value: Json): Json {
    if (Array.isArray(value)) {
      return value.map(v => this.resolve(v)).filter(v => v !== undefined);
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys;
      const args = value[key];
      switch (key) {
        case 'Ref': return this.ref(args);
        case 'Fn::GetAtt': return this.getAtt(args[0], args[1]);
        case 'Fn::Join': return this.resolve(args[1]).join(args[0]);
        case 'Fn::Select': return this.resolve(args[1])[Number(this.resolve(args[0]))];
        case 'Fn::Split': return String(this.resolve(args[1])).split(args[0]);
        case 'Fn::If': return this.resolve(this.condition(args[0]) ? args[1] : args[2]);
        case 'Fn::Sub': {
          const [text, variables] = typeof args === 'string' ? [args, {}] : args;
          return text.replace(/\$\{([^}]+)\}/g, (_: string, name: string) => {
            if (name in variables) {
              return this.resolve(variables[name]);
            }
            const [id, attribute] = name.split('.');
            return attribute ? this.getAtt(id, attribute) : this.ref(id);
          });
        }
        default:
          if (key.startsWith('Fn::')) {
            throw new Error(`${key} is not supported by test/iam/cfn-template.ts`);
          }
      }
    }
    return Object.fromEntries(keys.map(k => [k, this.resolve(value[k])]).filter(([, v]) => v !== undefined));
  }
}
