/**
 * Values known only after apply, rebuilt from their expressions as written in the repository's
 * `.tf` files: a policy attribute (`policy = jsonencode({...})` naming a bucket of the same
 * apply: `jsonencode(...)` of literals, strings, lists and objects, a heredoc, or a string
 * template), or a string (`source_arn = "${aws_apigatewayv2_api.http.execution_arn}/prod/POST/orders"`).
 * Each interpolated reference resolves to what this side knows: a resource's ARN (symbolic for
 * one whose name is generated) or known attribute, a data source read while planning, in a
 * module an input its caller passes as such a reference, or a local value written as a template
 * of those. Used only when the written expression reads the references the plan lists for the
 * attribute (else the files are not the plan's), and only when every reference resolves;
 * anything else is left to the caller.
 */
import { localName, referencesOf } from './configuration.js';
import { parseValue, type HclValue, type Template } from './hcl.js';
import type { TfInstance } from './instances.js';
import type { PlanSide } from './side.js';

const MAX_LOCAL_DEPTH = 16;

/** The policy as a JSON value (jsonencode) or text (heredoc, template); undefined when it cannot be rebuilt. */
export function writtenPolicy(side: PlanSide, inst: TfInstance, attribute: string): unknown {
  const value = writtenValue(side, inst, attribute);
  const resolve = (reference: string) => resolveReference(side, inst, reference);
  if (value?.kind === 'call') return value.name === 'jsonencode' && value.args.length === 1 ? toJson(value.args[0]!, resolve) : undefined;
  return value?.kind === 'template' ? renderWritten(side, inst, value.template) : undefined;
}

/** The reference an expression's text is, when it is one written bare (`aws_s3_bucket.b.id`). */
export function writtenReference(text: string | undefined): string | undefined {
  const value = text === undefined ? undefined : parseValue(text);
  const only = value?.kind === 'template' && value.template.length === 1 ? value.template[0] : undefined;
  return typeof only === 'object' ? only.reference : undefined;
}

/** A string attribute written as a string or template (see the file's comment); undefined when it cannot be rebuilt. */
export function writtenString(side: PlanSide, inst: TfInstance, attribute: string): string | undefined {
  const value = writtenValue(side, inst, attribute);
  return value?.kind === 'template' ? renderWritten(side, inst, value.template) : undefined;
}

/** The attribute's expression as written, when it reads exactly the references the plan lists for it. */
function writtenValue(side: PlanSide, inst: TfInstance, attribute: string): HclValue | undefined {
  const text = side.facts.sources?.expression(inst.moduleNames, inst.mode, inst.type, inst.name, `${inst.attributePrefix ?? ''}${attribute}`);
  const value = text === undefined ? undefined : parseValue(text);
  return value && sameReferences(referencesIn(value), referencesOf(side.config(inst)?.expressions[attribute])) ? value : undefined;
}

/**
 * Terraform lists `aws_s3_bucket.b.arn` with `aws_s3_bucket.b` (and `aws_s3_bucket.b[0]`), and
 * before 1.0 only the resource: each planned reference must be written or be the start of a
 * written one, and each written one must be planned or start with a planned one.
 */
function sameReferences(written: readonly string[], planned: readonly string[]): boolean {
  const within = (reference: string, start: string) => reference === start || reference.startsWith(`${start}.`) || reference.startsWith(`${start}[`);
  return written.every((w) => planned.some((p) => within(w, p))) && planned.every((p) => written.some((w) => within(w, p)));
}

function referencesIn(value: HclValue): string[] {
  switch (value.kind) {
    case 'template':
      return value.template.flatMap((part) => (typeof part === 'string' ? [] : [part.reference]));
    case 'tuple':
      return value.items.flatMap(referencesIn);
    case 'object':
      return value.entries.flatMap(([, entry]) => referencesIn(entry));
    case 'call':
      return value.args.flatMap(referencesIn);
    case 'literal':
      return [];
  }
}

/** What `jsonencode` makes of a value: undefined when a reference does not resolve or a function call is nested. */
function toJson(value: HclValue, resolve: (reference: string) => string | undefined): unknown {
  switch (value.kind) {
    case 'template':
      return render(value.template, resolve);
    case 'literal':
      return value.value;
    case 'tuple': {
      const items = value.items.map((item) => toJson(item, resolve));
      return items.includes(undefined) ? undefined : items;
    }
    case 'object': {
      const entries = value.entries.map(([key, entry]) => [key, toJson(entry, resolve)] as const);
      return entries.some(([, entry]) => entry === undefined) ? undefined : Object.fromEntries(entries);
    }
    case 'call':
      return undefined;
  }
}

/** A template written in `inst`'s block, its references resolved (see resolveReference); undefined when one does not resolve. */
export function renderWritten(side: PlanSide, inst: TfInstance, template: Template): string | undefined {
  return render(template, (reference) => resolveReference(side, inst, reference));
}

/**
 * What a reference written in `inst`'s module designates, as text: see the file's comment. A
 * `local.NAME` is its expression in the module's `locals` blocks, when that is a string or a
 * template, to a bounded depth (locals may read locals).
 */
export function resolveReference(side: PlanSide, inst: TfInstance, reference: string, depth = 0): string | undefined {
  const local = localName(reference);
  if (local !== undefined) {
    const text = depth < MAX_LOCAL_DEPTH ? side.facts.sources?.localExpression(inst.moduleNames, local) : undefined;
    const value = text === undefined ? undefined : parseValue(text);
    return value?.kind === 'template' ? render(value.template, (next) => resolveReference(side, inst, next, depth + 1)) : undefined;
  }
  const found = side.referencedBy(inst, { references: [reference] });
  return found?.attribute === undefined ? undefined : side.resolvedAttribute(found.target, found.attribute);
}

function render(template: Template, resolve: (reference: string) => string | undefined): string | undefined {
  let out = '';
  for (const part of template) {
    const text = typeof part === 'string' ? part : resolve(part.reference);
    if (text === undefined) return undefined;
    out += text;
  }
  return out;
}
