/** The rules about grants the change adds: public-access, external-accounts, new-administrators (IAM). */
import { describe, expect, it } from 'vitest';
import type { GrantCondition } from '../../src/model/access.js';
import { bucket, findingsOf, grant, role, roleArn } from './scenario.js';

const site = bucket('public-site');

function condition(operator: string, key: string, values: string[], negated = false): GrantCondition {
  return { operator, key, values, negated, policy: 'p', statement: 'S' };
}

describe('public-access', () => {
  const publicGrant = (conditions: GrantCondition[] = []) =>
    grant('*', site.arn, 'read-data', { principalType: 'Public', conditions, line: 12 });

  it('fires when anyone gains access without a restricting condition', async () => {
    const findings = await findingsOf('public-access', {
      after: { resources: [site] },
      afterGrants: [publicGrant(), { ...publicGrant(), capability: 'read-config' }],
    });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'public-access',
        severity: 'error',
        resource: site.arn,
        principal: '*',
        message: 'Anyone (`*`) gains read-config and read-data on bucket `public-site`, with no condition that restricts who can use it.',
        locations: [{ file: 'main.tf', line: 12 }],
      }),
    ]);
  });

  it.each([
    ['an Allow on a fixed VPC endpoint', condition('StringEquals', 'aws:SourceVpce', ['vpce-0a1b2c3d'])],
    ['a Deny outside an organization', condition('StringNotEquals', 'aws:PrincipalOrgID', ['o-abcdef1234'], true)],
    ['an Allow for a fixed source ARN', condition('ArnEquals', 'aws:SourceArn', ['arn:aws:cloudfront::111111111111:distribution/E1'])],
    ['an Allow from a CIDR', condition('IpAddress', 'aws:SourceIp', ['203.0.113.0/24'])],
    ['a Deny outside a source account', condition('StringNotEqualsIfExists', 'aws:SourceAccount', ['111111111111'], true)],
    ['an Allow for the callers of one account (a KMS key used through a service)', condition('StringEquals', 'kms:CallerAccount', ['111111111111'])],
    ['an Allow through the access points of one account (delegation to access points)', condition('StringEquals', 's3:DataAccessPointAccount', ['111111111111'])],
    ['an Allow through one access point', condition('StringEquals', 's3:DataAccessPointArn', ['arn:aws:s3:eu-west-1:111111111111:accesspoint/analysts'])],
    ['an Allow for one organizational unit', condition('ForAnyValue:StringEquals', 'aws:PrincipalOrgPaths', ['o-abcdef1234/r-ab12/ou-ab12-11111111/'])],
  ])('does not fire with %s', async (_, restricting) => {
    expect(await findingsOf('public-access', { after: { resources: [site] }, afterGrants: [publicGrant([restricting])] })).toEqual([]);
  });

  it.each([
    ['a wildcard value', condition('StringLike', 'aws:SourceVpce', ['*'])],
    ['an IfExists Allow (absent keys pass)', condition('StringEqualsIfExists', 'aws:SourceVpce', ['vpce-0a1b2c3d'])],
    ['the whole internet', condition('IpAddress', 'aws:SourceIp', ['0.0.0.0/0'])],
    ['a Deny of one address only', condition('IpAddress', 'aws:SourceIp', ['198.51.100.7/32'], true)],
    ['the TLS-only deny', condition('Bool', 'aws:SecureTransport', ['false'], true)],
    ['only the service a KMS request comes through', condition('StringEquals', 'kms:ViaService', ['s3.us-east-1.amazonaws.com'])],
    ['the access points of any account', condition('StringLike', 's3:DataAccessPointAccount', ['*'])],
  ])('fires with %s', async (_, weak) => {
    expect(await findingsOf('public-access', { after: { resources: [site] }, afterGrants: [publicGrant([weak])] })).toHaveLength(1);
  });

  it('does not fire on public access the change leaves as it was', async () => {
    const grants = [publicGrant()];
    expect(await findingsOf('public-access', { before: { resources: [site] }, after: { resources: [site] }, beforeGrants: grants, afterGrants: grants })).toEqual([]);
  });
});

describe('external-accounts', () => {
  const data = bucket('shared-data');
  const partner = grant(roleArn('partner', '222222222222'), data.arn, 'read-data', { line: 30 });

  it('fires when a principal of another account gains access', async () => {
    const findings = await findingsOf('external-accounts', { after: { resources: [data] }, afterGrants: [partner] });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        principal: partner.principal,
        resource: data.arn,
        message: '`222222222222:role/partner` of account `222222222222`, which is not in the allow-list, gains read-data on bucket `shared-data`.',
        locations: [{ file: 'main.tf', line: 30 }],
      }),
    ]);
    expect(findings[0]!.remediation).toContain('rules.external-accounts.allow');
  });

  it('fires for another organization and for another account as a whole', async () => {
    const org = grant('org:o-zzzzzzzzzz', data.arn, 'read-data', { principalType: 'Organization' });
    const root = grant('arn:aws:iam::333333333333:root', data.arn, 'write-data', { principalType: 'Account' });
    const findings = await findingsOf('external-accounts', { after: { resources: [data] }, afterGrants: [org, root] });
    expect(findings.map((f) => f.message)).toEqual([
      '`account 333333333333 (any principal it allows)` of account `333333333333`, which is not in the allow-list, gains write-data on bucket `shared-data`.',
      'Organization `o-zzzzzzzzzz`, which is not in the allow-list, gains read-data on bucket `shared-data`.',
    ]);
  });

  it('names an account AWS uses for a service (Elastic Load Balancing\'s log delivery) and says when to allow it', async () => {
    const elb = grant('arn:aws:iam::156460612806:root', data.arn, 'write-data', { principalType: 'Account' });
    const findings = await findingsOf('external-accounts', { after: { resources: [data] }, afterGrants: [elb] });
    expect(findings).toEqual([
      expect.objectContaining({
        message: "`account 156460612806 (AWS's Elastic Load Balancing log delivery in eu-west-1)` of account `156460612806`, which is not in the allow-list, gains write-data on bucket `shared-data`.",
        remediation: "The account is AWS's own, for Elastic Load Balancing log delivery in eu-west-1: if that is what the grant is for, add `156460612806` to rules.external-accounts.allow; else remove the grant.",
      }),
    ]);
    const allowed = { rules: { 'external-accounts': { allow: ['156460612806'] } } };
    expect(await findingsOf('external-accounts', { after: { resources: [data] }, afterGrants: [elb], config: allowed })).toEqual([]);
  });

  it('says so, and how to accept it, when the principal\'s ARN tells no account (a CloudFront origin access identity)', async () => {
    const oai = grant('arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL', data.arn, 'read-data');
    const findings = await findingsOf('external-accounts', { after: { resources: [data] }, afterGrants: [oai] });
    expect(findings).toEqual([
      expect.objectContaining({
        message: '`cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL`, whose account the inputs do not tell, gains read-data on bucket `shared-data`.',
        remediation: expect.stringMatching(/^Remove the grant, or waive the finding if the principal is trusted: it cannot be allow-listed by account\. A CloudFront distribution can read through an origin access control/),
      }),
    ]);
  });

  it('does not fire for allowed accounts and organizations, our own accounts, anyone or services', async () => {
    const org = grant('org:o-zzzzzzzzzz', data.arn, 'read-data', { principalType: 'Organization' });
    const ours = grant(roleArn('analytics'), data.arn, 'read-data');
    const sibling = role('deployer', { accountId: '444444444444' });
    const siblingGrant = grant(sibling.arn, data.arn, 'read-data');
    const service = grant('cloudtrail.amazonaws.com', data.arn, 'write-data', { principalType: 'Service' });
    const anyone = grant('*', data.arn, 'read-data', { principalType: 'Public' });
    const findings = await findingsOf('external-accounts', {
      after: { resources: [data], principals: [sibling] },
      afterGrants: [partner, org, ours, siblingGrant, service, anyone],
      config: { rules: { 'external-accounts': { allow: ['222222222222', 'o-zzzzzzzzzz'] } } },
    });
    expect(findings).toEqual([]);
  });

  it('treats our own organization as ours', async () => {
    const org = grant('org:o-abcdef1234', data.arn, 'read-data', { principalType: 'Organization' });
    const organization = { id: 'o-abcdef1234', scpLevels: {}, rcpLevels: {} };
    expect(await findingsOf('external-accounts', { after: { resources: [data], organization }, afterGrants: [org] })).toEqual([]);
  });
});

describe('new-administrators: IAM administration', () => {
  it('fires when a principal gains administer-resource on an IAM resource', async () => {
    const deployer = roleArn('deployer');
    const findings = await findingsOf('new-administrators', {
      afterGrants: [grant(roleArn('ci'), deployer, 'administer-resource', { line: 77 })],
    });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        principal: roleArn('ci'),
        message: '`role/ci` gains administer-resource on IAM `role/deployer`: it can change who may do what.',
        locations: [{ file: 'main.tf', line: 77 }],
      }),
    ]);
  });

  it('does not fire for administer-resource on data resources or other capabilities on IAM', async () => {
    const findings = await findingsOf('new-administrators', {
      afterGrants: [
        grant(roleArn('ci'), bucket('b').arn, 'administer-resource'),
        grant(roleArn('ci'), roleArn('deployer'), 'read-config'),
      ],
    });
    expect(findings).toEqual([]);
  });
});
