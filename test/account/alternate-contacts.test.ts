import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HANDLERS } from '../../handler/index';
import { AlternateContacts, AlternateContactsProps, ContactDetails } from '../../src/account/alternate-contacts';
import { EbsDefaultEncryption } from '../../src/account/ebs-default-encryption';
import { InspectorScanning } from '../../src/detection/inspector';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };

const SECURITY: ContactDetails = { name: 'Security Team', email: 'security@example.com', phone: '+1 (555) 010-0001' };
const BILLING: ContactDetails = { name: 'Finance', email: 'billing@example.com', phone: '+1 555 010 0002' };
const OPERATIONS: ContactDetails = { name: 'Ops', email: 'ops@example.com', phone: '5550100003' };
const ALL: AlternateContactsProps = { security: SECURITY, billing: BILLING, operations: OPERATIONS };

const ACCOUNT_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':account::', { Ref: 'AWS::AccountId' }, ':account']] };

function synth(props?: AlternateContactsProps): { stack: Stack; template: Template } {
  const stack = new Stack(new App(), 'TestStack');
  new AlternateContacts(stack, 'Contacts', props);
  return { stack, template: Template.fromStack(stack) };
}

function statement(type: string, resource: unknown = ACCOUNT_ARN) {
  return {
    Effect: 'Allow',
    Action: 'account:PutAlternateContact',
    Resource: resource,
    Condition: { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': [type] } },
  };
}

function contactProperties(type: string, contact: ContactDetails, title: string) {
  return Match.objectEquals({
    ServiceToken: SERVICE_TOKEN,
    Kind: 'AlternateContact',
    AlternateContactType: type,
    Name: contact.name,
    EmailAddress: contact.email,
    PhoneNumber: contact.phone,
    Title: title,
  });
}

describe('AlternateContacts resources', () => {
  test('one Custom::AlternateContact per contact type, with default titles', () => {
    const { template } = synth(ALL);
    template.resourceCountIs('Custom::AlternateContact', 3);
    template.hasResourceProperties('Custom::AlternateContact', contactProperties('SECURITY', SECURITY, 'Security'));
    template.hasResourceProperties('Custom::AlternateContact', contactProperties('BILLING', BILLING, 'Billing'));
    template.hasResourceProperties('Custom::AlternateContact', contactProperties('OPERATIONS', OPERATIONS, 'Operations'));
  });

  test.each([
    ['security', 'SECURITY', 'Security'],
    ['billing', 'BILLING', 'Billing'],
    ['operations', 'OPERATIONS', 'Operations'],
  ])('%s alone creates only that contact, titled %s by default', (prop, type, title) => {
    const { stack, template } = synth({ [prop]: SECURITY });
    template.resourceCountIs('Custom::AlternateContact', 1);
    template.hasResourceProperties('Custom::AlternateContact', contactProperties(type, SECURITY, title));
    expect(stack.node.findChild('Contacts').node.findChild(title).node.findChild('Resource')).toBeDefined();
  });

  test('an explicit title replaces the default', () => {
    const { template } = synth({
      security: { ...SECURITY, title: 'CISO' },
      billing: { ...BILLING, title: 'Accounts payable' },
      operations: { ...OPERATIONS, title: 'SRE' },
    });
    template.hasResourceProperties('Custom::AlternateContact', contactProperties('SECURITY', SECURITY, 'CISO'));
    template.hasResourceProperties('Custom::AlternateContact', contactProperties('BILLING', BILLING, 'Accounts payable'));
    template.hasResourceProperties('Custom::AlternateContact', contactProperties('OPERATIONS', OPERATIONS, 'SRE'));
  });

  test('no contacts: no custom resource, no provider', () => {
    const { template } = synth();
    template.resourceCountIs('Custom::AlternateContact', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('values at the API limits are accepted', () => {
    const contact: ContactDetails = {
      name: 'n'.repeat(64),
      email: `${'a'.repeat(242)}@example.com`,
      phone: '1'.repeat(25),
      title: 't'.repeat(50),
    };
    expect(contact.email).toHaveLength(254);
    synth({ security: contact }).template.hasResourceProperties('Custom::AlternateContact',
      contactProperties('SECURITY', contact, contact.title!));
  });

  test('unresolved tokens are not validated', () => {
    const stack = new Stack(new App(), 'TestStack');
    const email = new CfnParameter(stack, 'Email').valueAsString;
    new AlternateContacts(stack, 'Contacts', { security: { ...SECURITY, email } });
    Template.fromStack(stack).hasResourceProperties('Custom::AlternateContact', { EmailAddress: { Ref: 'Email' } });
  });

  test('the custom resources are removed with the stack; the handler keeps the contacts', () => {
    synth(ALL).template.allResources('Custom::AlternateContact', { DeletionPolicy: 'Delete' });
    expect(HANDLERS.AlternateContact.delete).toBeUndefined();
  });
});

describe('AlternateContacts permissions', () => {
  test('one account:PutAlternateContact statement per contact type, on this account, limited to that type', () => {
    expect(providerStatements(synth(ALL).template)).toEqual([
      statement('SECURITY'), statement('BILLING'), statement('OPERATIONS'),
    ]);
  });

  test('only the types configured are granted', () => {
    expect(providerStatements(synth({ security: SECURITY }).template)).toEqual([statement('SECURITY')]);
    expect(providerStatements(synth({ operations: OPERATIONS }).template)).toEqual([statement('OPERATIONS')]);
  });

  test('an explicit environment names its literal account', () => {
    const stack = new Stack(new App(), 'TestStack', { env: { account: '111111111111', region: 'eu-west-1' } });
    new AlternateContacts(stack, 'Contacts', { security: SECURITY });
    expect(providerStatements(Template.fromStack(stack))).toEqual([statement('SECURITY', {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':account::111111111111:account']],
    })]);
  });

  test('shares the one provider function with other baseline constructs', () => {
    const stack = new Stack(new App(), 'TestStack');
    new AlternateContacts(stack, 'Contacts', ALL);
    new EbsDefaultEncryption(stack, 'Ebs');
    new InspectorScanning(stack, 'Inspector');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('Custom::AlternateContact', 3);
    expect(providerStatements(template).slice(0, 3)).toEqual([
      statement('SECURITY'), statement('BILLING'), statement('OPERATIONS'),
    ]);
  });
});

describe('AlternateContacts validation', () => {
  test.each([
    ['', "received ''"],
    ['   ', "received '   '"],
    ['n'.repeat(65), `received '${'n'.repeat(65)}'`],
  ])('name %j throws', (name, received) => {
    expect(() => synth({ security: { ...SECURITY, name } }))
      .toThrow(`AlternateContactsProps.security.name: ${received}; expected 1 to 64 characters, not all blank`);
  });

  test('email without an @ throws', () => {
    expect(() => synth({ security: { ...SECURITY, email: 'nope' } }))
      .toThrow("AlternateContactsProps.security.email: received 'nope'; expected a single email address such as 'security@example.com'");
  });

  test('email longer than 254 characters throws', () => {
    const email = `${'a'.repeat(243)}@example.com`;
    expect(email).toHaveLength(255);
    expect(() => synth({ security: { ...SECURITY, email } }))
      .toThrow(`AlternateContactsProps.security.email: received '${email}'; expected at most 254 characters`);
  });

  test.each([
    ['call me'],
    [''],
    ['1'.repeat(26)],
  ])('phone %j throws', (phone) => {
    expect(() => synth({ security: { ...SECURITY, phone } }))
      .toThrow(`AlternateContactsProps.security.phone: received '${phone}'; expected up to 25 digits, spaces, '+', '-', '(' or ')', with at least one digit`);
  });

  test('title of 51 characters throws', () => {
    const title = 't'.repeat(51);
    expect(() => synth({ security: { ...SECURITY, title } }))
      .toThrow(`AlternateContactsProps.security.title: received '${title}'; expected 1 to 50 characters, not all blank`);
  });

  test.each(['billing', 'operations'])('the message names the %s contact', (prop) => {
    expect(() => synth({ [prop]: { ...BILLING, email: 'nope' } }))
      .toThrow(`AlternateContactsProps.${prop}.email: received 'nope'; expected a single email address such as 'security@example.com'`);
  });
});

describe('AlternateContacts and cdk-nag', () => {
  test('no pack reports a violation', () => {
    const { stack } = synth(ALL);
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
