import { describe, expect, it } from 'vitest';
import { mergeInventories, mergeStates, overlayState, readAuthorizationDetails, readTerraformPlan } from '../../src/iac/index.js';
import { emptyInventory, type Inventory } from '../../src/model/inventory.js';
import { fixture, inlineNames, principal, repoFile, resource } from './helpers.js';

const A = '111111111111';
const account = readAuthorizationDetails(fixture('authorization-details.json'));

describe('State = account inventory ⊕ IaC', () => {
  const changes = readTerraformPlan(fixture('account-changes.tfplan.json'));
  const { before, after } = overlayState(account, changes);

  it('adds what the IaC attaches to a principal it does not create, keeping the principal\'s own ARN and policies', () => {
    const scientist = principal(after, 'data-scientist');
    expect(scientist.arn).toBe(`arn:aws:iam::${A}:role/service-role/data-scientist`);
    expect(scientist.partial).toBeUndefined();
    expect(scientist.managedPolicyArns.sort()).toEqual([`arn:aws:iam::${A}:policy/credit-read`, 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);
    expect(scientist.trustPolicy).toBeDefined();
    expect(principal(before, 'data-scientist').managedPolicyArns).toEqual([`arn:aws:iam::${A}:policy/credit-read`]);
  });

  it('removes what the IaC deletes: an inline policy of an existing role, a user, a group membership', () => {
    expect(inlineNames(principal(before, 'credit-processor'))).toEqual(['console-hotfix', 'process-credit-applications']);
    expect(inlineNames(principal(after, 'credit-processor'))).toEqual(['process-credit-applications']);
    expect(before.principals.map((p) => p.name)).toContain('erin');
    expect(after.principals.map((p) => p.name)).not.toContain('erin');
    expect(principal(before, 'frank').groupArns).toEqual([`arn:aws:iam::${A}:group/data-readers`, `arn:aws:iam::${A}:group/audit/auditors`]);
    expect(principal(after, 'frank').groupArns).toEqual([`arn:aws:iam::${A}:group/data-readers`]);
  });

  it('keeps the inventory\'s view of groups a partial view names without their path', () => {
    expect(after.groups.map((g) => g.arn).sort()).toEqual([`arn:aws:iam::${A}:group/audit/auditors`, `arn:aws:iam::${A}:group/data-readers`]);
    expect(after.groups.find((g) => g.name === 'data-readers')?.inlinePolicies).toHaveLength(1);
  });

  it('sets the policy of a resource the IaC only attaches a policy to', () => {
    const bucket = resource(after, 'arn:aws:s3:::credit-applications');
    expect(bucket.policy?.document).toMatchObject({ Statement: [{ Sid: 'New' }] });
    expect(resource(before, 'arn:aws:s3:::credit-applications').policy?.document).toMatchObject({ Statement: [{ Sid: 'Old' }] });
  });

  it('lets the IaC\'s full view of a principal replace the inventory\'s', () => {
    const plan = readTerraformPlan(repoFile('examples/credit-processor/pr.tfplan.json'));
    const merged = overlayState(account, plan).after;
    // The inventory's credit-processor has a console-made inline policy; the plan declares the role fully.
    expect(inlineNames(principal(merged, 'credit-processor'))).toEqual(['process-credit-applications']);
    expect(principal(merged, 'credit-processor').source?.address).toBe('aws_iam_role.credit_processor');
    // What only the inventory knows stays.
    expect(principal(merged, 'data-scientist').source?.file).toBe('authorization-details.json');
    expect(merged.managedPolicies.map((p) => p.name)).toContain('credit-read');
    expect(merged.accountId).toBe(A);
  });
});

describe('overlayState: inputs', () => {
  it('leaves the inventory and the IaC state as they were, sharing what it does not change', () => {
    const inventory = readAuthorizationDetails(fixture('authorization-details.json'));
    const iac = readTerraformPlan(fixture('account-changes.tfplan.json'));
    const [inventoryBefore, iacBefore] = [structuredClone(inventory), structuredClone(iac)];
    const state = overlayState(inventory, iac);
    expect(inventory).toEqual(inventoryBefore);
    expect(iac).toEqual(iacBefore);
    // The plan's before side does not name data-scientist.
    expect(principal(state.before, 'data-scientist')).toBe(principal(inventory, 'data-scientist'));
    // frank leaves a group in the plan: the after side holds a new object.
    expect(principal(state.after, 'frank')).not.toBe(principal(inventory, 'frank'));
  });
});

describe('mergeInventories', () => {
  const withRole = (name: string, policy: string, partial?: boolean): Inventory => ({
    ...emptyInventory(A),
    principals: [
      {
        arn: `arn:aws:iam::${A}:role/${name}`,
        type: 'IAMRole',
        name,
        path: '/',
        accountId: A,
        inlinePolicies: [{ id: `${name}#inline/${policy}`, name: policy, kind: 'inline', document: {} }],
        managedPolicyArns: [],
        groupArns: [],
        tags: {},
        ...(partial ? { partial } : {}),
      },
    ],
    notices: [{ level: 'warning', message: 'same notice' }],
  });

  it('replaces a principal by a full view and merges a partial one, deduplicating notices', () => {
    expect(inlineNames(principal(mergeInventories(withRole('app', 'a'), withRole('app', 'b')), 'app'))).toEqual(['b']);
    const merged = mergeInventories(withRole('app', 'a'), withRole('app', 'b', true));
    expect(inlineNames(principal(merged, 'app'))).toEqual(['a', 'b']);
    expect(merged.notices).toHaveLength(1);
  });

  it('merges several states of one PR, each over the ones before it', () => {
    const one = { before: withRole('app', 'a'), after: withRole('app', 'b') };
    const two = { before: emptyInventory(A), after: withRole('worker', 'c') };
    const merged = mergeStates([one, two]);
    expect(merged.after.principals.map((p) => p.name)).toEqual(['app', 'worker']);
    expect(merged.before.principals.map((p) => p.name)).toEqual(['app']);
    expect(() => mergeStates([])).toThrow();
  });
});
