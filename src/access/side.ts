/**
 * One side of a change (or a single state): its inventory read into actors and targets, the
 * pruning index, and the principal classes. Built once per Inventory.
 */
import type { Catalog } from '../iam/catalog.js';
import type { CompiledPolicy } from '../iam/policy.js';
import type { Inventory, PolicyDocument, UnknownValue } from '../model/inventory.js';
import { ActorFactory, type Actor } from './actors.js';
import { PolicyCompiler } from './compiled.js';
import { Decider } from './decide.js';
import { namedArns } from './grantees.js';
import { Organization } from './organization.js';
import { PrincipalNames, TargetFactory, type Target } from './targets.js';
import { TouchIndex } from './touch-index.js';

export interface AccessOptions {
  /**
   * Accounts whose IAM users and roles the inventory holds in full (an account inventory was
   * read): a policy that trusts such an account gives access to its principals one by one,
   * not to the account aggregate `arn:aws:iam::ACCOUNT:root`.
   */
  completeAccounts?: readonly string[];
  /** Accept policies IAM accepted in the past but rejects today (see compilePolicy). */
  lenient?: boolean;
}

/** What both sides of a delta share: compiled policies and probe masks. */
export class Engine {
  readonly compiler: PolicyCompiler;
  readonly decider = new Decider();
  readonly complete: ReadonlySet<string>;

  constructor(
    readonly catalog: Catalog,
    options: AccessOptions = {},
  ) {
    this.compiler = new PolicyCompiler(options.lenient === true);
    this.complete = new Set(options.completeAccounts ?? []);
  }
}

export class Side {
  readonly members: Actor[];
  readonly memberByArn: ReadonlyMap<string, Actor>;
  readonly targets: Target[];
  readonly factory: ActorFactory;
  /** Unknowns of the inventory and those its missing policies add. */
  readonly unknowns: UnknownValue[];
  readonly unknownSubjects: ReadonlySet<string>;
  /** Inventory principals grouped by class key, each class in inventory order. */
  readonly classes: Actor[][];
  readonly organization: Organization;
  private readonly index: TouchIndex;
  private readonly policyTargets = new Map<CompiledPolicy, readonly number[]>();
  private classesByTarget: Map<number, Actor[][]> | undefined;

  constructor(
    readonly inventory: Inventory,
    readonly engine: Engine,
  ) {
    const compiler = engine.compiler;
    this.organization = new Organization(inventory.organization, compiler);
    const identityPolicies = identitySidePolicies(inventory).map((policy) => compiler.compile(policy));
    const everyPolicy = [...identityPolicies, ...otherPolicies(inventory).map((policy) => compiler.compile(policy))];
    const namedEverywhere = new PrincipalNames(identityPolicies.flatMap((policy) => policy.statements.flatMap(namedArns)), false);
    this.factory = new ActorFactory(inventory, compiler, this.organization, everyPolicy.some(readsPrincipalTags), namedEverywhere);
    const members = this.factory.members();
    this.members = members.actors;
    this.unknowns = [...inventory.unknowns, ...members.unknowns];
    this.unknownSubjects = new Set(this.unknowns.flatMap((u) => (u.subject === undefined ? [] : [u.subject])));
    for (const actor of this.members) if (this.unknownSubjects.has(actor.principal)) actor.unknown = true;
    this.memberByArn = new Map(this.members.map((actor) => [actor.principal, actor]));
    const targets = new TargetFactory(inventory, engine.catalog, compiler, this.organization, engine.decider);
    this.targets = inventory.resources.map((resource) => targets.target(resource));
    this.index = new TouchIndex(this.targets);
    const byClass = new Map<string, Actor[]>();
    for (const actor of this.members) {
      const list = byClass.get(actor.classKey) ?? [];
      list.push(actor);
      byClass.set(actor.classKey, list);
    }
    this.classes = [...byClass.values()];
  }

  /** Whether a policy trusting this account reaches its principals one by one. */
  isComplete(account: string): boolean {
    return this.engine.complete.has(account);
  }

  /** For each target (by index), the classes whose identity policies can touch it. */
  classesTouching(): Map<number, Actor[][]> {
    if (this.classesByTarget) return this.classesByTarget;
    const byTarget = new Map<number, Actor[][]>();
    for (const members of this.classes) {
      for (const index of this.touchedBy(members[0] as Actor, this.index, this.policyTargets)) {
        const list = byTarget.get(index) ?? [];
        list.push(members);
        byTarget.set(index, list);
      }
    }
    this.classesByTarget = byTarget;
    return byTarget;
  }

  /** Targets of `index` that one of the actor's identity Allow statements can touch. */
  touchedBy(actor: Actor, index: TouchIndex, memo: Map<CompiledPolicy, readonly number[]>): number[] {
    const found = new Set<number>();
    for (const policy of actor.identity) {
      let targets = memo.get(policy);
      if (!targets) {
        const touched = new Set<number>();
        for (const statement of policy.statements) {
          if (statement.effect !== 'Allow') continue;
          for (const target of index.touchedBy(statement, this.engine.compiler.resourceTexts(policy, statement))) touched.add(target);
        }
        targets = [...touched];
        memo.set(policy, targets);
      }
      for (const target of targets) found.add(target);
    }
    return [...found].sort((a, b) => a - b);
  }
}

/** Policies that apply to principals: identity policies, boundaries, SCPs. */
function identitySidePolicies(inventory: Inventory): PolicyDocument[] {
  return [
    ...inventory.managedPolicies.map((p) => p.policy),
    ...inventory.principals.flatMap((p) => p.inlinePolicies),
    ...inventory.groups.flatMap((g) => g.inlinePolicies),
    ...Object.values(inventory.organization?.scpLevels ?? {}).flatMap((levels) => levels.flatMap((level) => level.policies)),
  ];
}

/** Policies on the resource side: trust policies, resource policies, RCPs. */
function otherPolicies(inventory: Inventory): PolicyDocument[] {
  return [
    ...inventory.principals.flatMap((p) => (p.trustPolicy ? [p.trustPolicy] : [])),
    ...inventory.resources.flatMap((r) => (r.policy ? [r.policy] : [])),
    ...Object.values(inventory.organization?.rcpLevels ?? {}).flatMap((levels) => levels.flatMap((level) => level.policies)),
  ];
}

function readsPrincipalTags(policy: CompiledPolicy): boolean {
  const isTag = (key: string): boolean => key.startsWith('aws:principaltag/');
  return policy.statements.some((s) => s.conditions.some((c) => isTag(c.lowerKey) || c.variableKeys.some(isTag)) || s.resources?.some((entry) => entry.template?.keys.some(isTag)));
}
