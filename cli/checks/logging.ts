import { DescribeTrailsCommand, GetTrailStatusCommand, Trail } from '@aws-sdk/client-cloudtrail';
import { Check, fail, pass } from '../check';
import { read } from '../read';

/**
 * CloudTrail.1, .2 and .4: a trail that is multi-region, logging, KMS-encrypted and validates its
 * log files. Shadow trails are included so that an organization trail from the management account
 * counts in its member accounts. GetTrailStatus needs the ARN of a shadow trail, and a member
 * account needs the full ARN of an organization trail (CloudTrail API reference, GetTrailStatus).
 */
export const cloudTrail: Check = async ({ clients }) => {
  const { trailList: trails = [] } = await read('cloudtrail:DescribeTrails',
    () => clients.cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
  if (trails.length === 0) {
    return fail('no CloudTrail trail');
  }
  const described = [];
  for (const trail of trails) {
    const { IsLogging: logging } = await read('cloudtrail:GetTrailStatus',
      () => clients.cloudTrail.send(new GetTrailStatusCommand({ Name: trail.TrailARN ?? trail.Name })));
    const missing = [
      trail.IsMultiRegionTrail ? undefined : 'not multi-region',
      logging ? undefined : 'not logging',
      trail.KmsKeyId ? undefined : 'not KMS-encrypted',
      trail.LogFileValidationEnabled ? undefined : 'without log file validation',
    ].filter((gap): gap is string => gap !== undefined);
    described.push({ trail, missing });
  }
  const good = described.find(candidate => candidate.missing.length === 0);
  if (good) {
    return pass(`trail ${name(good.trail)} is multi-region, logging, KMS-encrypted, with log file validation`);
  }
  const closest = described.sort((a, b) => a.missing.length - b.missing.length)[0];
  return fail(`no trail is multi-region, logging, KMS-encrypted and validated; closest: ${name(closest.trail)} is ${closest.missing.join(', ')}`);
};

function name(trail: Trail): string {
  return `${trail.Name}${trail.IsOrganizationTrail ? ' (organization trail)' : ''}`;
}
