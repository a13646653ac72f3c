/**
 * `access-delta simulate` as a function: the request document of DESIGN.md §4 in, one
 * decision out; and the same for a text holding one document or JSON Lines.
 */
import { z } from 'zod';
import type { GrantCondition, StatementRef } from '../model/access.js';
import { InputError } from '../model/errors.js';
import type { PolicyKind } from '../model/inventory.js';
import { evaluate } from './evaluate.js';
import { compilePolicy, type CompiledPolicy } from './policy.js';
import type { ConditionTree, DecisionKind, EvaluationOptions, Gate, PolicyInputs } from './types.js';

export interface SimulationResult {
  decision: DecisionKind;
  blockedBy: Gate[];
  /** Allowed: the statements that allow; ExplicitlyDenied: those that deny. */
  reasons: StatementRef[];
  /** Only when the document names `unknownKeys` / `unknownValueKeys` and access depends on them. */
  conditional?: true;
  conditions?: GrantCondition[];
  conditionTree?: ConditionTree;
}

const contextValue = z.union([z.string(), z.array(z.string())]);
const documentSchema = z
  .object({
    request: z
      .object({
        principal: z.string().min(1),
        action: z.string().min(1),
        resource: z.string().min(1),
        resourceAccount: z.string(),
        context: z.record(z.string(), contextValue).optional(),
        wildcardOnlyAction: z.boolean().optional(),
      })
      .strict(),
    identityPolicies: z.array(z.unknown()).optional(),
    resourcePolicy: z.unknown().optional(),
    resourcePolicyKind: z.enum(['resource', 'trust']).optional(),
    permissionBoundaries: z.array(z.unknown()).optional(),
    sessionPolicy: z.unknown().optional(),
    vpcEndpointPolicies: z.array(z.unknown()).optional(),
    scps: z.array(z.array(z.unknown())).optional(),
    rcps: z.array(z.array(z.unknown())).optional(),
    principalOutsideOrganization: z.boolean().optional(),
    principalInManagementAccount: z.boolean().optional(),
    resourceInManagementAccount: z.boolean().optional(),
    unknownKeys: z.array(z.string()).optional(),
    unknownValueKeys: z.array(z.string()).optional(),
  })
  .strict();

/**
 * Decides one request document. Throws InputError (a PolicyValidationError for a bad
 * policy) naming the place when the document is not valid.
 */
export function simulate(doc: unknown, file = 'request'): SimulationResult {
  const parsed = documentSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const place = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
    throw new InputError(file, place, issue?.message ?? 'not a simulation request');
  }
  const d = parsed.data;
  const compile = (document: unknown, id: string, kind: PolicyKind): CompiledPolicy =>
    compilePolicy({ id, name: policyName(document) ?? id, kind, document, source: { file } });
  const list = (documents: unknown[] | undefined, key: string, kind: PolicyKind): CompiledPolicy[] =>
    (documents ?? []).map((document, i) => compile(document, `${key}[${i}]`, kind));
  const inputs: PolicyInputs = {
    identityPolicies: list(d.identityPolicies, 'identityPolicies', 'inline'),
    ...(d.resourcePolicy === undefined ? {} : { resourcePolicy: compile(d.resourcePolicy, 'resourcePolicy', d.resourcePolicyKind ?? 'resource') }),
    permissionBoundaries: list(d.permissionBoundaries, 'permissionBoundaries', 'boundary'),
    ...(d.sessionPolicy === undefined ? {} : { sessionPolicy: compile(d.sessionPolicy, 'sessionPolicy', 'session') }),
    vpcEndpointPolicies: list(d.vpcEndpointPolicies, 'vpcEndpointPolicies', 'endpoint'),
    ...(d.scps ? { scps: d.scps.map((level, i) => list(level, `scps[${i}]`, 'scp')) } : {}),
    ...(d.rcps ? { rcps: d.rcps.map((level, i) => list(level, `rcps[${i}]`, 'rcp')) } : {}),
    principalOutsideOrganization: d.principalOutsideOrganization ?? false,
    principalInManagementAccount: d.principalInManagementAccount ?? false,
    resourceInManagementAccount: d.resourceInManagementAccount ?? false,
  };
  const options: EvaluationOptions = {};
  if (d.unknownKeys) options.unknownKeys = keySet(d.unknownKeys);
  if (d.unknownValueKeys) options.unknownValueKeys = keySet(d.unknownValueKeys);
  const decision = evaluate(d.request, inputs, options);
  const result: SimulationResult = { decision: decision.decision, blockedBy: decision.blockedBy, reasons: decision.reasons };
  if (decision.conditional) {
    result.conditional = true;
    result.conditions = decision.conditions;
    if (decision.conditionTree) result.conditionTree = decision.conditionTree;
  }
  return result;
}

/** `unknownKeys` entries are key names or `prefix/*` (e.g. `aws:PrincipalTag/*`). */
function keySet(keys: readonly string[]): (key: string) => boolean {
  const exact = new Set(keys.filter((key) => !key.endsWith('/*')).map((key) => key.toLowerCase()));
  const prefixes = keys.filter((key) => key.endsWith('/*')).map((key) => key.slice(0, -1).toLowerCase());
  return (key) => exact.has(key) || prefixes.some((prefix) => key.startsWith(prefix));
}

function policyName(document: unknown): string | undefined {
  const id = typeof document === 'object' && document !== null ? (document as { Id?: unknown }).Id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Decides every request of a text: one JSON document (possibly spread over lines) or JSON
 * Lines. Returns one JSON line per request; a request that cannot be read or decided gives
 * `{"error": "...", "line": N}` for its line instead of stopping the others.
 */
export function simulateLines(text: string, file = 'input'): string[] {
  const whole = tryParse(text);
  if (whole.ok && typeof whole.value === 'object' && whole.value !== null && !Array.isArray(whole.value)) {
    return [answer(whole.value, file, firstContentLine(text))];
  }
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim().length === 0) return;
    const parsed = tryParse(line);
    out.push(parsed.ok ? answer(parsed.value, file, i + 1) : errorLine(i + 1, `${file}: line ${i + 1}: not valid JSON: ${parsed.error}`));
  });
  return out;
}

function answer(doc: unknown, file: string, line: number): string {
  try {
    return JSON.stringify(simulate(doc, `${file}:${line}`));
  } catch (error) {
    if (error instanceof InputError) return errorLine(line, error.message);
    throw error;
  }
}

function errorLine(line: number, message: string): string {
  return JSON.stringify({ error: message, line });
}

function firstContentLine(text: string): number {
  const index = text.split(/\r?\n/).findIndex((line) => line.trim().length > 0);
  return index < 0 ? 1 : index + 1;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
