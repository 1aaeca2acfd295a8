import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { validateEmailAddress, validatePattern } from '../private/validation';

/**
 * A person or team AWS contacts about the account.
 */
export interface ContactDetails {
  /** Name of the person or team, 1 to 64 characters. */
  readonly name: string;
  /** Email address; a team mailbox outlives any one person. */
  readonly email: string;
  /** Phone number: digits, spaces, '+', '-', '(' and ')', up to 25 characters. */
  readonly phone: string;
  /**
   * Job title or role, 1 to 50 characters.
   *
   * @default - 'Security', 'Billing' or 'Operations', after the contact type
   */
  readonly title?: string;
}

/**
 * Properties for `AlternateContacts`.
 */
export interface AlternateContactsProps {
  /**
   * Who AWS tells about security issues in the account (Security Hub Account.1).
   *
   * @default - the security contact is left as it is
   */
  readonly security?: ContactDetails;

  /**
   * Who AWS tells about billing.
   *
   * @default - the billing contact is left as it is
   */
  readonly billing?: ContactDetails;

  /**
   * Who AWS tells about operations (service events, maintenance).
   *
   * @default - the operations contact is left as it is
   */
  readonly operations?: ContactDetails;
}

const CONTACT_TYPES: Array<[keyof AlternateContactsProps, string, string]> = [
  ['security', 'SECURITY', 'Security'],
  ['billing', 'BILLING', 'Billing'],
  ['operations', 'OPERATIONS', 'Operations'],
];

/**
 * The account's alternate contacts, set with the Account Management API's `PutAlternateContact`.
 * A contact is replaced on update and kept when the stack is deleted.
 */
export class AlternateContacts extends Construct {
  constructor(scope: Construct, id: string, props: AlternateContactsProps = {}) {
    super(scope, id);
    const accountArn = Stack.of(this).formatArn({ service: 'account', region: '', resource: 'account' });
    for (const [prop, type, label] of CONTACT_TYPES) {
      const contact = props[prop];
      if (!contact) {
        continue;
      }
      const title = contact.title ?? label;
      validateContact(`AlternateContactsProps.${prop}`, contact, title);
      new BaselineCustomResource(this, label, {
        kind: 'AlternateContact',
        properties: {
          AlternateContactType: type,
          Name: contact.name,
          EmailAddress: contact.email,
          PhoneNumber: contact.phone,
          Title: title,
        },
        policyStatements: [new iam.PolicyStatement({
          actions: ['account:PutAlternateContact'],
          resources: [accountArn],
          conditions: { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': [type] } },
        })],
      });
    }
  }
}

/** The limits of the Account Management API's AlternateContact fields. */
function validateContact(prop: string, contact: ContactDetails, title: string): void {
  validatePattern(`${prop}.name`, contact.name, /^(?=.*\S).{1,64}$/s, '1 to 64 characters, not all blank');
  validateEmailAddress(`${prop}.email`, contact.email);
  validatePattern(`${prop}.email`, contact.email, /^.{1,254}$/s, 'at most 254 characters');
  validatePattern(`${prop}.phone`, contact.phone, /^(?=.*\d)[\s0-9()+-]{1,25}$/, "up to 25 digits, spaces, '+', '-', '(' or ')', with at least one digit");
  validatePattern(`${prop}.title`, title, /^(?=.*\S).{1,50}$/s, '1 to 50 characters, not all blank');
}
