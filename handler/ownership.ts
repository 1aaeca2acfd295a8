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

/** True only for ids this handler wrote with `Ownership.CREATED`; anything else is treated as adopted. */
export function createdByStack(physicalResourceId: string | undefined): boolean {
  return physicalResourceId?.endsWith(`:${Ownership.CREATED}`) ?? false;
}
