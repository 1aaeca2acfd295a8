/**
 * In an organization, a delegated administrator can own some of a member account's settings
 * (GuardDuty, Security Hub, Inspector). A member's baseline leaves those settings alone and says so,
 * both as custom resource attributes and as one line in the function's log.
 */

/** `ManagedBy` when no administrator manages the service: the account's baseline owns every setting. */
export const SELF = 'self';

/** The custom resource attributes every administered kind returns, so that `Fn::GetAtt` always resolves. */
export interface AdministrationData extends Record<string, string> {
  /** The administrator's account id, or 'self'. */
  readonly ManagedBy: string;
  /** The settings left to the administrator, comma-separated; empty when none. */
  readonly SkippedSettings: string;
}

/** What a standalone (or administrator) account reports: it owns everything. */
export function selfManaged(): AdministrationData {
  return { ManagedBy: SELF, SkippedSettings: '' };
}

/**
 * What a member account reports, with the log line that says what was left to whom.
 *
 * @param service e.g. 'Security Hub'
 * @param administratorId the administrator's account id
 * @param skipped the settings this deployment left alone
 */
export function leftToAdministrator(service: string, administratorId: string, skipped: string[]): AdministrationData {
  console.log(`${service} is managed by the administrator account ${administratorId}: this member account's baseline left ${skipped.join(', ')} to it`);
  return { ManagedBy: administratorId, SkippedSettings: skipped.join(',') };
}

/**
 * Whether a relationship status means that the administrator manages the account now. An invitation
 * that was not accepted, or a member that was removed or resigned, leaves the account on its own.
 * GuardDuty and Security Hub spell the status in different cases ('Enabled', 'ENABLED').
 */
export function isActiveRelationship(status: string | undefined): boolean {
  return status?.toUpperCase() === 'ENABLED';
}

/**
 * The Inspector delegated administrator that actively manages `accountId`, from its GetMember answer
 * (`delegatedAdminAccountId`, Inspector API reference); the administrator is not its own member.
 */
export function activeInspectorAdministrator(
  member: { delegatedAdminAccountId?: string; relationshipStatus?: string } | undefined, accountId: string): string | undefined {
  const administrator = member?.delegatedAdminAccountId;
  return isActiveRelationship(member?.relationshipStatus) && administrator && administrator !== accountId ? administrator : undefined;
}

/** Inspector's GetMember answers an account that is no member with one of these errors. */
export function isNotInspectorMember(errorName: string): boolean {
  return errorName === 'ResourceNotFoundException' || errorName === 'ValidationException';
}

/**
 * Where Macie is off, it answers every call, GetMacieSession included, with AccessDeniedException
 * "Macie is not enabled": only that message tells it from a real denial.
 */
export function isMacieOff(errorName: string, message: string): boolean {
  return errorName === 'AccessDeniedException' && /Macie is not enabled/i.test(message);
}
