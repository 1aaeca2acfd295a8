import { Aws } from 'aws-cdk-lib';
import { MultiRegionBaseline } from '../../src';
import { configRecordsGlobalIamTypes, guardDutyFeaturesMissingIn, regionsRecordingGlobalIamTypes } from '../../src/private/region-capabilities';

/**
 * The Regions the AWS Config Developer Guide and the CloudFormation reference
 * (AWS::Config::ConfigurationRecorder RecordingGroup) list as unable to record the global IAM resource
 * types, together with those the managed-rule pages add (Thailand, Malaysia, Mexico, Taipei).
 */
const DOCUMENTED_UNABLE = [
  'ap-south-2', 'ap-southeast-4', 'ca-west-1', 'eu-south-2', 'eu-central-2', 'il-central-1', 'me-central-1',
  'ap-southeast-5', 'ap-southeast-7', 'mx-central-1', 'ap-east-2',
];

describe('AWS Config and the global IAM resource types', () => {
  test.each(DOCUMENTED_UNABLE)('%s, documented as unable, cannot record them', region => {
    expect(configRecordsGlobalIamTypes(region)).toBe(false);
  });

  test('a region launched after this library cannot record them', () => {
    expect(configRecordsGlobalIamTypes('xx-future-1')).toBe(false);
  });

  test('every default-enabled region, China and GovCloud can record them', () => {
    for (const region of [...MultiRegionBaseline.defaultEnabledRegions(), 'cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-gov-east-1']) {
      expect([region, configRecordsGlobalIamTypes(region)]).toEqual([region, true]);
    }
  });

  test('an unresolved region counts as able, and is never chosen to record them', () => {
    expect(configRecordsGlobalIamTypes(Aws.REGION)).toBe(true);
    expect(regionsRecordingGlobalIamTypes([Aws.REGION, 'eu-central-2', 'eu-west-1', 'us-east-1'])).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('GuardDuty features by region', () => {
  test('RDS Protection is missing from Asia Pacific (Taipei) only', () => {
    expect(guardDutyFeaturesMissingIn('ap-east-2', ['S3_DATA_EVENTS', 'RDS_LOGIN_EVENTS'])).toEqual(['RDS_LOGIN_EVENTS']);
    for (const region of MultiRegionBaseline.defaultEnabledRegions()) {
      expect(guardDutyFeaturesMissingIn(region, ['RDS_LOGIN_EVENTS'])).toEqual([]);
    }
    expect(guardDutyFeaturesMissingIn(Aws.REGION, ['RDS_LOGIN_EVENTS'])).toEqual([]);
  });
});
