/**
 * Documents of the AWS managed policies that matter most to the rules (administrators and
 * escalation), for when the inventory holds only their ARN (a plan that attaches
 * `AdministratorAccess` does not carry its document). Contents as published by AWS.
 */
import type { PolicyDocument } from '../model/inventory.js';

const DOCUMENTS: Record<string, unknown> = {
  AdministratorAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
  IAMFullAccess: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'iam:*',
          'organizations:DescribeAccount',
          'organizations:DescribeOrganization',
          'organizations:DescribeOrganizationalUnit',
          'organizations:DescribePolicy',
          'organizations:ListChildren',
          'organizations:ListParents',
          'organizations:ListPoliciesForTarget',
          'organizations:ListRoots',
          'organizations:ListPolicies',
          'organizations:ListTargetsForPolicy',
        ],
        Resource: '*',
      },
    ],
  },
  PowerUserAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'account:GetAccountInformation',
          'account:GetPrimaryEmail',
          'account:ListRegions',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeOrganization',
        ],
        Resource: '*',
      },
    ],
  },
};

/** The document of a well-known AWS managed policy, by ARN (`arn:aws:iam::aws:policy/AdministratorAccess`). */
export function knownAwsManagedPolicy(arn: string): PolicyDocument | undefined {
  const match = /^arn:aws[\w-]*:iam::aws:policy\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  const document = match ? DOCUMENTS[match[1]!] : undefined;
  if (document === undefined) return undefined;
  return { id: arn, name: match![1]!, kind: 'managed', document };
}
