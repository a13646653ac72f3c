import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IAMClient } from '@aws-sdk/client-iam';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchAuthorizationDetails, readAuthorizationDetails } from '../../src/iac/index.js';
import { InputError } from '../../src/model/errors.js';
import { fixture, inlineNames, principal } from './helpers.js';

const A = '111111111111';

describe('get-account-authorization-details JSON', () => {
  const inventory = readAuthorizationDetails(fixture('authorization-details.json'));

  it('reads users with inline policies, groups, attachments, boundaries and tags', () => {
    expect(inventory.accountId).toBe(A);
    expect(principal(inventory, 'erin')).toMatchObject({
      arn: `arn:aws:iam::${A}:user/erin`,
      type: 'IAMUser',
      groupArns: [`arn:aws:iam::${A}:group/data-readers`],
      tags: { Department: 'risk' },
      source: { file: 'authorization-details.json', address: 'UserDetailList[0]' },
    });
    expect(inlineNames(principal(inventory, 'erin'))).toEqual(['self-service']);
    expect(principal(inventory, 'frank')).toMatchObject({
      path: '/contractors/',
      groupArns: [`arn:aws:iam::${A}:group/data-readers`, `arn:aws:iam::${A}:group/audit/auditors`],
      managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      permissionsBoundaryArn: `arn:aws:iam::${A}:policy/contractor-boundary`,
    });
  });

  it('reads groups and roles with trust policies, instance profiles and attachments', () => {
    const readers = inventory.groups.find((g) => g.name === 'data-readers')!;
    expect(readers.managedPolicyArns).toEqual([`arn:aws:iam::${A}:policy/credit-read`]);
    expect(inlineNames(readers)).toEqual(['read-applications']);
    const scientist = principal(inventory, 'data-scientist');
    expect(scientist).toMatchObject({ arn: `arn:aws:iam::${A}:role/service-role/data-scientist`, path: '/service-role/', trustPolicy: { kind: 'trust', document: { Statement: [{ Principal: { Service: 'sagemaker.amazonaws.com' } }] } } });
    expect(inventory.instanceProfiles).toEqual([expect.objectContaining({ name: 'data-scientist', roleArns: [scientist.arn] })]);
    expect(inlineNames(principal(inventory, 'credit-processor'))).toEqual(['console-hotfix', 'process-credit-applications']);
  });

  it('reads managed policies with their default version, AWS-managed included', () => {
    const read = inventory.managedPolicies.find((p) => p.name === 'credit-read')!;
    expect(read).toMatchObject({ awsManaged: false, policy: { id: read.arn, kind: 'managed', document: { Statement: [{ Action: ['s3:GetObject', 's3:ListBucket'] }] } } });
    expect(inventory.managedPolicies.find((p) => p.name === 'ReadOnlyAccess')?.awsManaged).toBe(true);
  });

  it('records a managed policy whose default version is missing, for every principal attaching it', () => {
    expect(inventory.managedPolicies.map((p) => p.name)).not.toContain('SecurityAudit');
    expect(inventory.unknowns.map((u) => u.subject).sort()).toEqual([
      `arn:aws:iam::${A}:group/audit/auditors`,
      `arn:aws:iam::${A}:user/contractors/frank`,
      'arn:aws:iam::aws:policy/SecurityAudit',
    ]);
  });

  it('refuses a file that is not such a dump, naming it', () => {
    expect(() => readAuthorizationDetails({ path: 'scp.json', content: '{"Id": "r-ab12", "Children": []}' })).toThrow(
      'scp.json: not the output of get-account-authorization-details: no UserDetailList, GroupDetailList, RoleDetailList or Policies',
    );
    expect(() => readAuthorizationDetails({ path: 'a.json', content: '{"RoleDetailList": [{"RoleName": "x"}]}' })).toThrow('a.json: RoleDetailList[0]: missing "Arn"');
  });
});

describe('GetAccountAuthorizationDetails, live', () => {
  const API = fileURLToPath(new URL('../fixtures/iac/iam-api/', import.meta.url));
  const xml = (name: string) => readFileSync(`${API}${name}`, 'utf8');
  const client = () =>
    new IAMClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'FwoGZXIvYXdzEXAMPLE' },
      maxAttempts: 3,
    });
  const request = (marker?: string) => (body: Record<string, string>) =>
    body['Action'] === 'GetAccountAuthorizationDetails' && body['Marker'] === marker && body['Filter.member.5'] === 'AWSManagedPolicy';
  const MARKER = 'EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl/eeaCX3Jo94/bKqezEAg8TEVS99EKFLxm3jtbpl25FDWEXAMPLE';

  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('fetches every page, decodes the URL-encoded documents, and retries throttling', async () => {
    const iam = nock('https://iam.amazonaws.com')
      .post('/', request())
      .reply(200, xml('page-1.xml'), { 'content-type': 'text/xml' })
      .post('/', request(MARKER))
      .reply(400, xml('throttling.xml'), { 'content-type': 'text/xml' })
      .post('/', request(MARKER))
      .reply(200, xml('page-2.xml'), { 'content-type': 'text/xml' });
    const inventory = await fetchAuthorizationDetails(client());
    expect(iam.isDone()).toBe(true);
    expect(principal(inventory, 'erin').groupArns).toEqual([`arn:aws:iam::${A}:group/platform`]);
    expect(principal(inventory, 'erin').inlinePolicies[0]!.document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${A}:user/\${aws:username}` }],
    });
    const role = principal(inventory, 'credit-processor');
    expect(role).toMatchObject({ permissionsBoundaryArn: `arn:aws:iam::${A}:policy/workload-boundary`, tags: { Team: 'credit' } });
    expect(role.trustPolicy?.document).toMatchObject({ Statement: [{ Principal: { Service: 'ecs-tasks.amazonaws.com' } }] });
    expect(inventory.managedPolicies).toEqual([
      expect.objectContaining({ arn: 'arn:aws:iam::aws:policy/AdministratorAccess', awsManaged: true, policy: expect.objectContaining({ document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }) }),
    ]);
    expect(inventory.groups[0]!.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
  });

  it('reports expired credentials clearly, without retrying them', async () => {
    const iam = nock('https://iam.amazonaws.com').post('/', request()).reply(403, xml('expired-token.xml'), { 'content-type': 'text/xml' });
    const error = await fetchAuthorizationDetails(client()).catch((e: unknown) => e);
    expect(iam.isDone()).toBe(true);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      'AWS IAM (GetAccountAuthorizationDetails): ExpiredToken: the AWS credentials have expired; refresh them (e.g. `aws sso login`, or new session credentials) and try again (The security token included in the request is expired)',
    );
  });

  it('says which permission is missing when access is denied', async () => {
    nock('https://iam.amazonaws.com').post('/', request()).reply(403, xml('access-denied.xml'), { 'content-type': 'text/xml' });
    await expect(fetchAuthorizationDetails(client())).rejects.toThrow(/AccessDenied: the AWS credentials may not call iam:GetAccountAuthorizationDetails/);
  });

  it('can leave out AWS-managed policies', async () => {
    const iam = nock('https://iam.amazonaws.com')
      .post('/', (body: Record<string, string>) => body['Filter.member.4'] === 'LocalManagedPolicy' && body['Filter.member.5'] === undefined)
      .reply(200, xml('page-2.xml'), { 'content-type': 'text/xml' });
    const inventory = await fetchAuthorizationDetails(client(), { awsManagedPolicies: false });
    expect(iam.isDone()).toBe(true);
    expect(inventory.principals.map((p) => p.name)).toEqual(['credit-processor']);
  });
});
