/**
 * Policy documents: validated and compiled once, then evaluated many times.
 *
 * Validation follows what IAM and the services accept (reference_policies_elements_*):
 * `Statement` may be one object or an array, element values may be a string or an array,
 * `Version` may be absent (2008-10-17 semantics: no policy variables). What is valid
 * depends on the policy kind: `Principal` / `NotPrincipal` only in resource, trust, endpoint
 * policies and RCPs; `NotPrincipal` never with `Allow`; no `Resource` in trust policies.
 */
import { quoted } from '../model/errors.js';
import type { SourceLocation, PolicyDocument, PolicyKind } from '../model/inventory.js';
import type { StatementRef } from '../model/access.js';
import { componentCount, type ArnParts } from './arn.js';
import { compileConditions, type Complain, type CompiledCondition } from './conditions.js';
import { PRINCIPAL_ACCOUNT_KEYS } from './context.js';
import { PolicyValidationError, type PolicyPlace } from './errors.js';
import { compilePrincipals, type CompiledPrincipals } from './principals.js';
import { ArnPattern, type ShortArns } from './resource-pattern.js';
import { not, type Residual, type Truth } from './truth.js';
import { mayStartWith, UNKNOWN_VALUE_OPERATOR } from './unknown-value.js';
import { chunksText, fixedChunks, parseTemplate, type Template } from './variables.js';
import { Glob } from './wildcard.js';

export interface CompileOptions {
  /**
   * Accept documents that IAM would reject today but that older accounts and other tools
   * still hold: `Principal` in an identity policy (ignored), `NotPrincipal` with `Allow`,
   * a resource-policy statement without `Principal` (never matches) or without `Resource`
   * (any resource), a bare ARN string as `Principal`, ARNs with fewer than six components.
   * Each such leniency is recorded in `warnings`. Structural errors still throw.
   */
  lenient?: boolean;
}

const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
/** Kinds that take a Principal element. */
const WITH_PRINCIPAL = new Set<PolicyKind>(['resource', 'trust', 'endpoint', 'rcp']);
const ACTIONS_REMEMBERED = 4_096;
const RESOURCES_REMEMBERED = 4_096;
const VALID_ACTION = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+$/;

/** See CompiledPolicy.namedPrincipals. */
export interface NamedPrincipals {
  /** Some Allow statement's principal element matches everyone (`*`, NotPrincipal, none). */
  anyone: boolean;
  accounts: string[];
  arns: string[];
  /** Lower-cased service principals. */
  services: string[];
  federated: string[];
  principalArnConditions: string[];
  accountConditions: string[];
  orgIdConditions: string[];
}

/**
 * A resource entry: a compiled pattern, or one with policy variables or unknown values
 * resolved per request.
 */
export type ResourceEntry = { pattern: ArnPattern; template: null } | { pattern: null; template: Template };

/** An Action / NotAction entry holding an unknown value, with the pattern it is when read as `*`. */
export interface UnknownAction {
  text: string;
  wild: Glob;
}

/** The condition "the request's `element` matches one of these unknown values". */
export function unknownValueCondition(element: string, values: readonly string[], source: StatementRef): Residual {
  return { kind: 'leaf', negated: false, leaf: { operator: UNKNOWN_VALUE_OPERATOR, key: element, values, source } };
}

export class CompiledStatement {
  /** `Sid`, or `#<1-based index>`; with the policy it belongs to. */
  readonly ref: StatementRef;
  /** 1-based position in the policy. */
  readonly index: number;
  readonly effect: 'Allow' | 'Deny';
  /** True for `NotAction`. */
  readonly notAction: boolean;
  /** Lower-cased service prefixes the statement can touch; null when it can touch any. */
  readonly services: readonly string[] | null;
  /** True for `NotResource`. */
  readonly notResource: boolean;
  /** Null when the statement has no resource element (a trust policy's role itself). */
  readonly resources: readonly ResourceEntry[] | null;
  readonly notPrincipal: boolean;
  /** Null when the statement has no principal element. */
  readonly principals: CompiledPrincipals | null;
  readonly conditions: readonly CompiledCondition[];
  /** True when a resource entry has policy variables: whether it applies depends on the request. */
  readonly resourceVaries: boolean;
  /** Action patterns, lower-cased; malformed ones (commas, spaces) are left out: they never match. */
  private readonly actionPatterns: readonly Glob[];
  /** Entries holding unknown values: they may name actions they do not literally name. */
  private readonly unknownActions: readonly UnknownAction[];
  private readonly resourceMemo = new Map<string, boolean>();
  private lastResource = '';
  private lastApplies = false;

  constructor(fields: {
    ref: StatementRef;
    index: number;
    effect: 'Allow' | 'Deny';
    notAction: boolean;
    actionPatterns: Glob[];
    unknownActions: UnknownAction[];
    services: string[] | null;
    notResource: boolean;
    resources: ResourceEntry[] | null;
    notPrincipal: boolean;
    principals: CompiledPrincipals | null;
    conditions: CompiledCondition[];
  }) {
    this.ref = fields.ref;
    this.index = fields.index;
    this.effect = fields.effect;
    this.notAction = fields.notAction;
    this.actionPatterns = fields.actionPatterns;
    this.unknownActions = fields.unknownActions;
    this.services = fields.services;
    this.notResource = fields.notResource;
    this.resources = fields.resources;
    this.notPrincipal = fields.notPrincipal;
    this.principals = fields.principals;
    this.conditions = fields.conditions;
    this.resourceVaries = fields.resources?.some((entry) => entry.template !== null) ?? false;
  }

  /**
   * Does the Resource / NotResource element apply to this concrete resource (split by the
   * caller)? Only for statements whose resources have no policy variables; remembered per
   * resource, since decisions ask about the same resources over and over.
   */
  appliesToResource(text: string, arn: ArnParts | null): boolean {
    if (text === this.lastResource) return this.lastApplies;
    let applies = this.resourceMemo.get(text);
    if (applies === undefined) {
      let listed = this.resources === null;
      for (const entry of this.resources ?? []) {
        if (entry.pattern?.matches(text, arn)) {
          listed = true;
          break;
        }
      }
      applies = this.resources === null || listed !== this.notResource;
      if (this.resourceMemo.size >= RESOURCES_REMEMBERED) this.resourceMemo.clear();
      this.resourceMemo.set(text, applies);
    }
    this.lastResource = text;
    this.lastApplies = applies;
    return applies;
  }

  /**
   * Can the Resource / NotResource element apply to some resource the pattern (or ARN)
   * stands for? For pruning; entries with policy variables count as possibly applying.
   */
  mayTouchResource(resource: string): boolean {
    if (!this.resources) return true;
    const asked = ArnPattern.of(resource);
    const hit = this.resources.some((entry) =>
      entry.pattern ? (this.notResource ? entry.pattern.covers(asked) : entry.pattern.touches(asked)) : !this.notResource,
    );
    return hit !== this.notResource;
  }

  /**
   * Can the Action / NotAction element apply to the (lower-cased) action? For elements holding
   * unknown values this is *may*; `actionTruth` says under which condition.
   */
  matchesAction(lowerAction: string): boolean {
    if (this.listsAction(lowerAction)) return !this.notAction;
    return this.notAction || this.unknownActions.some((entry) => entry.wild.matches(lowerAction));
  }

  /**
   * Whether the element applies to an action `matchesAction` accepts: true, or the condition
   * that the action is (Action) or is not (NotAction) one of the unknown values.
   */
  actionTruth(lowerAction: string): Truth {
    if (this.unknownActions.length === 0 || this.listsAction(lowerAction)) return true;
    const values = this.unknownActions.filter((entry) => entry.wild.matches(lowerAction)).map((entry) => entry.text);
    if (values.length === 0) return true;
    const listed = unknownValueCondition(this.notAction ? 'NotAction' : 'Action', values, this.ref);
    return this.notAction ? not(listed) : listed;
  }

  private listsAction(lowerAction: string): boolean {
    for (const pattern of this.actionPatterns) if (pattern.matches(lowerAction)) return true;
    return false;
  }
}

export class CompiledPolicy {
  readonly id: string;
  readonly name: string;
  readonly kind: PolicyKind;
  readonly source: SourceLocation | undefined;
  /** True for `Version: 2012-10-17` (policy variables are read). */
  readonly variables: boolean;
  readonly statements: readonly CompiledStatement[];
  /** Leniencies applied and malformed actions that never match, for people. */
  readonly warnings: readonly string[];
  private readonly byService = new Map<string, readonly CompiledStatement[]>();
  private readonly byAction = new Map<string, readonly CompiledStatement[]>();
  /** The last action asked about and its statements (the next question is often the same). */
  private lastAction = '';
  private lastStatements: readonly CompiledStatement[] = [];

  constructor(document: PolicyDocument, variables: boolean, statements: CompiledStatement[], warnings: string[]) {
    this.id = document.id;
    this.name = document.name;
    this.kind = document.kind;
    this.source = document.source;
    this.variables = variables;
    this.statements = statements;
    this.warnings = warnings;
  }

  /** The statements that can apply to an action of this (lower-cased) service, in order. */
  statementsFor(service: string): readonly CompiledStatement[] {
    let found = this.byService.get(service);
    if (!found) {
      found = this.statements.filter((s) => s.services === null || s.services.includes(service));
      this.byService.set(service, found);
    }
    return found;
  }

  /**
   * The statements whose Action / NotAction applies to this lower-cased `service:action`,
   * in order; remembered per action, since decisions ask about the same actions over and
   * over.
   */
  statementsForAction(lowerAction: string): readonly CompiledStatement[] {
    if (lowerAction === this.lastAction) return this.lastStatements;
    let found = this.byAction.get(lowerAction);
    if (!found) {
      const candidates = this.statementsFor(lowerAction.slice(0, lowerAction.indexOf(':')));
      found = candidates.filter((statement) => statement.matchesAction(lowerAction));
      if (this.byAction.size >= ACTIONS_REMEMBERED) this.byAction.clear();
      this.byAction.set(lowerAction, found);
    }
    this.lastAction = lowerAction;
    this.lastStatements = found;
    return found;
  }

  /**
   * Whom its Allow statements can grant to, for pruning: the principal elements, and the
   * values of `aws:PrincipalArn`, `aws:PrincipalAccount` (or `kms:CallerAccount`) and
   * `aws:PrincipalOrgID` conditions (the k9 style: `Principal: *` narrowed by conditions).
   */
  namedPrincipals(): NamedPrincipals {
    const named: NamedPrincipals = { anyone: false, accounts: [], arns: [], services: [], federated: [], principalArnConditions: [], accountConditions: [], orgIdConditions: [] };
    const conditionLists: Record<string, string[]> = {
      'aws:principalarn': named.principalArnConditions,
      ...Object.fromEntries(PRINCIPAL_ACCOUNT_KEYS.map((key) => [key, named.accountConditions])),
      'aws:principalorgid': named.orgIdConditions,
    };
    for (const statement of this.statements) {
      if (statement.effect !== 'Allow') continue;
      const element = statement.principals;
      if (element && !statement.notPrincipal) {
        named.anyone ||= element.wildcard;
        named.accounts.push(...element.accounts);
        named.arns.push(...element.arns.map((entry) => entry.value));
        named.services.push(...element.services);
        named.federated.push(...element.federated);
      } else {
        named.anyone = true;
      }
      for (const condition of statement.conditions) conditionLists[condition.lowerKey]?.push(...condition.leaf.values);
    }
    return named;
  }

  /** Lower-cased service prefixes its statements name; `*` when one can touch any service. */
  services(): Set<string> {
    const out = new Set<string>();
    for (const statement of this.statements) {
      for (const service of statement.services ?? ['*']) out.add(service);
    }
    return out;
  }
}

/** Validates and compiles one policy document; throws PolicyValidationError. */
export function compilePolicy(policy: PolicyDocument, options: CompileOptions = {}): CompiledPolicy {
  const lenient = options.lenient === true;
  const warnings: string[] = [];
  const base: PolicyPlace = {
    policy: policy.name && policy.name !== policy.id ? `${policy.name} (${policy.id})` : policy.id,
    ...(policy.source ? { file: policy.source.file } : {}),
    ...(policy.source?.address ? { at: policy.source.address } : policy.source?.line ? { at: `line ${policy.source.line}` } : {}),
  };
  const fail = (problem: string, element?: string): never => {
    throw new PolicyValidationError({ ...base, ...(element ? { element } : {}) }, problem);
  };
  const doc = policy.document;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return fail('the policy document must be a JSON object');
  for (const key of Object.keys(doc)) if (!DOCUMENT_KEYS.has(key)) fail(`unknown element ${quoted(key)}`, key);
  const { Version: version, Statement: statementElement } = doc as Record<string, unknown>;
  if (version !== undefined && (typeof version !== 'string' || !VERSIONS.has(version))) {
    fail(`must be "2012-10-17" or "2008-10-17", not ${typeof version === 'string' ? quoted(version) : JSON.stringify(version)}`, 'Version');
  }
  if (statementElement === undefined) return fail('a policy needs a Statement element', 'Statement');
  const rawStatements = Array.isArray(statementElement) ? statementElement : [statementElement];
  const variables = version === '2012-10-17';
  const statements = rawStatements.map((raw, i) =>
    compileStatement(raw, i + 1, { policy, base, variables, lenient, warnings }),
  );
  if (IAM_DOCUMENTS.has(policy.kind)) checkUniqueSids(statements, base, lenient, warnings);
  return new CompiledPolicy(policy, variables, statements, warnings);
}

/** Kinds of documents IAM itself stores, where a Sid must be unique within the policy. */
const IAM_DOCUMENTS = new Set<PolicyKind>(['inline', 'managed', 'boundary', 'trust']);

function checkUniqueSids(statements: readonly CompiledStatement[], base: PolicyPlace, lenient: boolean, warnings: string[]): void {
  const seen = new Set<string>();
  for (const statement of statements) {
    const label = statement.ref.statement;
    if (label.startsWith('#') || !seen.has(label)) {
      seen.add(label);
      continue;
    }
    if (!lenient) throw new PolicyValidationError({ ...base, statement: label, element: 'Sid' }, `Sid ${quoted(label)} is used by an earlier statement`);
    warnings.push(`statement ${label}: Sid: used by an earlier statement`);
  }
}

interface StatementScope {
  policy: PolicyDocument;
  base: PolicyPlace;
  variables: boolean;
  lenient: boolean;
  warnings: string[];
}

function compileStatement(raw: unknown, index: number, scope: StatementScope): CompiledStatement {
  const { policy, base, lenient, warnings } = scope;
  const fields = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  const sid = typeof fields?.Sid === 'string' && fields.Sid.length > 0 ? fields.Sid : undefined;
  const label = sid ?? `#${index}`;
  const complain: Complain = (element, problem) => {
    throw new PolicyValidationError({ ...base, statement: label, element }, problem);
  };
  /** A rule IAM enforces today: an error, or a warning when lenient. */
  const tightened = (element: string, problem: string): void => {
    if (!lenient) complain(element, problem);
    warnings.push(`statement ${label}: ${element}: ${problem}`);
  };
  if (!fields) return complain('Statement', 'each statement must be a JSON object');
  for (const key of Object.keys(fields)) if (!STATEMENT_KEYS.has(key)) complain(key, `unknown element ${quoted(key)}`);
  if (fields.Sid !== undefined && typeof fields.Sid !== 'string') complain('Sid', 'must be a string');
  const effect = fields.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    return complain('Effect', effect === undefined ? 'Effect is required' : `must be "Allow" or "Deny", not ${typeof effect === 'string' ? quoted(effect) : JSON.stringify(effect)}`);
  }
  const ref: StatementRef = {
    policy: policy.id,
    ...(policy.name ? { policyName: policy.name } : {}),
    statement: label,
    ...(policy.source ? { source: policy.source } : {}),
  };

  const [actionKey, actionValue] = exactlyOne(fields, 'Action', 'NotAction', complain);
  const actions = stringList(actionValue, actionKey, complain);
  const actionPatterns: Glob[] = [];
  const unknownActions: UnknownAction[] = [];
  const services = new Set<string>();
  let anyService = actionKey === 'NotAction';
  for (const action of actions) {
    // An action holding an unknown value is checked and indexed as the pattern it is read as `*`.
    const template = parseTemplate(action, false);
    const chunks = template ? fixedChunks(template, 'wild') : null;
    const pattern = chunks ? chunksText(chunks) : action;
    if (pattern !== '*' && !VALID_ACTION.test(pattern)) {
      warnings.push(`statement ${label}: ${actionKey}: ${quoted(action)} is not service:action and never matches`);
      continue;
    }
    if (chunks) unknownActions.push({ text: action, wild: Glob.fromChunks(chunks, true) });
    else actionPatterns.push(Glob.of(action, true));
    const service = pattern === '*' ? '*' : pattern.slice(0, pattern.indexOf(':')).toLowerCase();
    if (service.includes('*') || service.includes('?')) anyService = true;
    else services.add(service);
  }

  const resources = compileResources(fields, scope, complain, tightened);
  const principals = compileStatementPrincipals(fields, effect, scope, complain, tightened);
  const conditions =
    fields.Condition === undefined ? [] : compileConditions(fields.Condition, ref, scope.variables, complain);
  return new CompiledStatement({
    ref,
    index,
    effect,
    notAction: actionKey === 'NotAction',
    actionPatterns,
    unknownActions,
    services: anyService ? null : [...services],
    notResource: resources.key === 'NotResource',
    resources: resources.entries,
    notPrincipal: principals.key === 'NotPrincipal',
    principals: principals.element,
    conditions,
  });
}

function compileResources(
  fields: Record<string, unknown>,
  scope: StatementScope,
  complain: Complain,
  tightened: (element: string, problem: string) => void,
): { key: string; entries: ResourceEntry[] | null } {
  const present = fields.Resource !== undefined || fields.NotResource !== undefined;
  if (scope.policy.kind === 'trust') {
    if (present) tightened('Resource', 'a trust policy has no Resource element (it applies to its role)');
    else return { key: 'Resource', entries: null };
  }
  if (!present) {
    tightened('Resource', 'Resource or NotResource is required');
    return { key: 'Resource', entries: null };
  }
  const [key, value] = exactlyOne(fields, 'Resource', 'NotResource', complain);
  const entries = stringList(value, key, complain).map((text): ResourceEntry => {
    const template = parseTemplate(text, scope.variables);
    if (template) {
      if (template.unknowns.length > 0 && !mayStartWith(text, ['arn:', '*'])) {
        tightened(key, `${quoted(text)} cannot be "*" or an ARN, whatever its unknown values turn out to be`);
      }
      return { pattern: null, template };
    }
    if (text !== '*' && (!text.startsWith('arn:') || componentCount(text) < 6)) {
      tightened(key, `${quoted(text)} is not "*" or an ARN (arn:partition:service:region:account:resource)`);
    }
    return { pattern: ArnPattern.of(text, shortArnsOf(scope.policy.kind)), template: null };
  });
  return { key, entries };
}

function compileStatementPrincipals(
  fields: Record<string, unknown>,
  effect: 'Allow' | 'Deny',
  scope: StatementScope,
  complain: Complain,
  tightened: (element: string, problem: string) => void,
): { key: string; element: CompiledPrincipals | null } {
  const { kind } = scope.policy;
  const present = fields.Principal !== undefined || fields.NotPrincipal !== undefined;
  if (!WITH_PRINCIPAL.has(kind)) {
    if (present) tightened(fields.Principal !== undefined ? 'Principal' : 'NotPrincipal', `a ${kind} policy has no principal element (it is ignored)`);
    return { key: 'Principal', element: null };
  }
  if (!present) {
    if (kind === 'resource' || kind === 'trust') tightened('Principal', 'Principal or NotPrincipal is required in a resource-based policy');
    return { key: 'Principal', element: null };
  }
  const [key, value] = exactlyOne(fields, 'Principal', 'NotPrincipal', complain);
  if (key === 'NotPrincipal') {
    if (effect === 'Allow') tightened(key, 'NotPrincipal cannot be used with "Effect": "Allow"');
    if (kind === 'trust' || kind === 'rcp') tightened(key, `NotPrincipal cannot be used in a ${kind} policy`);
  }
  if (kind === 'rcp' && value !== '*') tightened(key, 'the Principal of an RCP must be "*"');
  return { key, element: compilePrincipals(value, key, scope.lenient, complain) };
}

/**
 * Identity-side policies read a short ARN's missing components as `*`; resource-side ones
 * and organization policies only when it holds a `*` (the reading iam-simulate documents).
 */
export function shortArnsOf(kind: PolicyKind): ShortArns {
  return kind === 'inline' || kind === 'managed' || kind === 'boundary' || kind === 'session' ? 'expand' : 'wildcard-only';
}

/** The one of two mutually exclusive elements that is present. */
function exactlyOne(fields: Record<string, unknown>, a: string, b: string, complain: Complain): [string, unknown] {
  const hasA = fields[a] !== undefined;
  const hasB = fields[b] !== undefined;
  if (hasA && hasB) return complain(b, `${a} and ${b} cannot both be present`);
  if (!hasA && !hasB) return complain(a, `${a} or ${b} is required`);
  return hasA ? [a, fields[a]] : [b, fields[b]];
}

function stringList(value: unknown, element: string, complain: Complain): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return complain(element, 'must not be empty');
  if (list.some((item) => typeof item !== 'string')) return complain(element, 'must be a string or an array of strings');
  return list as string[];
}
