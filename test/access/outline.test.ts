import { describe, expect, it } from 'vitest';
import { Outliner } from '../../src/access/outline.js';
import { isPublicPolicy } from '../../src/access/public-access.js';
import { compilePolicy } from '../../src/iam/policy.js';
import type { PolicyDocument } from '../../src/model/inventory.js';

const outline = (document: unknown, kind: PolicyDocument['kind'] = 'resource') => new Outliner().outline({ id: 'p', name: 'p', kind, document });

describe('policy outlines', () => {
  it('read services and resources of each statement as written', () => {
    const [read, anyService, notResource] = outline({ Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 'S3:ListBucket', 'kms:Decrypt'], Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Deny', NotAction: 'iam:*', Resource: ['*'] },
      { Effect: 'Allow', Action: '*:Describe*', NotResource: 'arn:aws:s3:::secret' },
    ] }, 'inline').statements;
    expect(read).toMatchObject({ index: 1, effect: 'Allow', services: ['s3', 'kms'], resources: ['arn:aws:s3:::b/*'] });
    expect(anyService).toMatchObject({ index: 2, effect: 'Deny', services: null, resources: ['*'] });
    expect(notResource).toMatchObject({ services: null, resources: null });
  });

  it('take a single statement object as a list of one', () => {
    expect(outline({ Statement: { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:111111111111:q' } }).statements).toHaveLength(1);
  });

  it('collect the principals a statement names, in Principal and in aws:PrincipalArn conditions', () => {
    const [statement] = outline({ Statement: [{
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::111111111111:role/a', 'arn:aws:iam::222222222222:root', '333333333333'] },
      Action: 's3:GetObject',
      Resource: '*',
      Condition: { ArnLike: { 'AWS:PrincipalArn': ['arn:aws:iam::111111111111:role/ci-*'] } },
    }] }).statements;
    expect(statement?.named).toEqual(['arn:aws:iam::111111111111:role/ci-*', 'arn:aws:iam::111111111111:role/a']);
    expect(statement?.admitsIamOrFederated).toBe(true);
  });

  it('tell per-principal values, principal tags and resource tags apart', () => {
    const policy = outline({ Statement: [
      { Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::111111111111:user/${aws:username}' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } },
      { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/owner': '${aws:PrincipalTag/team}' } } },
    ] }, 'inline');
    expect(policy.statements.map((s) => s.perMember)).toEqual([true, false, true]);
    expect(policy.statements.map((s) => s.readsTags)).toEqual([{ principal: false, resource: false }, { principal: true, resource: false }, { principal: true, resource: true }]);
    expect(policy).toMatchObject({ readsPrincipalTags: true, readsResourceTags: true });
  });

  it('read the accounts a NotPrincipal Deny spares, and which statements let everyone in', () => {
    const [open, spare, named] = outline({ Statement: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::111111111111:root', '222222222222', 'arn:aws:iam::333333333333:role/r', 'arn:aws:iam::444444444444:rootish'] }, Action: 's3:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::555555555555:root' }, Action: 's3:*', Resource: '*' },
    ] }).statements;
    expect(open).toMatchObject({ admitsEveryone: true, sparedAccounts: [] });
    expect(spare).toMatchObject({ admitsEveryone: false, sparedAccounts: ['111111111111', '222222222222'], named: ['arn:aws:iam::333333333333:role/r'] });
    // An account principal in an Allow delegates to the account's own policies: it spares no one.
    expect(named).toMatchObject({ admitsEveryone: false, sparedAccounts: [] });
  });

  it('tell which statements may make a policy public for Block Public Access, as the compiled policy does', () => {
    const statements = [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/a' } } },
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalAccount': '111111111111' } } },
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } },
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { Null: { 'aws:SourceVpce': 'false' } } },
      { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' },
    ];
    expect(outline({ Statement: statements }).statements.map((s) => s.mayBePublic)).toEqual([true, false, true, true, false, true, false]);
    // The compiled reading (public-access.ts) agrees statement by statement.
    expect(statements.map((statement) => isPublicPolicy(compilePolicy({ id: 'p', name: 'p', kind: 'resource', document: { Statement: [statement] } })))).toEqual([true, false, true, true, false, true, false]);
  });

  it('read a trust policy for services only as admitting no AWS principal', () => {
    const [service] = outline({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, 'trust').statements;
    expect(service?.admitsIamOrFederated).toBe(false);
  });

  it('over-approximate what it cannot read', () => {
    const [odd] = outline({ Statement: [{ Effect: 'Allow', Action: 42, Resource: { not: 'a list' } }] }).statements;
    expect(odd).toMatchObject({ services: null, resources: null });
    expect(outline('not a policy').statements).toEqual([]);
  });
});
