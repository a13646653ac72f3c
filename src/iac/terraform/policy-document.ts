/**
 * The document of a `data.aws_iam_policy_document` whose read Terraform deferred to apply
 * (its `json` is unknown because an input, typically the ARN of a new role, is). The plan still
 * holds the data source's `statement` blocks with every input it knows; an unknown principal or
 * whole-ARN condition value (`ArnEquals`, `StringEquals` on `aws:SourceArn`) is filled in from
 * the resource attribute the configuration refers to, when that reference is unambiguous (a
 * symbolic ARN included). With the repository's `.tf` files, a list written as strings and
 * references is rebuilt from its templates first (writtenList). Any other unknown action,
 * resource, principal or condition value becomes an unknown value naming its place
 * (`${data.aws_iam_policy_document.x.statement[0].resources[0]}`, see iam/unknown-value.ts).
 * An unknown `sid`, `effect`, principal type, condition test or key, or merged documents, leave
 * the document unknown (undefined).
 */
import { parseOperator } from '../../iam/operators.js';
import { unknownValue } from '../../iam/unknown-value.js';
import { isObject } from '../json.js';
import { parseReference, referencesOf } from './configuration.js';
import type { Template } from './hcl.js';
import type { TfInstance } from './instances.js';
import type { PlanSide } from './side.js';
import { renderWritten, resolveReference } from './written.js';

export interface RenderedPolicy {
  document: Record<string, unknown>;
  /** Sids of the statements, for source lines. */
  sids: string[];
  /** The unknown values written in the document for elements known only after apply. */
  unknowns: string[];
}

/** Where an element is in the data source, and where unknown values put in it are collected. */
interface Place {
  path: string;
  unknowns: string[];
  /** The path of its statement (`data.aws_iam_policy_document.x.statement[0]`). */
  statement: string;
  /** The statement's lists as written in the repository's source, by path in the statement. */
  written: ReadonlyMap<string, Template[]> | undefined;
}

const ARN_KEYS = new Set(['aws:sourcearn', 'aws:principalarn']);

/**
 * Conditions whose values are whole ARNs, never templates around them: the `ArnEquals` family,
 * and exact string matches on a key whose value is an ARN (AWS documents origin access
 * control's `AWS:SourceArn` with `StringEquals`).
 */
function holdsWholeArns(test: string, variable: string): boolean {
  const operator = parseOperator(test);
  if (!operator || operator.set !== null) return false;
  const { name, kind } = operator.base;
  return name === 'ArnEquals' || name === 'ArnNotEquals' || (kind === 'string' && ARN_KEYS.has(variable.toLowerCase()));
}

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
  // The statements as written stand in only when they are the plan's, one for one.
  const written = side.facts.sources?.statementLists(data.moduleNames, data.name);
  const writtenStatements = written?.length === statements.length ? written : [];
  const configStatements = side.config(data)?.expressions['statement'];
  const configList = Array.isArray(configStatements) ? configStatements : [];

  const out: Record<string, unknown>[] = [];
  const sids: string[] = [];
  const unknowns: string[] = [];
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    if (!isObject(statement)) return undefined;
    const marks = isObject(unknownStatements[i]) ? unknownStatements[i] : {};
    const config = isObject(configList[i]) ? configList[i] : {};
    const path = `${data.address}.statement[${i}]`;
    const place = { path, unknowns, statement: path, written: writtenStatements[i] };
    const rendered = renderStatement(side, data, statement, marks as Record<string, unknown>, config as Record<string, unknown>, place);
    if (!rendered) return undefined;
    out.push(rendered);
    if (typeof rendered['Sid'] === 'string') sids.push(rendered['Sid']);
  }
  const version = typeof values['version'] === 'string' && values['version'] !== '' ? values['version'] : '2012-10-17';
  const id = typeof values['policy_id'] === 'string' && values['policy_id'] !== '' ? { Id: values['policy_id'] } : {};
  return { document: { Version: version, ...id, Statement: out }, sids, unknowns };
}

function renderStatement(
  side: PlanSide,
  data: TfInstance,
  statement: Record<string, unknown>,
  marks: Record<string, unknown>,
  config: Record<string, unknown>,
  place: Place,
): Record<string, unknown> | undefined {
  if (hasUnknown(marks['sid']) || hasUnknown(marks['effect'])) return undefined;
  const out: Record<string, unknown> = {};
  if (typeof statement['sid'] === 'string' && statement['sid'] !== '') out['Sid'] = statement['sid'];
  out['Effect'] = typeof statement['effect'] === 'string' && statement['effect'] !== '' ? statement['effect'] : 'Allow';
  for (const [attribute, key] of [['actions', 'Action'], ['not_actions', 'NotAction'], ['resources', 'Resource'], ['not_resources', 'NotResource']] as const) {
    const listPlace = at(place, attribute);
    const list = writtenList(side, data, statement[attribute], marks[attribute], listPlace) ?? withUnknowns(statement[attribute], marks[attribute], listPlace);
    if (!list) return undefined;
    if (list.length > 0) out[key] = single(list);
  }
  for (const [attribute, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const principals = renderPrincipals(side, data, statement[attribute], marks[attribute], config[attribute], at(place, attribute));
    if (principals === null) return undefined;
    if (principals !== undefined) out[key] = principals;
  }
  const conditions = renderConditions(side, data, statement['condition'], marks['condition'], config['condition'], at(place, 'condition'));
  if (conditions === null) return undefined;
  if (conditions !== undefined) out['Condition'] = conditions;
  return out;
}

/** `null` when something that cannot be an unknown value stays unknown; undefined when there are none. */
function renderPrincipals(
  side: PlanSide,
  data: TfInstance,
  blocks: unknown,
  marks: unknown,
  config: unknown,
  place: Place,
): Record<string, unknown> | string | null | undefined {
  if (marks === true) return null;
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!isObject(block) || typeof block['type'] !== 'string') return null;
    const blockMarks = Array.isArray(marks) && isObject(marks[i]) ? marks[i] : {};
    const blockConfig = Array.isArray(config) && isObject(config[i]) ? config[i] : {};
    const identifiersPlace = at(place, `[${i}].identifiers`);
    const identifiers =
      writtenList(side, data, block['identifiers'], blockMarks['identifiers'], identifiersPlace) ??
      fillUnknown(side, data, block['identifiers'], blockMarks['identifiers'], blockConfig['identifiers'], identifiersPlace);
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
  place: Place,
): Record<string, Record<string, unknown>> | null | undefined {
  if (marks === true) return null;
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  const out: Record<string, Record<string, string[]>> = {};
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    const blockMarks = Array.isArray(marks) && isObject(marks[i]) ? marks[i] : {};
    if (!isObject(block) || typeof block['test'] !== 'string' || typeof block['variable'] !== 'string' || hasUnknown(blockMarks['test']) || hasUnknown(blockMarks['variable'])) return null;
    const blockConfig = Array.isArray(config) && isObject(config[i]) ? config[i] : {};
    const valuesPlace = at(place, `[${i}].values`);
    const values =
      writtenList(side, data, block['values'], blockMarks['values'], valuesPlace) ??
      (holdsWholeArns(block['test'], block['variable'])
        ? fillUnknown(side, data, block['values'], blockMarks['values'], blockConfig['values'], valuesPlace)
        : withUnknowns(block['values'], blockMarks['values'], valuesPlace));
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
 * expression refers to when those references are, in order, one per unknown element; else
 * each unknown element becomes an unknown value.
 */
function fillUnknown(side: PlanSide, data: TfInstance, list: unknown, marks: unknown, expression: unknown, place: Place): string[] | undefined {
  if (marks === true || !Array.isArray(list)) return withUnknowns(list, marks, place);
  const unknownAt = list.map((_, i) => Array.isArray(marks) && marks[i] === true);
  const refs = referencesOf(expression);
  const attributes = refs.filter((r) => parseReference(r)?.attribute !== undefined);
  const others = refs.filter((r) => parseReference(r) === undefined && !isResourceOnly(r, refs));
  if (!unknownAt.includes(true) || others.length > 0 || attributes.length !== unknownAt.filter(Boolean).length) return withUnknowns(list, marks, place);
  const filled: string[] = [];
  let next = 0;
  for (let i = 0; i < list.length; i++) {
    if (!unknownAt[i]) {
      if (typeof list[i] !== 'string') return undefined;
      filled.push(list[i] as string);
      continue;
    }
    filled.push(resolveReference(side, data, attributes[next++]!) ?? unknownIn(place, `[${i}]`));
  }
  return filled;
}

/**
 * A list with unknown elements, completed from its expression as written in the repository's
 * source (the plan holds only the references it reads, so `"${aws_s3_bucket.b.arn}/*"` and
 * `aws_s3_bucket.b.arn` look alike there). The provider keeps most of these lists as sets, in
 * its own order, so the written elements are matched as a set: each known element of the plan
 * takes a written one of that value, and the written elements left over, as many as the unknown
 * ones, stand for them: each its template with the resource attributes it interpolates resolved
 * (an ARN, symbolic for a resource whose name is generated), else an unknown value. Undefined
 * when the source does not hold the list, or holds one that is not the plan's.
 */
function writtenList(side: PlanSide, data: TfInstance, list: unknown, marks: unknown, place: Place): string[] | undefined {
  const templates = place.written?.get(place.path.slice(place.statement.length + 1));
  if (!templates || !Array.isArray(list) || !Array.isArray(marks) || !marks.includes(true) || templates.length !== list.length) return undefined;
  const rendered = templates.map((template) => renderWritten(side, data, template));
  const left = new Set(templates.keys());
  const out: string[] = [];
  const unknownAt: number[] = [];
  for (let i = 0; i < list.length; i++) {
    if (marks[i] === true) {
      unknownAt.push(i);
      continue;
    }
    const value = list[i];
    const written = [...left].find((w) => rendered[w] === value);
    if (typeof value !== 'string' || written === undefined) return undefined;
    left.delete(written);
    out.push(value);
  }
  [...left].forEach((w, n) => out.push(rendered[w] ?? unknownIn(place, `[${unknownAt[n]}]`)));
  return out;
}

/** `aws_iam_role.app` listed next to `aws_iam_role.app.arn`. */
function isResourceOnly(ref: string, all: readonly string[]): boolean {
  return all.some((other) => other !== ref && other.startsWith(`${ref}.`));
}

/**
 * The strings of a list, each unknown element an unknown value naming its place; a list unknown
 * as a whole is one unknown value. Undefined when an element is not a string.
 */
function withUnknowns(list: unknown, marks: unknown, place: Place): string[] | undefined {
  if (marks === true) return [unknownIn(place, '')];
  if (!Array.isArray(list)) return list === null || list === undefined ? [] : undefined;
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const unknown = Array.isArray(marks) && marks[i] === true;
    if (!unknown && typeof list[i] !== 'string') return undefined;
    out.push(unknown ? unknownIn(place, `[${i}]`) : (list[i] as string));
  }
  return out;
}

function at(place: Place, path: string): Place {
  return { ...place, path: `${place.path}${path.startsWith('[') ? '' : '.'}${path}` };
}

function unknownIn(place: Place, index: string): string {
  const value = unknownValue(`${place.path}${index}`);
  place.unknowns.push(value);
  return value;
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
