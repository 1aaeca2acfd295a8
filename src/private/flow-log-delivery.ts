import * as s3 from 'aws-cdk-lib/aws-s3';

/** Buckets whose policy a `VpcFlowLogs` of this app made admit flow log delivery from every region of the account. */
const ADMITTING_DELIVERY = new WeakSet<s3.IBucket>();

/** Called by `VpcFlowLogs` once it added the bucket statements (and, with the bucket's key, the key statement). */
export function admitFlowLogDelivery(bucket: s3.IBucket): void {
  ADMITTING_DELIVERY.add(bucket);
}

/**
 * Whether a `VpcFlowLogs` of this app added the bucket and key statements that flow log delivery from
 * any region of the account needs. A member region's flow logs add none to the home region's bucket:
 * they rely on these.
 */
export function admitsFlowLogDelivery(bucket: s3.IBucket): boolean {
  return ADMITTING_DELIVERY.has(bucket);
}
