import type { CustomResourceKind, Delivered, PreviousDelivered } from '../src/private/custom-resource-contract';

export type { Delivered, PreviousDelivered } from '../src/private/custom-resource-contract';

/**
 * The parts of a CloudFormation custom resource event that the handlers read.
 * CloudFormation passes every property value as a string (numbers and booleans included).
 */
export interface ResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Properties;
  readonly OldResourceProperties?: Properties;
}

/**
 * The properties of an event as they arrive, before the handler of their kind reads them through
 * `Delivered` (src/private/custom-resource-contract.ts).
 */
export type Properties = { readonly Kind: string } & Record<string, any>;

/** What the CloudFormation entrypoint of aws-cdk-lib's CustomResourceProvider expects back. */
export interface ResourceResult {
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
}

/** One kind of custom resource. `update` defaults to `create`; `delete` defaults to leaving the setting as it is. */
export interface ResourceHandler<K extends CustomResourceKind> {
  create(props: Delivered<K>): Promise<ResourceResult>;
  update?(props: Delivered<K>, oldProps: PreviousDelivered<K>, physicalResourceId: string): Promise<ResourceResult>;
  delete?(props: Delivered<K>, physicalResourceId: string): Promise<ResourceResult | void>;
}

/** The handler of each kind: a kind declared but not handled, or handled but not declared, fails `tsc`. */
export type ResourceHandlers = { readonly [K in CustomResourceKind]: ResourceHandler<K> };

export function asBoolean(value: unknown): boolean {
  return value === true || value === 'true';
}

export function asNumber(value: unknown): number | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isFinite(n)) {
    throw new Error(`expected a number, received '${value}'`);
  }
  return n;
}

export function asStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
