/**
 * What the rules count as changed. The sides of a review share the objects of everything the
 * change leaves alone (overlayState lays the IaC over one inventory), and change detection stops
 * at those shared objects: these tests make sure a change that reaches a principal only through
 * a managed policy, a group or a boundary is still seen, and that equal content in fresh objects
 * (a plan's before and after are parsed apart) is not taken for a change.
 */
import { describe, expect, it } from 'vitest';
import type { Group, Inventory, ManagedPolicy, Principal, Resource } from '../../src/model/inventory.js';
import { RuleContext } from '../../src/rules/context.js';
import { DEFAULT_CONFIG } from '../../src/rules/config.js';
import { allow, bucket, catalogForTests, findingsOf, inventory, policy, role, TODAY, user } from './scenario.js';

const POLICY_ARN = 'arn:aws:iam::111111111111:policy/app-access';
const BOUNDARY_ARN = 'arn:aws:iam::111111111111:policy/boundary';
const GROUP_ARN = 'arn:aws:iam::111111111111:group/developers';

function managed(arn: string, statements: object[]): ManagedPolicy {
  return { arn, name: arn.split('/').pop()!, awsManaged: false, policy: policy(arn, 'managed', statements) };
}

function group(parts: Partial<Group> = {}): Group {
  return { arn: GROUP_ARN, name: 'developers', path: '/', accountId: '111111111111', inlinePolicies: [], managedPolicyArns: [], ...parts };
}

/** A copy of an identity as overlayState makes it: a new object holding the same documents. */
function copied<T extends Principal | Group>(identity: T): T {
  return { ...identity, inlinePolicies: [...identity.inlinePolicies], managedPolicyArns: [...identity.managedPolicyArns] };
}

/** The same content in new objects, as reading a plan's before and after separately gives it. */
function reparsed<T>(value: T): T {
  return structuredClone(value);
}

/** A context over two sides of an account: `before`, and `before` with `edits` applied. */
async function contextOf(before: Partial<Inventory>, edits: (side: Inventory) => Inventory): Promise<RuleContext> {
  const old = inventory(before);
  const now = edits({ ...old, principals: old.principals.map(copied), groups: old.groups.map(copied) });
  return new RuleContext({
    config: DEFAULT_CONFIG,
    state: { before: old, after: inventory(now) },
    before: [],
    after: [],
    delta: { added: [], removed: [], changed: [] },
    unknowns: { before: [], after: [] },
    today: TODAY,
    catalog: await catalogForTests(),
  });
}

const arnsOf = (items: readonly { arn: string }[]): string[] => items.map((item) => item.arn);

describe('changed principals', () => {
  const app = role('app', { managedPolicyArns: [POLICY_ARN] });
  const other = role('other', { statements: [allow('s3:GetObject')] });
  const alice = user('alice', { groupArns: [GROUP_ARN] });
  const account = { principals: [app, other, alice], groups: [group({ managedPolicyArns: [POLICY_ARN] })], managedPolicies: [managed(POLICY_ARN, [allow('s3:GetObject')])] };

  it('are none when the sides share every document', async () => {
    const context = await contextOf(account, (side) => side);
    expect(context.changedPrincipals()).toEqual([]);
    expect(context.changedPolicies()).toEqual([]);
    expect(context.touchedResources()).toEqual([]);
  });

  it('include those a changed managed policy reaches directly or through a group, and only those', async () => {
    const context = await contextOf(account, (side) => ({ ...side, managedPolicies: [managed(POLICY_ARN, [allow('s3:*')])] }));
    expect(arnsOf(context.changedPrincipals())).toEqual([app.arn, alice.arn]);
    expect(context.changedPolicies().map((p) => p.id)).toEqual([POLICY_ARN]);
  });

  it("include a group's members when the group's inline policy, attachments or existence changes", async () => {
    const inline = policy(`${GROUP_ARN}#inline/extra`, 'inline', [allow('iam:PassRole')]);
    const withInline = await contextOf(account, (side) => ({ ...side, groups: [{ ...side.groups[0]!, inlinePolicies: [inline] }] }));
    expect(arnsOf(withInline.changedPrincipals())).toEqual([alice.arn]);

    const detached = await contextOf(account, (side) => ({ ...side, groups: [{ ...side.groups[0]!, managedPolicyArns: [] }] }));
    expect(arnsOf(detached.changedPrincipals())).toEqual([alice.arn]);

    const deleted = await contextOf(account, (side) => ({ ...side, groups: [] }));
    expect(arnsOf(deleted.changedPrincipals())).toEqual([alice.arn]);
  });

  it('include a principal whose boundary document changes, is set, or is removed', async () => {
    const bounded = { ...account, principals: [{ ...other, permissionsBoundaryArn: BOUNDARY_ARN }], managedPolicies: [managed(BOUNDARY_ARN, [allow('s3:*')])] };
    const widened = await contextOf(bounded, (side) => ({ ...side, managedPolicies: [managed(BOUNDARY_ARN, [allow('*')])] }));
    expect(arnsOf(widened.changedPrincipals())).toEqual([other.arn]);

    const unbounded = await contextOf(bounded, (side) => ({ ...side, principals: side.principals.map(({ permissionsBoundaryArn: _, ...rest }) => rest) }));
    expect(arnsOf(unbounded.changedPrincipals())).toEqual([other.arn]);

    // The boundary's document leaves the inputs: the principal's boundary becomes unknown.
    const unresolved = await contextOf(bounded, (side) => ({ ...side, managedPolicies: [] }));
    expect(arnsOf(unresolved.changedPrincipals())).toEqual([other.arn]);
  });

  it('include a principal whose inline policy, trust policy, path or groups change', async () => {
    const edited = (edit: (p: Principal) => Principal) => (side: Inventory) => ({ ...side, principals: side.principals.map((p) => (p.arn === other.arn ? edit(p) : p)) });
    const changes: ((p: Principal) => Principal)[] = [
      (p) => ({ ...p, inlinePolicies: [policy(p.inlinePolicies[0]!.id, 'inline', [allow('s3:PutObject')])] }),
      (p) => ({ ...p, trustPolicy: policy(`${p.arn}#trust`, 'trust', [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]) }),
      (p) => ({ ...p, path: '/apps/' }),
      (p) => ({ ...p, groupArns: [GROUP_ARN] }),
    ];
    for (const change of changes) {
      const context = await contextOf(account, edited(change));
      expect(arnsOf(context.changedPrincipals())).toEqual([other.arn]);
    }
  });

  it('include a user whose policy moves from its group to the user itself, though its documents stay the same', async () => {
    const moved = await contextOf(account, (side) => ({
      ...side,
      principals: side.principals.map((p) => (p.arn === alice.arn ? { ...p, managedPolicyArns: [POLICY_ARN], groupArns: [] } : p)),
    }));
    expect(arnsOf(moved.changedPrincipals())).toEqual([alice.arn]);
    const findings = await findingsOf('people-and-applications', {
      before: account,
      after: { ...account, principals: [app, other, { ...alice, managedPolicyArns: [POLICY_ARN], groupArns: [] }] },
    });
    expect(findings.map((f) => f.message)).toEqual(['IAM user `user/alice` has policies attached directly (`policy/app-access`).']);
  });

  it('leave out principals whose documents are new objects with the same content, in any key order', async () => {
    const context = await contextOf(account, (side) => ({
      ...side,
      principals: side.principals.map((p) => reparsed(p)),
      groups: side.groups.map((g) => reparsed(g)),
      managedPolicies: side.managedPolicies.map((m) => {
        const { Statement, Version } = m.policy.document as { Statement: unknown; Version: string };
        return { ...reparsed(m), policy: { ...m.policy, document: { Statement: reparsed(Statement), Version } } };
      }),
    }));
    expect(context.changedPrincipals()).toEqual([]);
    expect(context.changedPolicies()).toEqual([]);
  });
});

describe('touched resources', () => {
  const data: Resource = bucket('data', { Confidentiality: 'Internal' }, { policy: policy('arn:aws:s3:::data#policy', 'resource', [allow('s3:GetObject')]) });
  const logs: Resource = bucket('logs');

  it('are those whose tags, policy or Block Public Access settings change, not re-read equal ones', async () => {
    const edit = (change: (r: Resource) => Resource) => (side: Inventory) => ({ ...side, resources: [change(reparsed(data)), reparsed(logs)] });
    const unchanged = await contextOf({ resources: [data, logs] }, edit((r) => r));
    expect(unchanged.touchedResources()).toEqual([]);

    const changes: ((r: Resource) => Resource)[] = [
      (r) => ({ ...r, tags: { Confidentiality: 'Confidential' } }),
      (r) => ({ ...r, policy: policy(r.policy!.id, 'resource', [allow('s3:*')]) }),
      (r) => ({ ...r, publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } }),
    ];
    for (const change of changes) {
      const context = await contextOf({ resources: [data, logs] }, edit(change));
      expect(context.touchedResources()).toEqual([data.arn]);
    }
  });
});

describe('a change that reaches principals only through shared documents', () => {
  it('is judged by the rules: widening a managed policy opens an escalation path for the role attached to it', async () => {
    const app = role('app', { managedPolicyArns: [POLICY_ARN] });
    const findings = await findingsOf('privilege-escalation', {
      before: { principals: [app], managedPolicies: [managed(POLICY_ARN, [allow('s3:GetObject')])] },
      after: { principals: [copied(app)], managedPolicies: [managed(POLICY_ARN, [allow(['s3:GetObject', 'iam:PassRole', 'ec2:RunInstances'])])] },
    });
    expect(findings.map((f) => f.principal)).toEqual([app.arn]);
    expect(findings[0]!.message).toContain('`iam:PassRole + ec2:RunInstances`');
  });

  it('is judged by the rules: a boundary that stops excluding IAM opens the path it held back', async () => {
    const builder = role('builder', { statements: [allow(['iam:PassRole', 'ec2:RunInstances'])], permissionsBoundaryArn: BOUNDARY_ARN });
    const findings = await findingsOf('privilege-escalation', {
      before: { principals: [builder], managedPolicies: [managed(BOUNDARY_ARN, [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }])] },
      after: { principals: [copied(builder)], managedPolicies: [managed(BOUNDARY_ARN, [allow('*')])] },
    });
    expect(findings.map((f) => f.principal)).toEqual([builder.arn]);
  });
});
