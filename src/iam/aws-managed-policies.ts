/**
 * Documents of the AWS managed policies that decide the most (administrators and privilege
 * escalation), for when the inputs hold only their ARN: a plan that attaches
 * `AdministratorAccess` does not carry its document. Contents as published by AWS; an account
 * inventory, when given, holds the current versions and takes precedence.
 */
import type { ManagedPolicy } from '../model/inventory.js';

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

/** A well-known AWS managed policy, by ARN (`arn:aws:iam::aws:policy/AdministratorAccess`). */
export function knownAwsManagedPolicy(arn: string): ManagedPolicy | undefined {
  const match = /^arn:aws[\w-]*:iam::aws:policy\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  const name = match?.[1];
  const document = name !== undefined && Object.hasOwn(DOCUMENTS, name) ? DOCUMENTS[name] : undefined;
  if (name === undefined || document === undefined) return undefined;
  // No source location: findings about it point at where the principal attaches it.
  return { arn, name, awsManaged: true, policy: { id: arn, name, kind: 'managed', document } };
}
