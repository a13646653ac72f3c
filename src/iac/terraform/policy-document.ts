/**
 * The document of a `data.aws_iam_policy_document` whose read Terraform deferred to apply
 * (its `json` is unknown because an input, typically the ARN of a new role, is). The plan still
 * holds the data source's `statement` blocks with every input it knows; an unknown principal or
 * `ArnEquals`-style condition value is filled in from the resource attribute the configuration
 * refers to, when that reference is unambiguous. Anything else left unknown leaves the document
 * unknown (undefined).
 */
import { isObject } from '../json.js';
import { parseReference, referencesOf } from './configuration.js';
import type { TfInstance } from './instances.js';
import type { PlanSide } from './side.js';

export interface RenderedPolicy {
  document: Record<string, unknown>;
  /** Sids of the statements, for source lines. */
  sids: string[];
}

/** Condition operators whose values are whole ARNs, never templates around them. */
const WHOLE_ARN_TESTS = new Set(['ArnEquals', 'ArnNotEquals', 'ArnEqualsIfExists', 'ArnNotEqualsIfExists']);

export function renderPolicyDocument(side: PlanSide, data: TfInstance): RenderedPolicy | undefined {
  const values = data.values;
  const unknown = isObject(data.unknown) ? data.unknown : {};
  for (const merged of ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json']) {
    const value = values[merged];
    if (unknown[merged] === true || (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0))) {
      return undefined;
    }
  }
  const statements = values['statement'];
  if (unknown['statement'] === true || !Array.isArray(statements)) return undefined;
  const unknownStatements = Array.isArray(unknown['statement']) ? unknown['statement'] : [];
  const configStatements = side.config(data)?.expressions['statement'];
  const configList = Array.isArray(configStatements) ? configStatements : [];

  const out: Record<string, unknown>[] = [];
  const sids: string[] = [];
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    if (!isObject(statement)) return undefined;
    const marks = isObject(unknownStatements[i]) ? unknownStatements[i] : {};
    const config = isObject(configList[i]) ? configList[i] : {};
    const rendered = renderStatement(side, data, statement, marks as Record<string, unknown>, config as Record<string, unknown>);
    if (!rendered) return undefined;
    out.push(rendered);
    if (typeof rendered['Sid'] === 'string') sids.push(rendered['Sid']);
  }
  const version = typeof values['version'] === 'string' && values['version'] !== '' ? values['version'] : '2012-10-17';
  const id = typeof values['policy_id'] === 'string' && values['policy_id'] !== '' ? { Id: values['policy_id'] } : {};
  return { document: { Version: version, ...id, Statement: out }, sids };
}

function renderStatement(
  side: PlanSide,
  data: TfInstance,
  statement: Record<string, unknown>,
  marks: Record<string, unknown>,
  config: Record<string, unknown>,
): Record<string, unknown> | undefined {
  for (const scalar of ['sid', 'effect', 'actions', 'not_actions', 'resources', 'not_resources']) {
    if (hasUnknown(marks[scalar])) return undefined;
  }
  const out: Record<string, unknown> = {};
  if (typeof statement['sid'] === 'string' && statement['sid'] !== '') out['Sid'] = statement['sid'];
  out['Effect'] = typeof statement['effect'] === 'string' && statement['effect'] !== '' ? statement['effect'] : 'Allow';
  copyList(statement, 'actions', out, 'Action');
  copyList(statement, 'not_actions', out, 'NotAction');
  copyList(statement, 'resources', out, 'Resource');
  copyList(statement, 'not_resources', out, 'NotResource');
  for (const [attribute, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const principals = renderPrincipals(side, data, statement[attribute], marks[attribute], config[attribute]);
    if (principals === null) return undefined;
    if (principals !== undefined) out[key] = principals;
  }
  const conditions = renderConditions(side, data, statement['condition'], marks['condition'], config['condition']);
  if (conditions === null) return undefined;
  if (conditions !== undefined) out['Condition'] = conditions;
  return out;
}

/** `null` when something stays unknown; undefined when there are none. */
function renderPrincipals(
  side: PlanSide,
  data: TfInstance,
  blocks: unknown,
  marks: unknown,
  config: unknown,
): Record<string, unknown> | string | null | undefined {
  if (marks === true) return null;
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!isObject(block) || typeof block['type'] !== 'string') return null;
    const blockMarks = Array.isArray(marks) && isObject(marks[i]) ? marks[i] : {};
    const blockConfig = Array.isArray(config) && isObject(config[i]) ? config[i] : {};
    const identifiers = fillUnknown(side, data, block['identifiers'], blockMarks['identifiers'], blockConfig['identifiers']);
    if (!identifiers) return null;
    out[block['type']] = [...(out[block['type']] ?? []), ...identifiers];
  }
  const star = out['*'];
  if (star && Object.keys(out).length === 1 && star.every((id) => id === '*')) return '*';
  return Object.fromEntries(Object.entries(out).map(([type, ids]) => [type, single(ids)]));
}

function renderConditions(
  side: PlanSide,
  data: TfInstance,
  blocks: unknown,
  marks: unknown,
  config: unknown,
): Record<string, Record<string, unknown>> | null | undefined {
  if (marks === true) return null;
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  const out: Record<string, Record<string, string[]>> = {};
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!isObject(block) || typeof block['test'] !== 'string' || typeof block['variable'] !== 'string') return null;
    const blockMarks = Array.isArray(marks) && isObject(marks[i]) ? marks[i] : {};
    const blockConfig = Array.isArray(config) && isObject(config[i]) ? config[i] : {};
    const values = WHOLE_ARN_TESTS.has(block['test'])
      ? fillUnknown(side, data, block['values'], blockMarks['values'], blockConfig['values'])
      : knownStrings(block['values'], blockMarks['values']);
    if (!values) return null;
    const test = (out[block['test']] ??= {});
    test[block['variable']] = [...(test[block['variable']] ?? []), ...values];
  }
  return Object.fromEntries(
    Object.entries(out).map(([test, keys]) => [test, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, single(v)]))]),
  );
}

/**
 * A list of whole ARNs with unknown elements, completed from the resource attributes its
 * expression refers to: possible when those references are, in order, one per unknown element.
 */
function fillUnknown(side: PlanSide, data: TfInstance, list: unknown, marks: unknown, expression: unknown): string[] | undefined {
  if (marks === true || !Array.isArray(list)) return undefined;
  const unknownAt = list.map((_, i) => Array.isArray(marks) && marks[i] === true);
  if (!unknownAt.includes(true)) return knownStrings(list, marks);
  const refs = referencesOf(expression);
  const attributes = refs.map(parseReference).filter((r) => r?.attribute !== undefined);
  const others = refs.filter((r) => parseReference(r) === undefined && !isResourceOnly(r, refs));
  const needed = unknownAt.filter(Boolean).length;
  if (others.length > 0 || attributes.length !== needed) return undefined;
  const filled: string[] = [];
  let next = 0;
  for (let i = 0; i < list.length; i++) {
    if (!unknownAt[i]) {
      if (typeof list[i] !== 'string') return undefined;
      filled.push(list[i] as string);
      continue;
    }
    const ref = attributes[next++]!;
    const target = side.target(data, ref);
    const value = target ? side.resolvedAttribute(target, ref.attribute!) : undefined;
    if (value === undefined) return undefined;
    filled.push(value);
  }
  return filled;
}

/** `aws_iam_role.app` listed next to `aws_iam_role.app.arn`. */
function isResourceOnly(ref: string, all: readonly string[]): boolean {
  return all.some((other) => other !== ref && other.startsWith(`${ref}.`));
}

function knownStrings(list: unknown, marks: unknown): string[] | undefined {
  if (hasUnknown(marks) || !Array.isArray(list)) return undefined;
  return list.every((v) => typeof v === 'string') ? (list as string[]) : undefined;
}

function copyList(statement: Record<string, unknown>, attribute: string, out: Record<string, unknown>, key: string): void {
  const list = statement[attribute];
  if (Array.isArray(list) && list.length > 0) out[key] = single(list.filter((v): v is string => typeof v === 'string'));
}

function single(list: string[]): string | string[] {
  return list.length === 1 ? list[0]! : list;
}

function hasUnknown(marks: unknown): boolean {
  if (marks === true) return true;
  if (Array.isArray(marks)) return marks.some(hasUnknown);
  if (isObject(marks)) return Object.values(marks).some(hasUnknown);
  return false;
}
