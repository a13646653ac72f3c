/**
 * Evaluating the (actor, target) pairs that can matter, and only those: for each target, the
 * principal classes whose identity policies can touch it, the principals its policy names,
 * and the grantees it trusts beyond the inventory. Classes with the same signature on a
 * target are decided once through a member no policy names, and fanned out to their other
 * unnamed members; named members are decided one by one (DESIGN.md §5).
 */
import { parsePrincipal, identityKey, splitArn } from '../iam/arn.js';
import type { PolicyDocument } from '../model/inventory.js';
import type { Actor, MemberActor } from './actors.js';
import type { DecisionTarget, Held } from './decide.js';
import type { Grantee } from './grantees.js';
import type { ClassesOn, ClassTouch, Side } from './side.js';
import { namesPrincipal } from './outline.js';
import { carryOver } from './shapes.js';
import type { PrincipalNames } from './targets.js';

/** A target of pair evaluation: a resource, or a role to assume. */
export interface PairTarget extends DecisionTarget {
  /** The target's own policy as written (a resource or trust policy). */
  policyDocument?: PolicyDocument | undefined;
  /** Principals its own policy names. */
  names: PrincipalNames;
  /**
   * Principals its account's RCPs name (a data perimeter's exceptions): they can only take
   * access away, so these are decided apart from their class, never added to the candidates.
   */
  guardNames: PrincipalNames;
  grantees: readonly Grantee[];
  /** Accounts the target's policy admits beyond principals it names (see trustedAccounts). */
  trusted: ReadonlySet<string> | 'any';
  /** Accounts whose every principal its policy allows directly (`Principal: *` with `aws:PrincipalAccount` or `kms:CallerAccount`). */
  wholeAccounts: ReadonlySet<string>;
  /** Block Public Access: only principals of the target's account and services keep access. */
  ownAccountOnly: boolean;
}

export interface DirectResult<T extends PairTarget> {
  actor: Actor;
  target: T;
  held: Held[];
}

/**
 * Restricts evaluation (incremental delta): every pair of the targets listed, and every pair
 * of the actors listed (by principal).
 */
export interface Scope {
  actors: ReadonlySet<string>;
  targets: ReadonlySet<string>;
}

export interface PairSource<T extends PairTarget> extends ClassesOn {
  targets: readonly T[];
  /** The target to decide for an actor (an identity provider asks with its own action). */
  targetFor?: (actor: Actor, target: T) => T | undefined;
  /** Grantee kinds this source takes from target policies. */
  accepts: (grantee: Grantee) => boolean;
  /** Whether a class (by one of its members) can hold anything on the target at all. */
  admits?: (target: T, actor: Actor) => boolean;
  /** The target's shape, when decisions carry over between targets of one shape (shapes.ts). */
  shapeOf?: (target: T) => string;
}

export function evaluatePairs<T extends PairTarget>(side: Side, source: PairSource<T>, scope?: Scope): DirectResult<T>[] {
  const results: DirectResult<T>[] = [];
  const decider = side.engine.decider;
  const scopedMembers = scope ? [...scope.actors].flatMap((arn) => side.memberByArn.get(arn) ?? []) : [];
  const scopedOutsiders = scope ? [...scope.actors].filter((arn) => !side.memberByArn.has(arn)) : [];
  // An aggregate (an account, everyone, a service...) is found among the grantees of every target.
  const aggregatesInScope = scopedOutsiders.some((principal) => !namesPrincipal(principal));
  const listed = scope ? new ListedPrincipals(scope.actors) : undefined;
  /** Decisions taken on a target of a shape, by shape, then by class signature (and principal). */
  const byShape = new Map<string, Map<string, { held: Held[]; target: T }>>();
  source.targets.forEach((target, index) => {
    const whole = scope === undefined || scope.targets.has(target.arn);
    const touches = source.classesTouching.get(index);
    // Worked out only when asked: Block Public Access may need the policy compiled.
    let granted: ReadonlySet<string | undefined> | undefined;
    const everyPrincipalOf = (): ReadonlySet<string | undefined> => (granted ??= accountsGrantedWhole(side, target));
    /** Decided one by one: the target's policy names the member, or grants its whole account. */
    const singledOut = (member: MemberActor): boolean => target.names.names(member.principal) || everyPrincipalOf().has(member.account);
    const namesInScope = scopedMembers.some(singledOut) || scopedOutsiders.some((arn) => target.names.names(arn));
    if (!whole && touches === undefined && !namesInScope && !aggregatesInScope) return;
    const found: DirectResult<T>[] = [];
    const decided = new Set<Actor>();
    /** What the actor holds on the target (asked as `targetFor` says). */
    const decideNow = (actor: Actor): Held[] => {
      const asked = source.targetFor ? source.targetFor(actor, target) : target;
      return asked ? decider.decide(actor, asked) : [];
    };
    const decide = (actor: Actor, held?: Held[]): void => {
      if (decided.has(actor)) return;
      decided.add(actor);
      const result = held ?? decideNow(actor);
      if (result.length > 0) found.push({ actor, target, held: result });
    };
    let ofShape: Map<string, { held: Held[]; target: T }> | undefined;
    const decisionsOfShape = (shapeOf: (target: T) => string): Map<string, { held: Held[]; target: T }> => {
      if (!ofShape) {
        const shape = shapeOf(target);
        ofShape = byShape.get(shape) ?? new Map();
        byShape.set(shape, ofShape);
      }
      return ofShape;
    };
    /** A decision for the actor, carried over from a target of the same shape when one was taken. */
    const viaShape = (actor: Actor, key: string): Held[] => {
      const decisions = source.shapeOf && decider.decidedOnSamples(actor, target) ? decisionsOfShape(source.shapeOf) : undefined;
      const known = decisions?.get(key);
      if (known) return carryOver(known.held, known.target, target);
      const held = decideNow(actor);
      decisions?.set(key, { held, target });
      return held;
    };
    /**
     * Decided on its own: the target's policy or its RCPs name it, or it is asked about another
     * target than its class is (a role is never asked whether it may assume itself).
     */
    const alone = (member: MemberActor): boolean =>
      target.names.names(member.principal) || target.guardNames.names(member.principal) || (source.targetFor !== undefined && source.targetFor(member, target) !== target);
    const shared = new Map<string, Held[]>();
    /** Its members alike on the target: each once, those its own policies tell apart one by one. */
    const decideClass = ({ members, names, signature }: ClassTouch): void => {
      for (const member of members) {
        if (!whole && !scope?.actors.has(member.principal)) continue;
        if (alone(member)) decide(member);
        // Named by its own policies only: alike on every target of a shape, though not to its class.
        else if (names.names(member.principal)) decide(member, viaShape(member, `${signature}\u0001${member.principal}`));
        else {
          let held = shared.get(signature);
          if (!held) {
            held = viaShape(members.find((m) => !names.names(m.principal) && !alone(m)) as MemberActor, signature);
            shared.set(signature, held);
          }
          decide(member, held);
        }
      }
    };
    for (const touch of touches ?? []) {
      if (!source.admits || source.admits(target, touch.members[0] as Actor)) decideClass(touch);
    }
    /**
     * The classes of accounts the target's policy grants whole that none touching the target has
     * decided: their members need no policy of their own there, and are decided as those are.
     */
    const decideWholeAccounts = (): void => {
      for (const members of side.classes) {
        if (!everyPrincipalOf().has((members[0] as MemberActor).account) || members.every((member) => decided.has(member))) continue;
        decideClass(source.classOn(members, index));
      }
    };
    if (whole) {
      for (const grantee of target.grantees) {
        if (!source.accepts(grantee)) continue;
        for (const member of namedMembers(side, grantee)) decide(member);
        const external = externalActor(side, grantee, target);
        if (external) decide(external);
      }
      if (everyPrincipalOf().size > 0) decideWholeAccounts();
    } else {
      for (const member of scopedMembers) if (singledOut(member)) decide(member);
      // A principal added to or removed from the inventory is an outside grantee on this side.
      if (namesInScope || aggregatesInScope) {
        for (const grantee of target.grantees) {
          if (!source.accepts(grantee)) continue;
          const external = externalActor(side, grantee, target);
          if (external && listed?.has(external.principal)) decide(external);
        }
      }
    }
    for (const result of found) if (!target.ownAccountOnly || result.actor.type === 'Service' || result.actor.account === target.account) results.push(result);
  });
  return results;
}

/**
 * Principals listed by ARN, and the sessions of the roles listed: where a policy names a session
 * of a role that one side holds and the other does not, one side decides the role, the other
 * the session.
 */
export class ListedPrincipals {
  /** The roles listed, worked out only when a session is asked about. */
  private roles: ReadonlySet<string> | undefined;

  constructor(readonly arns: ReadonlySet<string>) {}

  has(principal: string): boolean {
    if (this.arns.has(principal)) return true;
    if (!principal.includes(':assumed-role/')) return false;
    this.roles ??= new Set([...this.arns].flatMap((arn) => (arn.includes(':role/') ? (identityKey(arn) ?? []) : [])));
    return this.roles.has(identityKey(principal) ?? '');
  }
}

/** Whether the target's policy admits principals of the account at all. */
export function trusts(target: PairTarget, account: string | undefined): boolean {
  return target.trusted === 'any' || (account !== undefined && target.trusted.has(account));
}

/**
 * The accounts held in full whose every principal the target's policy grants directly
 * (`Principal: *` restricted by `aws:PrincipalAccount` or `kms:CallerAccount`, or spared by a
 * NotPrincipal Deny, read from its outline; or the target's own account where Block Public
 * Access restricts its public policy): their members need no policy of their own there, so
 * pruning by identity statements would miss them.
 */
function accountsGrantedWhole(side: Side, target: PairTarget): ReadonlySet<string | undefined> {
  // Block Public Access keeps what a public policy lets everyone have to the target's own account
  // (and services): the public aggregate that stood for its principals is dropped, so they hold it one by one.
  const restricted = side.isComplete(target.account) && target.ownAccountOnly;
  if (target.wholeAccounts.size === 0 && !restricted) return target.wholeAccounts;
  const accounts = new Set([...target.wholeAccounts].filter((account) => side.isComplete(account)));
  if (restricted) accounts.add(target.account);
  return accounts;
}

/** Inventory principals a grantee names: by ARN, or every member an ARN pattern matches. */
function namedMembers(side: Side, grantee: Grantee): readonly MemberActor[] {
  if (grantee.kind === 'arn') {
    const member = side.memberByArn.get(grantee.arn) ?? roleOfSession(side, grantee.arn);
    return member ? [member] : [];
  }
  return grantee.kind === 'arn-pattern' ? side.membersMatching(grantee.pattern) : [];
}

/**
 * The inventory role a session ARN is of: the role is decided for it (the evaluator matches the
 * role's sessions to the entry, under a condition on the session name).
 */
function roleOfSession(side: Side, arn: string): MemberActor | undefined {
  const session = arn.includes(':assumed-role/') ? parsePrincipal(arn) : null;
  if (session?.kind !== 'session') return undefined;
  const key = identityKey(arn);
  return side.membersMatching(`arn:${session.partition}:iam::${session.account}:role/*`).find((member) => identityKey(member.principal) === key);
}

/**
 * Everyone; but where Block Public Access restricts the target's public policy, only its own
 * account keeps what everyone gets: its aggregate, or (held in full) its members one by one
 * (accountsGrantedWhole).
 */
function anyone(side: Side, target: PairTarget): Actor | undefined {
  if (!target.ownAccountOnly) return side.factory.external({ kind: 'public' }, target.account);
  return side.isComplete(target.account) ? undefined : side.factory.external({ kind: 'account', account: target.account }, target.account);
}

/**
 * The actor for what a grantee stands for beyond the inventory: a principal it does not hold,
 * an account it does not hold in full, an organization, everyone, a service, an identity
 * provider. An ARN pattern also stands for the principals of its account nobody listed.
 */
function externalActor(side: Side, grantee: Grantee, target: PairTarget): Actor | undefined {
  switch (grantee.kind) {
    case 'arn':
      return side.memberByArn.has(grantee.arn) || roleOfSession(side, grantee.arn) ? undefined : side.factory.external(grantee, target.account);
    case 'arn-pattern': {
      const account = splitArn(grantee.pattern)?.account ?? '*';
      if (/^\d{12}$/.test(account)) return side.isComplete(account) ? undefined : side.factory.external({ kind: 'account', account }, target.account);
      return anyone(side, target);
    }
    case 'account':
      return side.isComplete(grantee.account) ? undefined : side.factory.external(grantee, target.account);
    case 'public':
      return anyone(side, target);
    default:
      return side.factory.external(grantee, target.account);
  }
}
