/**
 * How a construct deploys a service that exists at most once per account and region
 * (a GuardDuty detector, Security Hub, a Config recorder, an Access Analyzer analyzer of a type).
 */
export enum ServiceDeployment {
  /**
   * The baseline provider creates the service if it is off, or adopts it if it is on, and converges
   * its settings on every deployment. Works in accounts where the service was switched on by hand or
   * by another tool. CloudFormation drift detection cannot see the service's settings; the next
   * deployment puts them back.
   */
  ADOPT_OR_CREATE = 'ADOPT_OR_CREATE',

  /**
   * The service's own CloudFormation resource: drift detection and resource import work, but the
   * deployment fails if the service is already on in the account and region.
   */
  CLOUDFORMATION = 'CLOUDFORMATION',
}
