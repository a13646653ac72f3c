/**
 * One side of a change (or a single state): its inventory read into actors and targets, the
 * pruning index, and the principal classes. Built once per Inventory.
 */
import type { Catalog } from '../iam/catalog.js';
import type { CompiledPolicy } from '../iam/policy.js';
import type { Inventory, UnknownValue } from '../model/inventory.js';
import { ActorFactory, type Actor } from './actors.js';
import { PolicyCompiler } from './compiled.js';
import { Decider } from './decide.js';
import { namedArns } from './grantees.js';
import { Organization } from './organization.js';
import { PrincipalNames, readsPerMemberValues, TargetFactory, type Target } from './targets.js';
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
  private classesByTarget: Map<number, ClassTouch[]> | undefined;

  constructor(
    readonly inventory: Inventory,
    readonly engine: Engine,
  ) {
    const compiler = engine.compiler;
    this.organization = new Organization(inventory.organization, compiler);
    this.factory = new ActorFactory(inventory, compiler, this.organization);
    const members = this.factory.members();
    this.members = members.actors;
    this.unknowns = [...inventory.unknowns, ...members.unknowns];
    this.unknownSubjects = new Set(this.unknowns.flatMap((u) => (u.subject === undefined ? [] : [u.subject])));
    for (const actor of this.members) if (this.unknownSubjects.has(actor.principal)) actor.unknown = true;
    this.memberByArn = new Map(this.members.map((actor) => [actor.principal, actor]));
    const targets = new TargetFactory(inventory, engine.catalog, compiler, this.organization, engine.decider);
    this.targets = inventory.resources.map((resource) => targets.target(resource));
    this.index = new TouchIndex(this.targets);
    // Only the policies in use are compiled: unattached managed policies never are.
    const inUse = new Set<CompiledPolicy>();
    for (const actor of this.members) [...actor.identity, ...actor.boundaries, ...actor.scps.flat()].forEach((p) => inUse.add(p));
    for (const target of this.targets) [...(target.policy ? [target.policy] : []), ...(target.rcps ?? []).flat()].forEach((p) => inUse.add(p));
    for (const principal of inventory.principals) if (principal.trustPolicy) inUse.add(compiler.compile(principal.trustPolicy));
    ActorFactory.assignClasses(this.members, [...inUse].some(readsPrincipalTags));
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

  /** For each resource target (by index), the classes whose identity policies can touch it. */
  classesTouching(): Map<number, ClassTouch[]> {
    this.classesByTarget ??= this.classesTouchingIn(this.index);
    return this.classesByTarget;
  }

  /**
   * For each target of `index`, the classes one of whose identity Allow statements can touch
   * it, each with the statements of its identity policies that touch the target there: classes
   * with the same statements there (and the same type, account, boundary, tags) are decided
   * once. Members a class's policies tell apart are decided one by one: those whose ARN a
   * statement names, and on targets a statement reading `${aws:username}` or the like can
   * touch, all of them.
   */
  classesTouchingIn(index: TouchIndex): Map<number, ClassTouch[]> {
    const memo = new Map<CompiledPolicy, PolicyReach>();
    const byTarget = new Map<number, ClassTouch[]>();
    for (const members of this.classes) {
      const first = members[0] as Actor;
      const identity = first.identity.map((policy) => this.reachOf(policy, index, memo));
      const guards = [...first.boundaries, ...first.scps.flat()].map((policy) => this.reachOf(policy, index, memo));
      const touched = new Set<number>();
      for (const reach of identity) for (const target of reach.touched) touched.add(target);
      for (const target of touched) {
        const list = byTarget.get(target) ?? [];
        list.push({ members, names: namesAt([...identity, ...guards], target), signature: signatureAt(first, identity, target) });
        byTarget.set(target, list);
      }
    }
    return byTarget;
  }

  private reachOf(policy: CompiledPolicy, index: TouchIndex, memo: Map<CompiledPolicy, PolicyReach>): PolicyReach {
    let reach = memo.get(policy);
    if (!reach) {
      reach = { id: policy.id, touched: new Set(), statements: new Map(), perMember: new Set(), named: new Map() };
      for (const statement of policy.statements) {
        const isAllow = statement.effect === 'Allow';
        const readsMember = readsPerMemberValues(statement);
        const named = namedArns(statement);
        for (const target of index.touchedBy(statement, this.engine.compiler.resourceTexts(policy, statement))) {
          if (isAllow) reach.touched.add(target);
          reach.statements.set(target, `${reach.statements.get(target) ?? ''}${statement.index},`);
          if (readsMember) reach.perMember.add(target);
          if (named.length > 0) reach.named.set(target, [...(reach.named.get(target) ?? []), ...named]);
        }
      }
      memo.set(policy, reach);
    }
    return reach;
  }
}

/** What decides a class on a target: its fixed traits and the statements that touch it. */
function signatureAt(first: Actor, identity: readonly PolicyReach[], target: number): string {
  let signature = first.traitsKey;
  for (const reach of identity) {
    const statements = reach.statements.get(target);
    if (statements !== undefined) signature += `\u0000${reach.id}#${statements}`;
  }
  return signature;
}

/** What the policies of a class tell apart on one target. */
function namesAt(reaches: readonly PolicyReach[], target: number): PrincipalNames {
  if (reaches.some((reach) => reach.perMember.has(target))) return PrincipalNames.EVERYONE;
  const named = reaches.flatMap((reach) => reach.named.get(target) ?? []);
  return named.length === 0 ? PrincipalNames.NONE : new PrincipalNames(named, false);
}

/** A class of principals that can touch a target. */
export interface ClassTouch {
  members: Actor[];
  /** Members the class's own policies tell apart there: decided one by one. */
  names: PrincipalNames;
  /** Classes with equal signatures on a target are decided alike there. */
  signature: string;
}

interface PolicyReach {
  id: string;
  /** Targets its Allow statements can touch. */
  touched: Set<number>;
  /** Per target, the (1-based) indexes of the statements that can touch it. */
  statements: Map<number, string>;
  /** Targets of statements that read values every member has its own of. */
  perMember: Set<number>;
  /** Per target, the principal ARNs (or patterns) of statements that name some. */
  named: Map<number, string[]>;
}

function readsPrincipalTags(policy: CompiledPolicy): boolean {
  const isTag = (key: string): boolean => key.startsWith('aws:principaltag/');
  return policy.statements.some((s) => s.conditions.some((c) => isTag(c.lowerKey) || c.variableKeys.some(isTag)) || s.resources?.some((entry) => entry.template?.keys.some(isTag)));
}
