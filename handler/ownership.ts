/**
 * Whether the stack switched a service on, or found it on and adopted it, is decided once, at
 * create time, and kept in the physical resource id: CloudFormation hands that id back on every
 * later event, so no other state is needed. The id never changes on update (a new id would make
 * CloudFormation send a Delete for the old one).
 */
export enum Ownership {
  /** The stack switched the service on. */
  CREATED = 'created',
  /** The service was already on; the stack converges its settings but never switches it off. */
  ADOPTED = 'adopted',
}

export function ownedPhysicalId(name: string, ownership: Ownership): string {
  return `${name}:${ownership}`;
}

/**
 * The name (or ARN) an owned physical id was made from: the inverse of `ownedPhysicalId`. Only the
 * ownership suffix is taken off, so names and ARNs that hold ':' themselves come back whole.
 */
export function ownedName(physicalResourceId: string): string {
  return physicalResourceId.replace(new RegExp(`:(${Ownership.CREATED}|${Ownership.ADOPTED})$`), '');
}

/** True only for ids this handler wrote with `Ownership.CREATED`; anything else is treated as adopted. */
export function createdByStack(physicalResourceId: string | undefined): boolean {
  return physicalResourceId?.endsWith(`:${Ownership.CREATED}`) ?? false;
}
