/**
 * Role chains: a three-hop chain from GitHub Actions (OIDC) to the role that holds the data,
 * SAML federation, a cycle, and trust policies that need the caller's own permission.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAccess } from '../../src/access/index.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import type { Grant } from '../../src/model/access.js';
import { ACCOUNT, allow, bucket, bucketArn, doc, inventory, managed, role, roleArn, trustAws, user, userArn, type Statement } from './build.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const BUCKET = bucketArn('artifacts');
const OBJECTS = `${BUCKET}/*`;
const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const SAML = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`;

const find = (grants: readonly Grant[], principal: string, capability = 'write-data') => grants.find((g) => g.principal === principal && g.resource === BUCKET && g.capability === capability);

describe('a three-hop chain from GitHub Actions', () => {
  const githubTrust = doc({
    Effect: 'Allow',
    Principal: { Federated: GITHUB },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main' },
    },
  });
  const inv = inventory({
    principals: [
      role('ci', { trust: githubTrust, inline: [doc(allow('sts:AssumeRole', roleArn('deployer')))] }),
      role('deployer', { trust: trustAws(roleArn('ci')), inline: [doc(allow('sts:AssumeRole', roleArn('data-writer')))] }),
      role('data-writer', { trust: trustAws(roleArn('deployer')), inline: [doc(allow('s3:PutObject', OBJECTS, { Sid: 'WriteArtifacts' }))] }),
    ],
    resources: [bucket('artifacts')],
  });
  const grants = () => computeAccess(inv, catalog, { completeAccounts: [ACCOUNT] }).grants;

  it('gives every role up the chain the capability, with the path it takes', () => {
    const all = grants();
    expect(find(all, roleArn('data-writer'))?.path).toBeUndefined();
    expect(find(all, roleArn('deployer'))?.path).toEqual([roleArn('deployer'), roleArn('data-writer')]);
    expect(find(all, roleArn('ci'))?.path).toEqual([roleArn('ci'), roleArn('deployer'), roleArn('data-writer')]);
    expect(find(all, roleArn('ci'))?.actions).toEqual(['s3:PutObject']);
  });

  it('starts at the identity provider, conditional on the repositories and branches its sub allows', () => {
    const fromGithub = find(grants(), GITHUB);
    expect(fromGithub).toMatchObject({ principalType: 'WebIdentity', conditional: true, path: [GITHUB, roleArn('ci'), roleArn('deployer'), roleArn('data-writer')] });
    expect(fromGithub?.conditions).toEqual(
      expect.arrayContaining([expect.objectContaining({ operator: 'StringLike', key: 'token.actions.githubusercontent.com:sub', values: ['repo:acme/app:ref:refs/heads/main'] })]),
    );
  });

  it('gives the reasons of each hop and of the final grant', () => {
    const via = find(grants(), roleArn('ci'))?.via.map((v) => `${v.policy}:${v.statement}`);
    expect(via).toContain(`${roleArn('deployer')}#trust:#1`);
    expect(via).toContain(`${roleArn('data-writer')}#inline/policy-1:WriteArtifacts`);
  });

  it('is broken when a hop trusts the account and the caller lacks sts:AssumeRole', () => {
    const withoutPermission = role('deployer', { trust: trustAws(roleArn('ci')) });
    // A trust policy that names the caller's ARN in the same account is enough on its own.
    const namedDirectly = computeAccess(inventory({ ...inv, principals: inv.principals.map((p) => (p.name === 'deployer' ? withoutPermission : p)) }), catalog, { completeAccounts: [ACCOUNT] }).grants;
    expect(find(namedDirectly, roleArn('ci'))?.path).toEqual([roleArn('ci'), roleArn('deployer'), roleArn('data-writer')]);
    const trustsAccount = role('data-writer', { trust: trustAws(`arn:aws:iam::${ACCOUNT}:root`), inline: [doc(allow('s3:PutObject', OBJECTS))] });
    const principals = inv.principals.map((p) => (p.name === 'deployer' ? withoutPermission : p.name === 'data-writer' ? trustsAccount : p));
    const broken = computeAccess(inventory({ ...inv, principals }), catalog, { completeAccounts: [ACCOUNT] }).grants;
    expect(find(broken, roleArn('ci'))).toBeUndefined();
    expect(find(broken, roleArn('deployer'))).toBeUndefined();
    expect(find(broken, roleArn('data-writer'))).toBeDefined();
  });
});

describe('SAML federation', () => {
  it('reaches the roles that trust the provider', () => {
    const trust = doc({ Effect: 'Allow', Principal: { Federated: SAML }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } });
    const inv = inventory({ principals: [role('admin', { trust, inline: [doc(allow('s3:*'))] })], resources: [bucket('artifacts')] });
    const fromSaml = find(computeAccess(inv, catalog, { completeAccounts: [ACCOUNT] }).grants, SAML, 'read-data');
    expect(fromSaml).toMatchObject({ principalType: 'WebIdentity', path: [SAML, roleArn('admin')], conditional: true });
  });
});

describe('a cycle of role assumptions', () => {
  it('terminates, and each role reaches what the other holds', () => {
    const inv = inventory({
      principals: [
        role('a', { trust: trustAws(roleArn('b')), inline: [doc(allow('sts:AssumeRole', roleArn('b')), allow('s3:GetObject', OBJECTS))] }),
        role('b', { trust: trustAws(roleArn('a')), inline: [doc(allow('sts:AssumeRole', roleArn('a')), allow('s3:PutObject', OBJECTS))] }),
      ],
      resources: [bucket('artifacts')],
    });
    const all = computeAccess(inv, catalog, { completeAccounts: [ACCOUNT] }).grants;
    expect(find(all, roleArn('a'), 'read-data')?.path).toBeUndefined();
    expect(find(all, roleArn('a'), 'write-data')?.path).toEqual([roleArn('a'), roleArn('b')]);
    expect(find(all, roleArn('b'), 'write-data')?.path).toBeUndefined();
    expect(find(all, roleArn('b'), 'read-data')?.path).toEqual([roleArn('b'), roleArn('a')]);
  });
});

describe('trust in the account', () => {
  const inv = inventory({
    principals: [
      role('ops', { trust: trustAws(`arn:aws:iam::${ACCOUNT}:root`), inline: [doc(allow('s3:GetObject', OBJECTS))] }),
      user('alice', { inline: [doc(allow('sts:AssumeRole', roleArn('ops')))] }),
      user('bob'),
    ],
    resources: [bucket('artifacts')],
  });

  it('lets only principals whose own policies allow sts:AssumeRole reach the role', () => {
    const all = computeAccess(inv, catalog, { completeAccounts: [ACCOUNT] }).grants;
    expect(find(all, userArn('alice'), 'read-data')?.path).toEqual([userArn('alice'), roleArn('ops')]);
    expect(find(all, userArn('bob'), 'read-data')).toBeUndefined();
  });

  it('shows the account aggregate reaching the role when the account is not held in full', () => {
    const all = computeAccess(inv, catalog).grants;
    expect(find(all, `arn:aws:iam::${ACCOUNT}:root`, 'read-data')).toMatchObject({ principalType: 'Account', path: [`arn:aws:iam::${ACCOUNT}:root`, roleArn('ops')] });
  });

  it('prefers direct access over a chain to the same capability', () => {
    const direct = inventory({ ...inv, principals: [...inv.principals.filter((p) => p.name !== 'alice'), user('alice', { inline: [doc(allow('sts:AssumeRole', roleArn('ops')), allow('s3:GetObject', OBJECTS))] })] });
    const grant = find(computeAccess(direct, catalog, { completeAccounts: [ACCOUNT] }).grants, userArn('alice'), 'read-data');
    expect(grant?.path).toBeUndefined();
  });
});

describe('a role alike its callers', () => {
  // The role is never asked whether it may assume itself: its answer (none) must not stand for
  // the principals decided with it, of its class or of its traits.
  const readable = bucket('artifacts', { policy: doc(allow('s3:GetObject', OBJECTS, { Principal: { AWS: roleArn('alpha') } })) });
  const reached = (inv: ReturnType<typeof inventory>) =>
    computeAccess(inv, catalog, { completeAccounts: [ACCOUNT] })
      .grants.filter((g) => g.resource === BUCKET && g.capability === 'read-data' && g.path !== undefined)
      .map((g) => g.principal);

  it('when it shares its callers\' policies, and trusts the account', () => {
    const assumeAny = managed('assume-any', doc(allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/*`)));
    const inv = inventory({
      principals: [role('alpha', { trust: trustAws(`arn:aws:iam::${ACCOUNT}:root`), managed: [assumeAny.arn] }), role('beta', { managed: [assumeAny.arn] }), role('gamma', { managed: [assumeAny.arn] })],
      managedPolicies: [assumeAny],
      resources: [readable],
    });
    expect(reached(inv)).toEqual([roleArn('beta'), roleArn('gamma')]);
  });

  it('when it lets every principal of the account assume it', () => {
    const everyone = doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } });
    const inv = inventory({ principals: [role('alpha', { trust: everyone }), role('beta'), role('gamma')], resources: [readable] });
    expect(reached(inv)).toEqual([roleArn('beta'), roleArn('gamma')]);
  });
});

describe('several routes to one capability', () => {
  it('unions the actions of the direct route and of the chains', () => {
    const inv = inventory({
      principals: [
        role('ops', { trust: trustAws(`arn:aws:iam::${ACCOUNT}:root`), inline: [doc(allow('s3:GetObjectVersion', OBJECTS))] }),
        user('alice', { inline: [doc(allow('sts:AssumeRole', roleArn('ops')), allow('s3:GetObject', OBJECTS))] }),
      ],
      resources: [bucket('artifacts')],
    });
    const grant = find(computeAccess(inv, catalog, { completeAccounts: [ACCOUNT] }).grants, userArn('alice'), 'read-data');
    expect(grant?.path).toBeUndefined();
    expect(grant?.actions).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
  });

  it('shows, of chains of one length, the one whose principals come first', () => {
    const writer = (name: string) => role(name, { trust: trustAws(userArn('alice')), inline: [doc(allow('s3:PutObject', OBJECTS))] });
    const inv = inventory({
      principals: [writer('zeta'), writer('alpha'), user('alice', { inline: [doc(allow('sts:AssumeRole', [roleArn('zeta'), roleArn('alpha')]))] })],
      resources: [bucket('artifacts')],
    });
    const grant = find(computeAccess(inv, catalog, { completeAccounts: [ACCOUNT] }).grants, userArn('alice'));
    expect(grant).toMatchObject({ path: [userArn('alice'), roleArn('alpha')], actions: ['s3:PutObject'], conditional: false });
  });

  it('holds unconditionally through a longer chain without conditions when the shortest has some', () => {
    // alice reaches the writer directly with MFA only, and through a helper role without a condition.
    const withMfa: Statement = { Effect: 'Allow', Principal: { AWS: userArn('alice') }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const inv = inventory({
      principals: [
        role('writer', { trust: doc(withMfa, { Effect: 'Allow', Principal: { AWS: roleArn('helper') }, Action: 'sts:AssumeRole' }), inline: [doc(allow('s3:PutObject', OBJECTS))] }),
        role('helper', { trust: trustAws(userArn('alice')), inline: [doc(allow('sts:AssumeRole', roleArn('writer')))] }),
        user('alice', { inline: [doc(allow('sts:AssumeRole', [roleArn('writer'), roleArn('helper')]))] }),
      ],
      resources: [bucket('artifacts')],
    });
    const grant = find(computeAccess(inv, catalog, { completeAccounts: [ACCOUNT] }).grants, userArn('alice'));
    expect(grant).toMatchObject({ path: [userArn('alice'), roleArn('helper'), roleArn('writer')], conditional: false, conditions: [] });
  });
});

describe('a resource policy naming a session of a role', () => {
  const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/batch/nightly`;
  const policy = doc(allow('s3:GetObject', OBJECTS, { Sid: 'NightlyRead', Principal: { AWS: SESSION } }));
  const inv = inventory({
    principals: [role('batch', { trust: trustAws(userArn('operator')) }), user('operator', { inline: [doc(allow('sts:AssumeRole', roleArn('batch')))] })],
    resources: [bucket('artifacts', { policy })],
  });
  const grants = (i = inv) => computeAccess(i, catalog, { completeAccounts: [ACCOUNT] }).grants;

  it('gives the role the access, under the condition of that session name, and whoever assumes the role too', () => {
    const all = grants();
    expect(find(all, roleArn('batch'), 'read-data')).toMatchObject({ conditional: true, conditions: [expect.objectContaining({ key: 'sts:RoleSessionName', values: ['nightly'] })] });
    // The caller picks the session name: whoever can assume the role can read as that session.
    expect(find(all, userArn('operator'), 'read-data')).toMatchObject({ conditional: true, path: [userArn('operator'), roleArn('batch')] });
    expect(all.filter((g) => g.resource === BUCKET).map((g) => g.principal).sort()).toEqual([roleArn('batch'), userArn('operator')]);
  });

  it('shows the session itself when the inputs do not hold the role', () => {
    const all = grants(inventory({ resources: [bucket('artifacts', { policy })] }));
    expect(all.map((g) => [g.principal, g.capability, g.conditional])).toEqual([[SESSION, 'read-data', false]]);
  });
});

describe('a principal outside the inventory that reaches one resource through roles of two accounts', () => {
  const THIRD = '333333333333';
  const CI = `arn:aws:iam::${THIRD}:role/ci`;
  const read = doc(allow('s3:GetObject', OBJECTS));
  const inv = inventory({
    principals: [
      // Its own account's role trusts it (its identity policies unseen, none assumed there); ours trusts it across accounts.
      role('deploy', { account: THIRD, trust: trustAws(CI), inline: [read] }),
      role('reader', { trust: trustAws(CI), inline: [read] }),
    ],
    resources: [bucket('artifacts', { policy: doc(allow('s3:GetObject', OBJECTS, { Principal: { AWS: roleArn('deploy', THIRD) } })) })],
  });

  it('holds one grant there, whichever role it goes through', () => {
    const held = computeAccess(inv, catalog, { completeAccounts: [ACCOUNT] }).grants.filter((g) => g.principal === CI && g.resource === BUCKET);
    // Both chains are one assumption long: the first by its principals is shown.
    expect(held.map((g) => [g.capability, g.path])).toEqual([['read-data', [CI, roleArn('reader')]]]);
  });
});
