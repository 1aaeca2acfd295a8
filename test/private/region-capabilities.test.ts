import { Aws } from 'aws-cdk-lib';
import { MultiRegionBaseline } from '../../src';
import { configRecordsGlobalIamTypes, guardDutyFeaturesMissingIn, regionsLacking, regionsRecordingGlobalIamTypes } from '../../src/private/region-capabilities';

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

  // Opt-in Regions (not enabled by default) where AWS Config existed before February 2022: a user
  // baselining Cape Town or Bahrain must not be told to add another Region for IAM.
  test.each(['af-south-1', 'ap-east-1', 'ap-southeast-3', 'eu-south-1', 'me-south-1'])('%s, an opt-in Region older than February 2022, can record them', region => {
    expect(configRecordsGlobalIamTypes(region)).toBe(true);
    expect(regionsRecordingGlobalIamTypes([region, 'eu-central-2'])).toEqual([region]);
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

describe('Regions whose CloudFormation lacks the AWS::CE resource types', () => {
  // From the CloudFormation registry's per-Region schemas: a template with AWS::CE::AnomalyMonitor fails there.
  test.each(['us-gov-west-1', 'us-gov-east-1', 'ap-east-2', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'mx-central-1'])(
    '%s lacks them', region => {
      expect(regionsLacking('AWS::CE::AnomalyMonitor', [region])).toEqual([region]);
      expect(regionsLacking('AWS::CE::AnomalySubscription', [region])).toEqual([region]);
    });

  test.each(['us-east-1', 'eu-west-1', 'af-south-1', 'cn-north-1'])('%s has them', region => {
    expect(regionsLacking('AWS::CE::AnomalyMonitor', [region])).toEqual([]);
    expect(regionsLacking('AWS::CE::AnomalySubscription', [region])).toEqual([]);
  });
});
