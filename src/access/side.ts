/**
 * One side of a change (or a single state): its inventory read into actors and targets, the
 * pruning index, and the principal classes. A side built after another reuses the other's
 * actors and targets that did not change, with everything already worked out for them.
 */
import { splitArn, type ArnParts } from '../iam/arn.js';
import type { Catalog } from '../iam/catalog.js';
import { ArnPattern } from '../iam/resource-pattern.js';
import type { Inventory, PolicyDocument, Principal, Resource, UnknownValue } from '../model/inventory.js';
import { ActorFactory, MemberActor } from './actors.js';
import { PolicyCompiler } from './compiled.js';
import { Decider } from './decide.js';
import { Organization } from './organization.js';
import { Outliner, type PolicyOutline } from './outline.js';
import type { Scope } from './pairs.js';
import { rememberedSameJson, sameJson } from './same-json.js';
import { PrincipalNames, TargetFactory, type Target } from './targets.js';
import { TouchIndex, type TouchTarget } from './touch-index.js';

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

/** What both sides of a delta share: compiled policies, outlines, probe groupings. */
export class Engine {
  private readonly indexes = new Map<string, TouchIndex>();
  readonly compiler: PolicyCompiler;
  readonly outliner = new Outliner();
  readonly decider: Decider;
  readonly complete: ReadonlySet<string>;

  constructor(
    readonly catalog: Catalog,
    options: AccessOptions = {},
  ) {
    this.compiler = new PolicyCompiler(options.lenient === true);
    this.decider = new Decider(this.compiler);
    this.complete = new Set(options.completeAccounts ?? []);
  }

  /**
   * An index of the targets; the same one (with what it learnt) for targets that act where
   * an earlier list's did: the other side of a delta, mostly.
   */
  indexOf(targets: readonly TouchTarget[]): TouchIndex {
    const key = targets.map((target) => `${[...target.services].join(',')} ${target.requestArns.join(' ')}`).join('\n');
    let index = this.indexes.get(key);
    if (!index) {
      index = new TouchIndex(targets);
      this.indexes.set(key, index);
    }
    return index;
  }
}

/** What pair evaluation asks of the classes on a list of targets (Side.classesOn). */
export interface ClassesOn {
  /** For each target (by index), the classes whose identity policies can touch it. */
  classesTouching: Map<number, ClassTouch[]>;
  /** Any class on a target (by index): for the accounts a target's policy grants whole. */
  classOn: (members: readonly MemberActor[], target: number) => ClassTouch;
}

/** A class of principals that can touch a target. */
export interface ClassTouch {
  members: readonly MemberActor[];
  /** Members the class's own policies tell apart there: decided one by one. */
  names: PrincipalNames;
  /** Classes with equal signatures on a target are decided alike there. */
  signature: string;
}

/** What one policy's statements can touch in one index. */
interface PolicyReach {
  id: string;
  /** Targets its Allow statements can touch. */
  touched: Set<number>;
  /** Per target, the (1-based) indexes of the statements that can touch it, with the request ARNs each meets. */
  statements: Map<number, string>;
  /**
   * The same, of the statements whose resources are not just `*`: those alone can tell apart
   * targets of one shape (same type, so the same services).
   */
  specific: Map<number, string>;
  /** Targets of statements that read values every member has its own of. */
  perMember: Set<number>;
  /** Per target, the principal ARNs (or patterns) of statements that name some. */
  named: Map<number, string[]>;
}

export class Side {
  readonly members: MemberActor[];
  readonly memberByArn: ReadonlyMap<string, MemberActor>;
  readonly targets: Target[];
  readonly factory: ActorFactory;
  /** Unknowns of the inventory and those its missing policies add. */
  readonly unknowns: UnknownValue[];
  readonly unknownSubjects: ReadonlySet<string>;
  /** Inventory principals grouped by class key, each class in inventory order. */
  readonly classes: MemberActor[][];
  readonly organization: Organization;
  /** Built on a previous side with the same organization: principals outside the inventory are decided alike. */
  readonly organizationUnchanged: boolean;
  /** Whether some policy in use reads principal tags, or resource tags. */
  readonly readsPrincipalTags: boolean;
  readonly readsResourceTags: boolean;
  private classesByTarget: Map<number, ClassTouch[]> | undefined;
  private touchIndex: TouchIndex | undefined;
  private readonly matching = new Map<string, readonly MemberActor[]>();
  private memberArns: (ArnParts | null)[] | undefined;

  constructor(
    readonly inventory: Inventory,
    readonly engine: Engine,
    previous?: Side,
  ) {
    const { compiler, outliner } = engine;
    this.organization = new Organization(inventory.organization, compiler);
    this.organizationUnchanged = previous !== undefined && sameJson(previous.inventory.organization, inventory.organization);
    // The actors of principals outside the inventory are shared then, with their decisions.
    this.factory = new ActorFactory(inventory, compiler, outliner, this.organization, this.organizationUnchanged ? previous?.factory : undefined);
    // Only values known after apply mark grants; policies missing from the inputs are listed.
    this.unknownSubjects = new Set(inventory.unknowns.flatMap((u) => (u.subject === undefined ? [] : [u.subject])));
    const guardrails = new Map<string, boolean>();
    const reuse = (principal: Principal, documents: readonly PolicyDocument[]): MemberActor | undefined => {
      const old = previous?.memberByArn.get(principal.arn);
      if (!old || old.unknown !== this.unknownSubjects.has(principal.arn)) return undefined;
      let same = guardrails.get(principal.accountId);
      if (same === undefined) {
        same = sameGuardrails(principal.accountId, previous as Side, this);
        guardrails.set(principal.accountId, same);
      }
      return same && sameJson(old.member, principal) && sameDocuments(old.documents(), documents) ? old : undefined;
    };
    let built = this.factory.members(reuse);
    const reads = { principalTags: false, resourceTags: false };
    const read = (outline: PolicyOutline): void => {
      reads.principalTags ||= outline.readsPrincipalTags;
      reads.resourceTags ||= outline.readsResourceTags;
    };
    for (const actor of built.actors) {
      actor.identityOutlines.forEach(read);
      actor.guardOutlines.forEach(read);
    }
    for (const resource of inventory.resources) if (resource.policy) read(outliner.outline(resource.policy));
    for (const principal of inventory.principals) if (principal.trustPolicy) read(outliner.outline(principal.trustPolicy));
    for (const account of this.organization.accounts()) for (const rcp of this.organization.rcpDocumentsOf(account)) read(outliner.outline(rcp));
    this.readsPrincipalTags = reads.principalTags;
    this.readsResourceTags = reads.resourceTags;
    // Class keys hold tags only when some policy reads them: a flip makes every key new.
    if (previous && previous.readsPrincipalTags !== this.readsPrincipalTags) built = this.factory.members();
    const fresh = built.actors.filter((actor) => previous?.memberByArn.get(actor.principal) !== actor);
    for (const actor of fresh) actor.unknown = this.unknownSubjects.has(actor.principal);
    ActorFactory.assignClasses(fresh, this.readsPrincipalTags);
    this.unknowns = [...inventory.unknowns, ...built.unknowns];
    this.members = built.actors;
    this.memberByArn = new Map(this.members.map((actor) => [actor.principal, actor]));
    const factory = new TargetFactory(inventory, engine.catalog, compiler, outliner, this.organization, engine.decider);
    const oldTargets = new Map((previous?.targets ?? []).map((target) => [target.arn, target]));
    const tagsRead = this.readsResourceTags || previous?.readsResourceTags === true;
    this.targets = inventory.resources.map((resource) => {
      const old = oldTargets.get(resource.arn);
      if (!old) return factory.target(resource);
      if (sameResource(old.resource, resource, previous as Side, this)) return old;
      // A target holds its resource's tags only for the policies that read them: where none
      // does, the previous side's target stands for a resource whose tags alone changed.
      if (!tagsRead && sameResource(old.resource, resource, previous as Side, this, true)) return old;
      return factory.target(resource);
    });
    const byClass = new Map<string, MemberActor[]>();
    for (const actor of this.members) {
      const list = byClass.get(actor.classKey) ?? [];
      list.push(actor);
      byClass.set(actor.classKey, list);
    }
    this.classes = [...byClass.values()];
  }

  /**
   * Compiles every policy the actors and targets use, so that an invalid one is reported
   * (PolicyValidationError, an InputError) even where no pair needs it.
   */
  validate(actors: readonly MemberActor[], targets: readonly Target[]): void {
    const { compiler } = this.engine;
    for (const actor of actors) {
      for (const document of actor.documents()) compiler.compile(document);
      if (actor.member.trustPolicy) compiler.compile(actor.member.trustPolicy);
    }
    for (const target of targets) if (target.policyDocument) compiler.compile(target.policyDocument);
  }

  /**
   * The pruning index of all the side's targets (a delta scoped to some targets needs none);
   * the engine gives a side with the other side's targets the index that side built.
   */
  get index(): TouchIndex {
    this.touchIndex ??= this.engine.indexOf(this.targets);
    return this.touchIndex;
  }

  /** Inventory principals an ARN pattern (of a policy's grantees) matches. */
  membersMatching(pattern: string): readonly MemberActor[] {
    let found = this.matching.get(pattern);
    if (!found) {
      const arns = (this.memberArns ??= this.members.map((member) => splitArn(member.principal)));
      const compiled = ArnPattern.of(pattern);
      found = this.members.filter((member, i) => compiled.matches(member.principal, arns[i] ?? null));
      this.matching.set(pattern, found);
    }
    return found;
  }

  /** Whether a policy trusting this account reaches its principals one by one. */
  isComplete(account: string): boolean {
    return this.engine.complete.has(account);
  }

  /**
   * What pair evaluation asks of the classes on a list of targets (by default the resources,
   * `index` the list's index): for each target (by index), the classes whose identity policies
   * can touch it, and any class on a target (`classOn`). With a scope: on the targets it names,
   * every class, found in an index of those targets alone; on the others, its actors, each as
   * a class of its own.
   */
  classesOn(targets: readonly (TouchTarget & { arn: string })[] = this.targets, index: () => TouchIndex = () => this.index, scope?: Scope): ClassesOn {
    if (!scope) {
      const full = index();
      const classesTouching = targets === this.targets ? (this.classesByTarget ??= classesTouchingIn(this.classes, full)) : classesTouchingIn(this.classes, full);
      return { classesTouching, classOn: (members, target) => classOn(members, full, target) };
    }
    const classesTouching = new Map<number, ClassTouch[]>();
    const whole = targets.flatMap((target, i) => (scope.targets.has(target.arn) ? [i] : []));
    const local = whole.length > 0 ? this.engine.indexOf(whole.map((i) => targets[i] as TouchTarget)) : undefined;
    if (local) for (const [i, touches] of classesTouchingIn(this.classes, local)) classesTouching.set(whole[i] as number, [...touches]);
    // classOn is asked only about the targets the scope names (those decided whole).
    const positions = new Map(whole.map((target, position) => [target, position]));
    const scoped: ClassesOn = { classesTouching, classOn: (members, target) => classOn(members, local as TouchIndex, positions.get(target) as number) };
    const actors = [...scope.actors].flatMap((arn) => {
      const actor = this.memberByArn.get(arn);
      return actor ? [[actor]] : [];
    });
    if (actors.length === 0) return scoped;
    for (const [target, touches] of classesTouchingIn(actors, index())) {
      const list = classesTouching.get(target) ?? [];
      list.push(...touches);
      classesTouching.set(target, list);
    }
    return scoped;
  }
}

/**
 * For each target of `index`, the classes one of whose identity Allow statements can touch
 * it, each with the statements of its identity policies that touch the target there: classes
 * with the same statements there (and the same type, account, boundary, tags) are decided
 * once. Members a class's policies tell apart are decided one by one: those whose ARN a
 * statement names, and on targets a statement reading `${aws:username}` or the like can
 * touch, all of them.
 */
export function classesTouchingIn(classes: readonly (readonly MemberActor[])[], index: TouchIndex): Map<number, ClassTouch[]> {
  const memo = memoOf(index);
  const byTarget = new Map<number, ClassTouch[]>();
  for (const members of classes) {
    let touched: Set<number> | undefined;
    for (const outline of (members[0] as MemberActor).identityOutlines) for (const target of reachOf(outline, index, memo).touched) (touched ??= new Set()).add(target);
    if (!touched) continue;
    const reaches = classReaches(members, index, memo);
    for (const target of touched) {
      const list = byTarget.get(target) ?? [];
      list.push(classAt(members, reaches, target, memo));
      byTarget.set(target, list);
    }
  }
  return byTarget;
}

/**
 * A class on one target of `index`, whether its identity policies can touch it or not (a
 * policy granting its whole account reaches it all the same): what tells its members apart
 * there, and its signature.
 */
export function classOn(members: readonly MemberActor[], index: TouchIndex, target: number): ClassTouch {
  const memo = memoOf(index);
  return classAt(members, classReaches(members, index, memo), target, memo);
}

interface ClassReaches {
  identity: PolicyReach[];
  guards: PolicyReach[];
}

/** What the class's identity policies and guardrails (boundary, SCPs) reach in the index. */
function classReaches(members: readonly MemberActor[], index: TouchIndex, memo: IndexMemo): ClassReaches {
  let reaches = memo.classes.get(members);
  if (!reaches) {
    const first = members[0] as MemberActor;
    reaches = { identity: first.identityOutlines.map((outline) => reachOf(outline, index, memo)), guards: first.guardOutlines.map((outline) => reachOf(outline, index, memo)) };
    memo.classes.set(members, reaches);
  }
  return reaches;
}

function classAt(members: readonly MemberActor[], { identity, guards }: ClassReaches, target: number, memo: IndexMemo): ClassTouch {
  return { members, names: namesAt(identity, guards, target, memo), signature: signatureAt(members[0] as MemberActor, identity, guards, target) };
}

function memoOf(index: TouchIndex): IndexMemo {
  let memo = memos.get(index);
  if (!memo) {
    memo = { reaches: new Map(), names: new Map(), classes: new WeakMap() };
    memos.set(index, memo);
  }
  return memo;
}

/** What was worked out on one index: an index reused by another side keeps its answers. */
interface IndexMemo {
  /** What each policy reaches. */
  reaches: Map<PolicyOutline, PolicyReach>;
  /** The principals some statements name, by their list: their patterns compiled once. */
  names: Map<string, PrincipalNames>;
  /** What each class's policies reach. */
  classes: WeakMap<readonly MemberActor[], ClassReaches>;
}

const memos = new WeakMap<TouchIndex, IndexMemo>();

/** The reach of every policy that touches nothing on an index (never added to). */
const NO_REACH: PolicyReach = { id: '', touched: new Set(), statements: new Map(), specific: new Map(), perMember: new Set(), named: new Map() };

function reachOf(outline: PolicyOutline, index: TouchIndex, memo: IndexMemo): PolicyReach {
  let reach = memo.reaches.get(outline);
  if (!reach) {
    reach = NO_REACH;
    for (const statement of outline.statements) {
      const touched = index.touchedBy(statement.services, statement.resources);
      if (touched.size === 0) continue;
      if (reach === NO_REACH) reach = { id: outline.id, touched: new Set(), statements: new Map(), specific: new Map(), perMember: new Set(), named: new Map() };
      const specific = statement.resources === null || statement.resources.some((resource) => resource !== '*');
      for (const [target, positions] of touched) {
        if (statement.effect === 'Allow') reach.touched.add(target);
        // Read as touching any resource, a NotResource statement may apply to one target of a shape and not to another.
        const where = `${statement.index}@${statement.notResource ? `${positions}!${index.keyOf(target)}` : positions},`;
        reach.statements.set(target, `${reach.statements.get(target) ?? ''}${where}`);
        if (specific) reach.specific.set(target, `${reach.specific.get(target) ?? ''}${where}`);
        if (statement.perMember) reach.perMember.add(target);
        if (statement.named.length > 0) reach.named.set(target, [...(reach.named.get(target) ?? []), ...statement.named]);
      }
    }
    memo.reaches.set(outline, reach);
  }
  return reach;
}

/**
 * What decides a class on a target: its fixed traits, the statements of its identity policies
 * that touch it, and those of its boundary and SCPs that touch it there and not everywhere.
 * Equal signatures on two targets of one shape decide alike.
 */
function signatureAt(first: MemberActor, identity: readonly PolicyReach[], guards: readonly PolicyReach[], target: number): string {
  let signature = first.traitsKey;
  for (const reach of identity) {
    const statements = reach.statements.get(target);
    if (statements !== undefined) signature += `\u0000${reach.id}#${statements}`;
  }
  for (const reach of guards) {
    const statements = reach.specific.get(target);
    if (statements !== undefined) signature += `\u0000${reach.id}#${statements}`;
  }
  return signature;
}

/** What the policies of a class tell apart on one target. */
function namesAt(identity: readonly PolicyReach[], guards: readonly PolicyReach[], target: number, memo: IndexMemo): PrincipalNames {
  let named: string[] | undefined;
  for (const list of [identity, guards]) {
    for (const reach of list) {
      if (reach.perMember.size === 0 && reach.named.size === 0) continue;
      if (reach.perMember.has(target)) return PrincipalNames.EVERYONE;
      const here = reach.named.get(target);
      if (here) (named ??= []).push(...here);
    }
  }
  if (!named) return PrincipalNames.NONE;
  const key = named.join('\n');
  let names = memo.names.get(key);
  if (!names) {
    names = new PrincipalNames(named, false);
    memo.names.set(key, names);
  }
  return names;
}

/**
 * The account's principals have the same guardrails on both sides (SCPs, organization), and so
 * have its roles as targets (RCPs). `after` is built on `before`: an organization equal on both
 * sides gives every account the same guardrails.
 */
export function sameGuardrails(account: string, before: Side, after: Side): boolean {
  if (after.organizationUnchanged) return true;
  const [a, b] = [before.organization, after.organization];
  return sameDocuments(a.scpDocumentsOf(account), b.scpDocumentsOf(account)) && a.isMember(account) === b.isMember(account) && sameResourceGuardrails(account, before, after);
}

/** The account's resources have the same guardrails on both sides (RCPs, organization); as sameGuardrails. */
function sameResourceGuardrails(account: string, before: Side, after: Side): boolean {
  if (after.organizationUnchanged) return true;
  const [a, b] = [before.organization, after.organization];
  return sameDocuments(a.rcpDocumentsOf(account), b.rcpDocumentsOf(account)) && a.isManagementAccount(account) === b.isManagementAccount(account) && a.orgIdOf(account) === b.orgIdOf(account);
}

/**
 * The same resource with the same guardrails, Block Public Access and unknowns on both sides
 * (the same resource is of the same account).
 */
function sameResource(old: Resource, now: Resource, before: Side, after: Side, ignoringTags = false): boolean {
  const accountBlock = (side: Side, resource: Resource) => (resource.accountId === side.inventory.accountId ? side.inventory.accountPublicAccessBlock : undefined);
  return (
    (ignoringTags ? sameJson({ ...old, tags: null }, { ...now, tags: null }) : sameJson(old, now)) &&
    sameJson(accountBlock(before, old), accountBlock(after, now)) &&
    before.unknownSubjects.has(old.arn) === after.unknownSubjects.has(now.arn) &&
    sameResourceGuardrails(now.accountId, before, after)
  );
}

function sameDocuments(a: readonly object[], b: readonly object[]): boolean {
  return a.length === b.length && a.every((doc, i) => rememberedSameJson(doc, b[i]));
}
