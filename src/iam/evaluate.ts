/**
 * The AWS evaluation logic (reference_policies_evaluation-logic and -cross-account,
 * access_policies_boundaries, access_policies#policies_session, the Organizations SCP and
 * RCP rules):
 *
 * 1. An explicit Deny that applies, in any policy that applies, denies.
 * 2. Guardrails must each allow: every SCP level (for principals of a member account in
 *    the organization; not for service principals or anonymous requests), every RCP level
 *    (not for resources of the management account, and only for the services that enforce
 *    RCPs), every VPC endpoint policy.
 * 3. The core grant:
 *    - same account: the resource policy grants it directly (user, role session, federated
 *      user, `*`), or it names the session's role / federated user's IAM user and the
 *      boundary and session policy allow, or the identity policies allow and the boundary
 *      and session policy allow (a federated user needs a session policy). For role trust
 *      and KMS key policies the identity policies count only when the resource policy
 *      grants to the account;
 *    - cross account: the identity side (identity policies, boundary, session policy) and the
 *      resource policy (any grant, the account's included) must both allow;
 *    - service principals and anonymous requests: only the resource policy can grant.
 *
 * Each part is a Truth: true, false, or a condition on keys the request leaves unknown,
 * so the same code answers Strict and Discovery questions.
 */
import type { StatementRef } from '../model/access.js';
import { InputError } from '../model/errors.js';
import { parsePrincipal, type RequestPrincipal } from './arn.js';
import { evaluateConditions, type RequestView } from './conditions.js';
import { requestView } from './context.js';
import { shortArnsOf, unknownValueCondition, type CompiledPolicy, type CompiledStatement } from './policy.js';
import type { PolicyKind } from '../model/inventory.js';
import { matchPrincipals, sessionNamesFor, unknownPrincipalMatch, type PrincipalMatch } from './principals.js';
import { ArnPattern, requestResource, type RequestResource } from './resource-pattern.js';
import { alwaysAllowed, managedByAws, rcpsApplyTo, resourcePolicyRequired } from './service-rules.js';
import { and, grantConditions, not, or, possible, toConditionTree, type Truth } from './truth.js';
import type { AuthorizationRequest, Decision, EvaluationOptions, Gate, PolicyInputs } from './types.js';
import { resolveOnce, type Template } from './variables.js';
import { Glob, type PatternChunk } from './wildcard.js';

interface Scope {
  lowerAction: string;
  resource: RequestResource;
  principal: RequestPrincipal;
  view: RequestView;
  hasBoundary: boolean;
  sessionNameUnknown: boolean;
}

/** A statement that applies (or may, under conditions). */
interface Hit {
  ref: StatementRef;
  truth: Truth;
  effect: 'Allow' | 'Deny';
  /** How an Allow of a resource policy grants (see principals.ts); `direct` elsewhere. */
  grant: 'direct' | 'limited' | 'account';
}

/** What one set of policies (identity, boundary, an SCP level, ...) says. */
interface Tally {
  allow: Truth;
  deny: Truth;
  /** Null until a statement applies (most sets have none). */
  hits: Hit[] | null;
}

/** The resource policy, with its grants split by how the principal matched. */
interface ResourceTally extends Tally {
  direct: Truth;
  limited: Truth;
  account: Truth;
}

interface Parts {
  resourceOnly: boolean;
  crossAccount: boolean;
  requiresResource: boolean;
  rootUser: boolean;
  federatedUser: boolean;
  managedByAws: boolean;
  identity: Tally | null;
  resource: ResourceTally | null;
  boundary: Tally | null;
  session: Tally | null;
  vpce: Tally[];
  scp: Tally[];
  rcp: Tally[];
}

const GATES: readonly Gate[] = ['scp', 'rcp', 'vpce', 'boundary', 'session', 'identity', 'resource'];
const IDENTITY = 1;
const RESOURCE = 2;
const BOUNDARY = 4;
const SESSION = 8;
const VPCE = 16;
const SCP = 32;
const RCP = 64;
const BIT: Record<Gate, number> = { identity: IDENTITY, resource: RESOURCE, boundary: BOUNDARY, session: SESSION, vpce: VPCE, scp: SCP, rcp: RCP };

/** Decides one request against the policies that apply to it. */
export function evaluate(request: AuthorizationRequest, inputs: PolicyInputs, options: EvaluationOptions = {}): Decision {
  const scope = scopeOf(request, inputs, options);
  if (alwaysAllowed(scope.lowerAction)) return decision('Allowed', [], [], true);
  let granting: Parts | null = null;
  let denying: Parts | null = null;
  let allowed: Truth = false;
  for (const region of regionsOf(scope, inputs)) {
    const parts = tallyAll(region === scope.resource ? scope : { ...scope, resource: region }, request, inputs);
    const truth = allowedTruth(parts, 0);
    if (truth !== false && (granting === null || truth === true)) granting = parts;
    denying ??= parts;
    if (truth === false && denyTruth(parts, 0) === true && denyTruth(denying, 0) !== true) denying = parts;
    allowed = or(allowed, truth);
    if (allowed === true) break;
  }
  if (granting) return decision('Allowed', [], grantReasons(granting), allowed);
  const parts = denying as Parts;
  const explicit = denyTruth(parts, 0) === true;
  return decision(explicit ? 'ExplicitlyDenied' : 'ImplicitlyDenied', blockedBy(parts), explicit ? denyReasons(parts) : [], false);
}

/**
 * The regions to decide: the request's resource, and for a request pattern also every
 * narrower pattern an Allow statement names inside it. Access to "some resource of P" holds
 * when it holds on one region; a region's own Allows are not counted on the wider pattern,
 * so a Deny that covers the whole region an Allow grants is seen (AWS decides each real
 * resource; the regions stand for them).
 */
function regionsOf(scope: Scope, inputs: PolicyInputs): RequestResource[] {
  const asked = scope.resource;
  if (!asked.pattern) return [asked];
  const narrower = new Set<ArnPattern>();
  const policies = [
    ...inputs.identityPolicies,
    ...(inputs.resourcePolicy ? [inputs.resourcePolicy] : []),
    ...(inputs.permissionBoundaries ?? []),
    ...(inputs.sessionPolicy ? [inputs.sessionPolicy] : []),
    ...(inputs.vpcEndpointPolicies ?? []),
    ...(inputs.scps ?? []).flat(),
    ...(inputs.rcps ?? []).flat(),
  ];
  for (const policy of policies) {
    for (const statement of policy.statementsForAction(scope.lowerAction)) {
      if (statement.effect !== 'Allow' || statement.notResource) continue;
      for (const entry of statement.resources ?? []) {
        const pattern = entry.pattern ?? resolvedPattern(entry.template, scope.view, policy.kind);
        if (pattern && !pattern.matchesNothing && asked.pattern.covers(pattern) && !pattern.covers(asked.pattern)) narrower.add(pattern);
      }
    }
  }
  return [asked, ...[...narrower].map((pattern) => ({ ...asked, pattern }))];
}

function decision(kind: Decision['decision'], blocked: Gate[], reasons: StatementRef[], truth: Truth): Decision {
  if (typeof truth === 'boolean') return { decision: kind, blockedBy: blocked, reasons, conditional: false, conditions: [] };
  return {
    decision: kind,
    blockedBy: blocked,
    reasons,
    conditional: true,
    conditions: grantConditions(truth),
    conditionTree: toConditionTree(truth),
  };
}

/**
 * What a request's strings read as, parsed once per distinct string. The lower-cased action is
 * also the same string object every time, so its hash is computed once when it keys the
 * per-policy action caches.
 */
const principals = new Map<string, RequestPrincipal | null>();
const actions = new Map<string, string>();
const resources = new Map<string, RequestResource>();
const literalResources = new Map<string, RequestResource>();
const CACHE_LIMIT = 50_000;

function remembered<T>(cache: Map<string, T>, text: string, read: (text: string) => T): T {
  let value = cache.get(text);
  if (value === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    value = read(text);
    cache.set(text, value);
  }
  return value;
}

const lowerCase = (text: string): string => text.toLowerCase();
const asPattern = (text: string): RequestResource => requestResource(text, false);
const asLiteral = (text: string): RequestResource => requestResource(text, true);

function scopeOf(request: AuthorizationRequest, inputs: PolicyInputs, options: EvaluationOptions): Scope {
  const principal = remembered(principals, request.principal, parsePrincipal);
  if (!principal) {
    throw new InputError('request', 'principal', `"${request.principal}" is not a principal ARN, a service principal or "anonymous"`);
  }
  const lowerAction = remembered(actions, request.action, lowerCase);
  const colon = lowerAction.indexOf(':');
  if (colon <= 0 || colon === lowerAction.length - 1) {
    throw new InputError('request', 'action', `"${request.action}" is not service:action`);
  }
  const literal = request.wildcardOnlyAction === true;
  const resource = remembered(literal ? literalResources : resources, request.resource, literal ? asLiteral : asPattern);
  const view = requestView(request.context, principal, request.resourceAccount, lowerAction, options);
  return {
    lowerAction,
    resource,
    principal,
    view,
    hasBoundary: (inputs.permissionBoundaries?.length ?? 0) > 0,
    sessionNameUnknown: principal.kind === 'role' && view.knowledge('sts:rolesessionname') === 'unknown',
  };
}

function tallyAll(scope: Scope, request: AuthorizationRequest, inputs: PolicyInputs): Parts {
  const kind = scope.principal.kind;
  const resourceOnly = kind === 'service' || kind === 'anonymous' || kind === 'web-identity' || kind === 'identity-provider';
  const scpsApply = !resourceOnly && !inputs.principalOutsideOrganization && !inputs.principalInManagementAccount;
  const rcpsApply = !inputs.resourceInManagementAccount && rcpsApplyTo(scope.lowerAction);
  return {
    resourceOnly,
    crossAccount: !resourceOnly && scope.principal.account !== request.resourceAccount,
    requiresResource: resourcePolicyRequired(scope.lowerAction, scope.resource, inputs.resourcePolicy?.kind),
    rootUser: kind === 'root',
    federatedUser: kind === 'federated-user',
    managedByAws: managedByAws(scope.lowerAction, scope.resource),
    identity: resourceOnly ? null : tally(inputs.identityPolicies, scope, false),
    resource: inputs.resourcePolicy ? tallyResource(inputs.resourcePolicy, scope) : null,
    boundary: scope.hasBoundary && !resourceOnly ? tally(inputs.permissionBoundaries ?? [], scope, false) : null,
    session: inputs.sessionPolicy && !resourceOnly ? tally([inputs.sessionPolicy], scope, false) : null,
    vpce: tallyEach(inputs.vpcEndpointPolicies ?? NONE, scope),
    scp: scpsApply ? tallyLevels(inputs.scps ?? NONE, scope, false) : [],
    rcp: rcpsApply ? tallyLevels(inputs.rcps ?? NONE, scope, true) : [],
  };
}

const NONE: readonly never[] = [];

/** Endpoint policies: each one on its own. */
function tallyEach(policies: readonly CompiledPolicy[], scope: Scope): Tally[] {
  const out: Tally[] = [];
  for (const policy of policies) out.push(tally([policy], scope, true));
  return out;
}

/** SCP / RCP levels: each level on its own. */
function tallyLevels(levels: readonly (readonly CompiledPolicy[])[], scope: Scope, withPrincipal: boolean): Tally[] {
  const out: Tally[] = [];
  for (const level of levels) out.push(tally(level, scope, withPrincipal));
  return out;
}

/** A set of policies where any Allow allows; `withPrincipal` for endpoint policies and RCPs. */
function tally(policies: readonly CompiledPolicy[], scope: Scope, withPrincipal: boolean): Tally {
  const result: Tally = { allow: false, deny: false, hits: null };
  for (const policy of policies) {
    for (const statement of policy.statementsForAction(scope.lowerAction)) {
      const match = withPrincipal ? principalMatch(statement, scope, MATCHED.direct) : MATCHED.direct;
      if (match.truth === false) continue;
      const truth = applies(statement, scope, match.truth, policy.kind);
      if (truth === false) continue;
      record(result, statement, truth, 'direct');
    }
  }
  return result;
}

function tallyResource(policy: CompiledPolicy, scope: Scope): ResourceTally {
  const result: ResourceTally = { allow: false, deny: false, hits: null, direct: false, limited: false, account: false };
  for (const statement of policy.statementsForAction(scope.lowerAction)) {
    const match = principalMatch(statement, scope, MATCHED.none);
    if (match.truth === false) continue;
    const truth = applies(statement, scope, match.truth, policy.kind);
    if (truth === false) continue;
    const grant = match.match === 'account' ? 'account' : match.match === 'role' || match.match === 'user' ? 'limited' : 'direct';
    record(result, statement, truth, grant);
    if (statement.effect === 'Allow') {
      if (grant === 'account') result.account = or(result.account, truth);
      else if (grant === 'direct') result.direct = or(result.direct, truth);
      else result.limited = or(result.limited, truth);
    }
  }
  return result;
}

function record(result: Tally, statement: CompiledStatement, truth: Truth, grant: Hit['grant']): void {
  (result.hits ??= []).push({ ref: statement.ref, truth, effect: statement.effect, grant });
  if (statement.effect === 'Allow') result.allow = or(result.allow, truth);
  else result.deny = or(result.deny, truth);
}

/** How a statement's principal element names the request principal, and whether it does. */
interface PrincipalTruth {
  match: PrincipalMatch;
  truth: Truth;
}

const MATCHED: Record<PrincipalMatch, PrincipalTruth> = {
  none: { match: 'none', truth: false },
  account: { match: 'account', truth: true },
  role: { match: 'role', truth: true },
  user: { match: 'user', truth: true },
  direct: { match: 'direct', truth: true },
};

/**
 * How the principal matches the statement's Principal / NotPrincipal: as written; under the
 * condition that an entry holding an unknown value names it; or, when the request is made by a
 * role whose session name is unknown, under a condition on the session name. `absent` is the
 * answer for a statement without a principal element.
 */
function principalMatch(statement: CompiledStatement, scope: Scope, absent: PrincipalTruth): PrincipalTruth {
  const element = statement.principals;
  if (!element) return absent;
  const match = matchPrincipals(element, scope.principal);
  const unknown = match === 'none' && element.unknowns.length > 0 ? unknownPrincipalMatch(element, scope.principal) : null;
  const elementName = statement.notPrincipal ? 'NotPrincipal' : 'Principal';
  const named: Truth = match !== 'none' ? true : unknown ? unknownValueCondition(`${elementName}.${unknown.type}`, unknown.values, statement.ref) : false;
  if (statement.notPrincipal) {
    // A NotPrincipal Deny always applies to a principal with a permissions boundary
    // (access_policies_boundaries).
    const exempt = statement.effect === 'Deny' && scope.hasBoundary ? false : named;
    if (exempt === false) return MATCHED.direct;
    return exempt === true ? MATCHED.none : { match: 'direct', truth: not(exempt) };
  }
  if (match !== 'none') return MATCHED[match];
  if (unknown) return { match: unknown.match, truth: named };
  if (!scope.sessionNameUnknown) return MATCHED.none;
  const names = sessionNamesFor(element, scope.principal);
  if (names.length === 0) return MATCHED.none;
  return { match: 'direct', truth: { kind: 'leaf', negated: false, leaf: { operator: 'StringEquals', key: 'sts:RoleSessionName', values: names, source: statement.ref } } };
}

/** Action, resource and conditions of a statement whose action may apply, given how its principal applies. */
function applies(statement: CompiledStatement, scope: Scope, principal: Truth, kind: PolicyKind): Truth {
  const resource = resourceApplies(statement, scope, kind);
  if (resource === false) return false;
  return and(and(principal, statement.actionTruth(scope.lowerAction)), and(resource, evaluateConditions(statement.conditions, scope.view)));
}

/**
 * Resource / NotResource against the request. For a request pattern an Allow applies when
 * it can touch some resource of the pattern, a Deny only when it covers all of them. An entry
 * holding unknown values lists the request when it does as written, and may list it (a
 * condition naming the entry) when it does with its unknown values read as `*`.
 */
function resourceApplies(statement: CompiledStatement, scope: Scope, kind: PolicyKind): Truth {
  const entries = statement.resources;
  if (!entries) return true;
  const request = scope.resource;
  if (!request.pattern && !statement.resourceVaries) return statement.appliesToResource(request.text, request.arn);
  let listed: Truth = false;
  for (const entry of entries) {
    if (entry.template?.unknowns.length) listed = or(listed, unknownEntryListing(statement, entry.template, scope, kind));
    else {
      const pattern = entry.pattern ?? resolvedPattern(entry.template, scope.view, kind);
      if (pattern && patternLists(statement, pattern, request)) listed = true;
    }
    if (listed === true) break;
  }
  return statement.notResource ? not(listed) : listed;
}

function patternLists(statement: CompiledStatement, pattern: ArnPattern, request: RequestResource): boolean {
  if (!request.pattern) return pattern.matches(request.text, request.arn);
  const allow = statement.effect === 'Allow';
  if (statement.notResource) return allow ? pattern.covers(request.pattern) : pattern.touches(request.pattern);
  if (!allow) return pattern.covers(request.pattern);
  // An Allow strictly inside the pattern is decided as its own region (see regionsOf).
  return pattern.covers(request.pattern) || (pattern.touches(request.pattern) && !request.pattern.covers(pattern));
}

function unknownEntryListing(statement: CompiledStatement, template: Template, scope: Scope, kind: PolicyKind): Truth {
  if (!variablesKnown(template, scope.view)) return false;
  const request = scope.resource;
  const literal = resolveOnce(template, scope.view, resolvedArns, arnPatternOf, kind, 'literal');
  if (literal && patternLists(statement, literal, request)) return true;
  const wild = resolveOnce(template, scope.view, wildEntries, wildEntryOf, kind, 'wild');
  return wild !== null && wildMayList(wild, request) ? unknownValueCondition(statement.notResource ? 'NotResource' : 'Resource', [template.source], statement.ref) : false;
}

/**
 * An entry with its unknown values read as `*`: an ARN pattern, or, when an unknown value
 * starts it (`${Ref BucketArn}/*`: the unknown value may be most of an ARN), a pattern of the
 * whole text, whose `*` crosses the colons of the ARN.
 */
function wildEntryOf(chunks: PatternChunk[], kind: PolicyKind): ArnPattern | Glob {
  return chunks[0]?.unknown ? Glob.fromChunks(chunks) : arnPatternOf(chunks, kind);
}

const wildEntries = new WeakMap<Template, Map<string, ArnPattern | Glob>>();

function wildMayList(wild: ArnPattern | Glob, request: RequestResource): boolean {
  if (wild instanceof ArnPattern) return request.pattern ? wild.touches(request.pattern) : wild.matches(request.text, request.arn);
  return request.pattern ? wild.intersects(Glob.of(request.text)) : wild.matches(request.text);
}

/** A resource with policy variables, resolved for this request (null: matches nothing). */
function resolvedPattern(template: Template | null, view: RequestView, kind: PolicyKind): ArnPattern | null {
  if (!template || template.unknowns.length > 0 || !variablesKnown(template, view)) return null;
  return resolveOnce(template, view, resolvedArns, arnPatternOf, kind);
}

function variablesKnown(template: Template, view: RequestView): boolean {
  for (const key of template.keys) if (view.knowledge(key) !== 'known') return false;
  return true;
}

function arnPatternOf(chunks: PatternChunk[], kind: PolicyKind): ArnPattern {
  return ArnPattern.fromChunks(chunks, shortArnsOf(kind));
}

const resolvedArns = new WeakMap<Template, Map<string, ArnPattern>>();

/** Is the policy type of `bit` still in play (not removed)? */
function has(removed: number, bit: number): boolean {
  return (removed & bit) === 0;
}

/** Any explicit Deny of the policies still in play. */
function denyTruth(parts: Parts, removed: number): Truth {
  let deny: Truth = false;
  if (parts.identity && has(removed, IDENTITY)) deny = or(deny, parts.identity.deny);
  if (parts.resource && has(removed, RESOURCE)) deny = or(deny, parts.resource.deny);
  if (parts.boundary && has(removed, BOUNDARY)) deny = or(deny, parts.boundary.deny);
  if (parts.session && has(removed, SESSION)) deny = or(deny, parts.session.deny);
  if (has(removed, SCP)) for (const t of parts.scp) deny = or(deny, t.deny);
  if (has(removed, RCP)) for (const t of parts.rcp) deny = or(deny, t.deny);
  if (has(removed, VPCE)) for (const t of parts.vpce) deny = or(deny, t.deny);
  return deny;
}

/** Every guardrail allows: each SCP level, each RCP level, each endpoint policy. */
function guardrailTruth(parts: Parts, removed: number): Truth {
  let ok: Truth = true;
  if (has(removed, SCP)) for (const t of parts.scp) ok = and(ok, t.allow);
  if (has(removed, RCP)) for (const t of parts.rcp) ok = and(ok, t.allow);
  if (has(removed, VPCE)) for (const t of parts.vpce) ok = and(ok, t.allow);
  return ok;
}

interface Paths {
  identity: Truth;
  limited: Truth;
  direct: Truth;
  account: Truth;
  core: Truth;
}

function paths(parts: Parts, removed: number): Paths {
  const identity = has(removed, IDENTITY) ? parts.identity : null;
  const resource = has(removed, RESOURCE) ? parts.resource : null;
  const boundary = has(removed, BOUNDARY) ? parts.boundary : null;
  const session = has(removed, SESSION) ? parts.session : null;
  const limits = and(boundary ? boundary.allow : true, session ? session.allow : !parts.federatedUser);
  const identityPath = and(parts.rootUser ? true : (identity?.allow ?? false), limits);
  const direct = resource?.direct ?? false;
  const limited = and(resource?.limited ?? false, limits);
  const account = resource?.account ?? false;
  let core: Truth;
  if (parts.resourceOnly) core = direct;
  else if (parts.crossAccount) core = and(or(direct, or(resource?.limited ?? false, account)), identityPath);
  else if (parts.requiresResource) core = or(direct, or(limited, and(account, identityPath)));
  else core = or(direct, or(limited, identityPath));
  return { identity: identityPath, limited, direct, account, core: parts.managedByAws ? false : core };
}

function allowedTruth(parts: Parts, removed: number): Truth {
  const deny = denyTruth(parts, removed);
  if (deny === true) return false;
  const guardrails = guardrailTruth(parts, removed);
  if (guardrails === false) return false;
  return and(paths(parts, removed).core, and(guardrails, not(deny)));
}

/**
 * The policy types that block a request the rest would allow: those that deny it
 * (explicitly, or for boundaries, session policies and guardrails by not allowing), when
 * removing all of them would let it through. Empty when nothing would allow it anyway.
 */
function denies(t: Tally | null): boolean {
  return t !== null && t.deny === true;
}

function refuses(t: Tally | null): boolean {
  return t !== null && (t.deny === true || t.allow === false);
}

function anyRefuses(tallies: readonly Tally[]): boolean {
  for (const t of tallies) if (refuses(t)) return true;
  return false;
}

function blockedBy(parts: Parts): Gate[] {
  const removed =
    (denies(parts.identity) ? IDENTITY : 0) |
    (denies(parts.resource) ? RESOURCE : 0) |
    (refuses(parts.boundary) ? BOUNDARY : 0) |
    (refuses(parts.session) ? SESSION : 0) |
    (anyRefuses(parts.vpce) ? VPCE : 0) |
    (anyRefuses(parts.scp) ? SCP : 0) |
    (anyRefuses(parts.rcp) ? RCP : 0);
  if (removed === 0 || !possible(allowedTruth(parts, removed))) return [];
  return GATES.filter((gate) => (removed & BIT[gate]) !== 0);
}

/** The Deny statements that certainly apply, in every policy. */
function denyReasons(parts: Parts): StatementRef[] {
  const reasons: StatementRef[] = [];
  for (const t of [parts.identity, parts.resource, parts.boundary, parts.session, ...parts.vpce, ...parts.scp, ...parts.rcp]) {
    for (const hit of t?.hits ?? NONE) if (hit.effect === 'Deny' && hit.truth === true) reasons.push(hit.ref);
  }
  return reasons;
}

/** The Allow statements of identity and resource policies on the paths that grant. */
function grantReasons(parts: Parts): StatementRef[] {
  const p = paths(parts, 0);
  const identityGrants = parts.crossAccount || !parts.requiresResource ? possible(p.identity) : possible(and(p.account, p.identity));
  const used: Record<Hit['grant'], boolean> = {
    direct: possible(p.direct),
    limited: possible(p.limited) || (parts.crossAccount && possible(p.identity)),
    account: possible(p.account) && possible(p.identity),
  };
  const reasons: StatementRef[] = [];
  if (identityGrants) for (const hit of parts.identity?.hits ?? NONE) if (hit.effect === 'Allow') reasons.push(hit.ref);
  for (const hit of parts.resource?.hits ?? NONE) if (hit.effect === 'Allow' && used[hit.grant]) reasons.push(hit.ref);
  return reasons;
}
