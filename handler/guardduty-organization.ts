import {
  GuardDutyClient, ListDetectorsCommand, OrganizationFeatureConfiguration, UpdateOrganizationConfigurationCommand,
  UpdateOrganizationConfigurationCommandInput,
} from '@aws-sdk/client-guardduty';
import { awsCall, clientConfig } from './aws-call';
import { asStringList, Delivered, ResourceHandler } from './types';

const MEMBER_SETTINGS = ['ALL', 'NEW', 'NONE'];

/** The detector named in the properties, or the one of this account and Region (there is one at most). */
async function detectorId(client: GuardDutyClient, props: Delivered<'GuardDutyOrganizationConfiguration'>): Promise<string> {
  if (props.DetectorId) {
    return String(props.DetectorId);
  }
  let token: string | undefined;
  do {
    const page = await awsCall('guardduty:ListDetectors', () => client.send(new ListDetectorsCommand({ NextToken: token })));
    const [found] = page.DetectorIds ?? [];
    if (found) {
      return found;
    }
    token = page.NextToken;
  } while (token);
  throw new Error('GuardDuty has no detector in this account and Region, so its organization configuration cannot be set: '
    + 'deploy the baseline\'s GuardDutyDetector in this account (the delegated administrator) and Region first, '
    + 'or pass its detectorId to OrganizationAutoEnable');
}

function request(id: string, props: Delivered<'GuardDutyOrganizationConfiguration'>): UpdateOrganizationConfigurationCommandInput {
  const members = String(props.AutoEnableOrganizationMembers ?? 'ALL');
  if (!MEMBER_SETTINGS.includes(members)) {
    throw new Error(`AutoEnableOrganizationMembers: received '${members}'; expected one of ${MEMBER_SETTINGS.join(', ')}`);
  }
  const features: OrganizationFeatureConfiguration[] = asStringList(props.Features)
    .map((name) => ({ Name: name, AutoEnable: members }) as OrganizationFeatureConfiguration);
  return {
    DetectorId: id,
    AutoEnableOrganizationMembers: members as UpdateOrganizationConfigurationCommandInput['AutoEnableOrganizationMembers'],
    Features: features,
  };
}

/**
 * GuardDuty's organization configuration, set from the delegated administrator account: which member
 * accounts GuardDuty enables itself in, and which features with it. Create and update apply the
 * settings to the administrator's detector; delete leaves them, so new accounts keep being protected.
 * A caller that is not the administrator gets GuardDuty's BadRequestException, passed on as it is.
 */
export const guardDutyOrganization: ResourceHandler<'GuardDutyOrganizationConfiguration'> = {
  async create(props: Delivered<'GuardDutyOrganizationConfiguration'>) {
    const client = new GuardDutyClient(clientConfig);
    const id = await detectorId(client, props);
    const input = request(id, props);
    await awsCall('guardduty:UpdateOrganizationConfiguration', () => client.send(new UpdateOrganizationConfigurationCommand(input)));
    return { PhysicalResourceId: id, Data: { DetectorId: id } };
  },
};
