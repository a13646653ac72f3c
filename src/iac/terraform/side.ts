/**
 * One side (before or after) of a plan while it is read: the instances of that side, how to
 * read their attributes (known, unknown until apply, sensitive), the ARNs of what they create,
 * and where they are declared.
 */
import { labelledStatements } from '../../iam/document.js';
import { referenceOf, unknownValue } from '../../iam/unknown-value.js';
import type { PolicyDocument, PolicyKind, SourceLocation } from '../../model/inventory.js';
import { InventoryBuilder, UNKNOWN_ACCOUNT, UNKNOWN_REGION } from '../builder.js';
import { isObject } from '../json.js';
import { parsePolicyValue, policyDocument } from '../policy.js';
import { arnOf, type ResolvedArn } from './arns.js';
import { type AttributeReference, type ConfigResource, directReference, inputVariable, localValue, moduleOutput, type TerraformConfiguration } from './configuration.js';
import { callerModule, type TfInstance } from './instances.js';
import { renderPolicyDocument } from './policy-document.js';
import type { TerraformSources } from './sources.js';
import { writtenPolicy, writtenReference } from './written.js';

/** What both sides share: the plan's configuration, sources, account and region. */
export interface PlanFacts {
  file: string;
  configuration: TerraformConfiguration;
  sources: TerraformSources | undefined;
  accountId: string | undefined;
  /** Region for resources whose provider configuration does not set one. */
  region: string | undefined;
  partition: string;
  /**
   * What separate resources manage, per side: `role|NAME|POLICY` inline policies,
   * `role|NAME|ARN` attachments, `policy|OWNER_TYPE|ID` resource policies (see managedSeparately).
   */
  separate: { before: Set<string>; after: Set<string> };
  /**
   * Policy texts already parsed in this plan, with their documents: most are equal on both
   * sides, and an equal text is parsed (and checked) once. Documents are never mutated, so
   * sharing one is safe.
   */
  parsedPolicies: Map<string, Record<string, unknown>>;
}

export interface PolicySpec {
  id: string;
  name: string;
  kind: PolicyKind;
  /** The principal or resource whose access an unknown document leaves undecided. */
  subject: string;
}

/**
 * A policy known only after apply, rebuilt before it: its document, where its statements are
 * written, and the references in it that stay unknown.
 */
interface RebuiltPolicy {
  document: unknown;
  extra: Partial<PolicyDocument>;
  unknowns: string[];
}

/** How many module inputs and outputs a reference is followed through. */
const MAX_MODULE_HOPS = 32;

/** What to do about a policy known only after apply when the review had no `.tf` files. */
const WITHOUT_SOURCES =
  'Give the review the .tf files (`--source DIR`, by default the folder of the plan; the GitHub App reads them from the pull request): the plan holds only the references a policy reads, the files how it combines them (`jsonencode({...})`, `"${aws_s3_bucket.b.arn}/*"`). Or make the values known at plan time, or review again after a first apply.';

export class PlanSide {
  readonly builder: InventoryBuilder;
  private readonly byAddress = new Map<string, TfInstance>();
  private readonly byType = new Map<string, TfInstance[]>();
  private readonly arns = new Map<string, ResolvedArn>();

  constructor(
    readonly side: 'before' | 'after',
    readonly instances: readonly TfInstance[],
    readonly facts: PlanFacts,
  ) {
    this.builder = new InventoryBuilder(facts.accountId, facts.partition);
    for (const inst of instances) {
      this.byAddress.set(inst.address, inst);
      if (inst.mode !== 'managed') continue;
      const ofType = this.byType.get(inst.type);
      if (ofType) ofType.push(inst);
      else this.byType.set(inst.type, [inst]);
    }
    for (const inst of instances) {
      const arn = arnOf(this, inst);
      if (arn) this.arns.set(inst.address, arn);
    }
  }

  /**
   * True when a separate resource manages `key` on this side, or, for the after side, on the
   * before side: the owner's own attribute (filled by the provider from AWS) may still list what
   * the plan deletes.
   */
  managedSeparately(key: string): boolean {
    return this.facts.separate[this.side].has(key) || (this.side === 'after' && this.facts.separate.before.has(key));
  }

  get file(): string {
    return this.facts.file;
  }

  get account(): string {
    return this.builder.accountId ?? UNKNOWN_ACCOUNT;
  }

  /** The configuration of an instance, or of the nested block a block view stands for. */
  config(inst: TfInstance): ConfigResource | undefined {
    const resource = this.facts.configuration.resource(inst.moduleNames, inst.mode, inst.type, inst.name);
    if (!resource || inst.attributePrefix === undefined) return resource;
    let expressions: unknown = resource.expressions;
    for (const [, attribute, index] of inst.attributePrefix.matchAll(/([A-Za-z0-9_]+)\[(\d+)\]\./g)) {
      const blocks = isObject(expressions) ? expressions[attribute!] : undefined;
      expressions = Array.isArray(blocks) ? blocks[Number(index)] : undefined;
    }
    return { ...resource, expressions: isObject(expressions) ? expressions : {} };
  }

  source(inst: TfInstance): SourceLocation {
    const found = this.facts.sources?.locate(inst.moduleNames, inst.mode, inst.type, inst.name);
    return found ? { file: found.file, line: found.line, address: inst.address } : { file: this.file, address: inst.address };
  }

  region(inst: TfInstance): string {
    const region = inst.values['region'];
    if (typeof region === 'string' && region !== '' && !this.isUnknown(inst, 'region')) return region;
    return this.facts.configuration.region(this.config(inst)?.providerConfigKey) ?? this.facts.region ?? UNKNOWN_REGION;
  }

  isUnknown(inst: TfInstance, attribute: string): boolean {
    if (inst.unknown === true) return true;
    return isObject(inst.unknown) && inst.unknown[attribute] === true;
  }

  isSensitive(inst: TfInstance, attribute: string): boolean {
    if (inst.sensitive === true) return true;
    return isObject(inst.sensitive) && inst.sensitive[attribute] === true;
  }

  /**
   * True when the configuration sets the attribute, as opposed to leaving it to the provider: not
   * written, or written as module inputs that are null there (`bucket = var.bucket` in a module
   * called without `bucket`).
   */
  isConfigured(inst: TfInstance, attribute: string): boolean {
    const config = this.config(inst);
    // Without its configuration, assume it is set: an unknown then stays visible.
    if (config === undefined) return true;
    return attribute in config.expressions && !this.facts.configuration.isNull(inst.moduleNames, config.expressions[attribute]);
  }

  /** The attribute's value when this side knows it and it is not sensitive. */
  value(inst: TfInstance, attribute: string): unknown {
    if (this.isUnknown(inst, attribute) || this.isSensitive(inst, attribute)) return undefined;
    return inst.values[attribute] ?? undefined;
  }

  string(inst: TfInstance, attribute: string): string | undefined {
    const value = this.value(inst, attribute);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  strings(inst: TfInstance, attribute: string): string[] {
    const value = this.value(inst, attribute);
    if (typeof value === 'string') return value === '' ? [] : [value];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
  }

  bool(inst: TfInstance, attribute: string): boolean {
    return this.value(inst, attribute) === true;
  }

  /** Tags for classification: `tags_all`, falling back to `tags`, without sensitive ones. */
  tags(inst: TfInstance): Record<string, string> {
    for (const attribute of ['tags_all', 'tags']) {
      const value = this.value(inst, attribute);
      if (!isObject(value) || Object.keys(value).length === 0) continue;
      const marks = isObject(inst.sensitive) ? inst.sensitive[attribute] : undefined;
      const tags: Record<string, string> = {};
      for (const [key, tag] of Object.entries(value)) {
        if (typeof tag === 'string' && !(isObject(marks) && marks[key] === true)) tags[key] = tag;
      }
      return tags;
    }
    return {};
  }

  /** Every instance of type `type` on this side. */
  ofType(type: string): TfInstance[] {
    return this.byType.get(type) ?? [];
  }

  /** The instance a reference written in `from`'s module points at. */
  target(from: Pick<TfInstance, 'module' | 'key'>, ref: AttributeReference): TfInstance | undefined {
    const local = `${ref.mode === 'data' ? 'data.' : ''}${ref.type}.${ref.name}`;
    const base = from.module === '' ? local : `${from.module}.${local}`;
    if (ref.key !== undefined) return this.byAddress.get(`${base}${ref.key}`);
    if (ref.sameKey && from.key !== undefined) return this.byAddress.get(`${base}${from.key}`);
    const single = this.byAddress.get(base);
    if (single) return single;
    // `aws_iam_role.app` of a counted resource: only unambiguous with one instance.
    const instances = this.instances.filter((i) => i.address.startsWith(`${base}[`));
    return instances.length === 1 ? instances[0] : undefined;
  }

  /**
   * The instance and attribute a configured attribute of `inst` refers to directly, also through
   * module inputs: `role = var.role_arn` in a module whose caller passes `aws_iam_role.app.arn`.
   */
  referenced(inst: TfInstance, attribute: string): { target: TfInstance; attribute?: string } | undefined {
    return this.referencedBy(inst, this.config(inst)?.expressions[attribute]);
  }

  /**
   * The same for an expression written in `inst`'s module (`{"references": [...]}`, as the plan
   * lists them), following module inputs up to the caller, module outputs (`module.iam.role_arn`)
   * down into a module called once, and local values the `.tf` files write as a plain reference.
   */
  referencedBy(inst: TfInstance, written: unknown): { target: TfInstance; attribute?: string } | undefined {
    const configuration = this.facts.configuration;
    let expression = written;
    let from: Pick<TfInstance, 'module' | 'key'> = inst;
    let modules = inst.moduleNames;
    // A plan's configuration has no cycles, but a crafted one could: hops are bounded.
    for (let hop = 0; hop < MAX_MODULE_HOPS; hop++) {
      const variable = inputVariable(expression);
      const output = moduleOutput(expression);
      const local = localValue(expression);
      if (local !== undefined) {
        // The plan does not hold locals: the .tf files may, as a plain reference.
        const reference = writtenReference(this.facts.sources?.localExpression(modules, local));
        if (reference === undefined) break;
        expression = { references: [reference] };
      } else if (variable !== undefined && modules.length > 0) {
        expression = configuration.input(modules, variable);
        modules = modules.slice(0, -1);
        // In the caller, `each.key` is the module instance's own key, which no resource shares.
        from = { module: callerModule(from.module) };
      } else if (output) {
        expression = configuration.output([...modules, output.module], output.output);
        modules = [...modules, output.module];
        from = { module: `${from.module === '' ? '' : `${from.module}.`}module.${output.module}` };
      } else break;
    }
    const ref = directReference(expression);
    const target = ref ? this.target(from, ref) : undefined;
    return target && ref ? { target, ...(ref.attribute ? { attribute: ref.attribute } : {}) } : undefined;
  }

  /**
   * What an attribute naming another object (`role`, `bucket`, `task_role_arn`) designates: its
   * value, or, when only known after apply, the ARN (possibly symbolic) of the resource the
   * configuration refers to; `decided` unless that ARN is symbolic and recorded as unknown (see
   * arns.ts). Undefined when neither is available.
   */
  pointer(inst: TfInstance, attribute: string): { value: string } | { arn: string; decided: boolean } | undefined {
    const value = this.string(inst, attribute);
    if (value !== undefined) return { value };
    if (!this.isUnknown(inst, attribute)) return undefined;
    const ref = this.referenced(inst, attribute);
    const resolved = ref ? this.arns.get(ref.target.address) : undefined;
    return resolved === undefined ? undefined : { arn: resolved.arn, decided: resolved.unknownAttribute === undefined };
  }

  /**
   * The ARN of a resource the plan declares (see arns.ts), recording an unknown when it is
   * symbolic. Call it once, where the resource is declared.
   */
  declaredArn(inst: TfInstance): string {
    const resolved = this.arns.get(inst.address);
    if (!resolved) throw new Error(`no ARN rule for ${inst.type}`);
    if (resolved.unknownAttribute) this.unknown(inst, resolved.unknownAttribute, resolved.arn);
    return resolved.arn;
  }

  /**
   * A string attribute of an instance; for its ARN, name or `id` (see ResolvedArn.attributes),
   * the value derived for it, symbolic when its name is known only after apply (it then names
   * that very resource).
   */
  resolvedAttribute(inst: TfInstance, attribute: string): string | undefined {
    return this.string(inst, attribute) ?? this.arns.get(inst.address)?.attributes.get(attribute);
  }

  /**
   * The elements of a list-of-blocks attribute (`inline_policy`) as instances of their own, with
   * their share of the unknown and sensitive marks. Undefined when the list is unknown.
   */
  blocks(inst: TfInstance, attribute: string): TfInstance[] | undefined {
    if (this.isUnknown(inst, attribute)) return undefined;
    const list = inst.values[attribute];
    if (!Array.isArray(list)) return [];
    const unknown = isObject(inst.unknown) ? inst.unknown[attribute] : undefined;
    const sensitive = isObject(inst.sensitive) ? inst.sensitive[attribute] : inst.sensitive;
    return list.filter(isObject).map((values, i) => ({
      ...inst,
      values,
      unknown: Array.isArray(unknown) ? unknown[i] : undefined,
      sensitive: sensitive === true ? true : Array.isArray(sensitive) ? sensitive[i] : undefined,
      attributePrefix: `${inst.attributePrefix ?? ''}${attribute}[${i}].`,
    }));
  }

  /**
   * `${aws_iam_role.app.name}`: a value known only after apply, as it is written in symbolic ARNs
   * and policies (see iam/unknown-value.ts).
   */
  symbol(inst: TfInstance, attribute: string): string {
    return unknownValue(`${inst.address}.${attribute}`);
  }

  /**
   * The name in `attribute`: its value, else a symbolic one. A name the provider generates keeps
   * the fixed part it will have (`etl-${aws_iam_role.etl.name}` for `name_prefix = "etl-"`).
   */
  name(inst: TfInstance, attribute: string): string {
    return this.string(inst, attribute) ?? this.generatedName(inst, attribute) ?? this.symbol(inst, attribute);
  }

  /**
   * A name the provider generates at apply, symbolic after its fixed start: a known
   * `ATTRIBUTE_prefix`, else the provider's own `terraform-` when the configuration sets neither
   * the name nor the prefix. A name and its prefix conflict in the provider's schema, so a known
   * prefix means the name is unset, even where a module writes `name = var.name` for callers that
   * give a prefix instead. Undefined when the name is not generated: the configuration sets it
   * (from a value known only after apply) and no prefix is known, or the type has no prefix
   * attribute (a KMS key ID is AWS's, see arns.ts).
   */
  generatedName(inst: TfInstance, attribute: string): string | undefined {
    const prefix = this.generatedPrefix(inst, attribute);
    return prefix === undefined ? undefined : `${prefix}${this.symbol(inst, attribute)}`;
  }

  private generatedPrefix(inst: TfInstance, attribute: string): string | undefined {
    const prefixAttribute = `${attribute}_prefix`;
    if (!this.isUnknown(inst, attribute)) return undefined;
    if (!(prefixAttribute in inst.values) && !this.isUnknown(inst, prefixAttribute)) return undefined;
    const prefix = this.string(inst, prefixAttribute);
    if (prefix) return prefix;
    if (this.isConfigured(inst, attribute)) return undefined;
    return this.isUnknown(inst, prefixAttribute) && this.isConfigured(inst, prefixAttribute) ? undefined : 'terraform-';
  }

  /** Records that `attribute` of `inst` is only known after apply and leaves `subject` undecided. */
  unknown(inst: TfInstance, attribute: string, subject: string, reason = 'known after apply', remediation?: string): void {
    const path = `${inst.attributePrefix ?? ''}${attribute}`;
    this.builder.addUnknown({ address: inst.address, attribute: path, reason, subject, source: this.source(inst), ...(remediation ? { remediation } : {}) });
  }

  /**
   * The policy document in `attribute`: parsed, resolved from the configuration when only
   * known after apply, or recorded as unknown. Undefined when there is no document.
   */
  policy(inst: TfInstance, attribute: string, spec: PolicySpec): PolicyDocument | undefined {
    const source = this.source(inst);
    if (this.isSensitive(inst, attribute)) {
      this.unknown(inst, attribute, spec.subject, 'marked sensitive in the plan, so not read');
      return undefined;
    }
    if (this.isUnknown(inst, attribute)) {
      if (!this.isConfigured(inst, attribute)) return undefined;
      const resolved = this.resolvePolicy(inst, attribute) ?? this.policyAsWritten(inst, attribute);
      const hint = this.facts.sources ? undefined : WITHOUT_SOURCES;
      if (resolved && resolved.unknowns.length > 0) {
        this.unknown(inst, attribute, spec.subject, `known after apply: ${resolved.unknowns.map(referenceOf).join(', ')}`, hint);
      }
      if (resolved) return { ...policyDocument(spec.id, spec.name, spec.kind, resolved.document, source), ...resolved.extra };
      this.unknown(inst, attribute, spec.subject, undefined, hint);
      return undefined;
    }
    const document = this.parsePolicy(inst.values[attribute], `${inst.address}: ${inst.attributePrefix ?? ''}${attribute}`);
    if (!document) return undefined;
    const statements = this.statementSourcesOf(inst, attribute, document);
    return { ...policyDocument(spec.id, spec.name, spec.kind, document, source), ...statements };
  }

  /** parsePolicyValue, once per distinct text of the plan (see PlanFacts.parsedPolicies). */
  private parsePolicy(value: unknown, place: string): Record<string, unknown> | undefined {
    if (typeof value !== 'string') return parsePolicyValue(value, this.file, place);
    const parsed = this.facts.parsedPolicies.get(value);
    if (parsed) return parsed;
    const document = parsePolicyValue(value, this.file, place);
    if (document) this.facts.parsedPolicies.set(value, document);
    return document;
  }

  /** An unknown policy computed by a `data.aws_iam_policy_document` whose inputs the configuration holds. */
  private resolvePolicy(
    inst: TfInstance,
    attribute: string,
  ): RebuiltPolicy | undefined {
    const ref = this.referenced(inst, attribute);
    if (!ref || ref.target.type !== 'aws_iam_policy_document' || !['json', 'minified_json', undefined].includes(ref.attribute)) {
      return undefined;
    }
    const known = this.value(ref.target, 'json');
    if (typeof known === 'string') {
      return { document: this.parsePolicy(known, `${ref.target.address}: json`), extra: {}, unknowns: [] };
    }
    const rendered = renderPolicyDocument(this, ref.target);
    return rendered ? { document: rendered.document, extra: this.statementSources(ref.target, rendered.sids), unknowns: rendered.unknowns } : undefined;
  }

  /** An unknown policy rebuilt from its expression in the repository's `.tf` files (see written.ts). */
  private policyAsWritten(inst: TfInstance, attribute: string): RebuiltPolicy | undefined {
    const written = writtenPolicy(this, inst, attribute);
    if (written === undefined) return undefined;
    const place = `${inst.address}: ${inst.attributePrefix ?? ''}${attribute} (as written in ${this.source(inst).file})`;
    const document = this.parsePolicy(written, place);
    return { document, extra: this.statementSources(inst, sidsOf(document)), unknowns: [] };
  }

  /**
   * Where the document's statements are written: in the policy document data source the
   * attribute refers to, else in the resource's own block (`jsonencode({...})`, a heredoc).
   */
  private statementSourcesOf(inst: TfInstance, attribute: string, document: unknown): Partial<PolicyDocument> {
    if (!this.facts.sources) return {};
    const ref = this.referenced(inst, attribute);
    return this.statementSources(ref?.target.type === 'aws_iam_policy_document' ? ref.target : inst, sidsOf(document));
  }

  /** The lines of the statements' Sids in the block that writes them (a policy document data source, or the resource's own). */
  private statementSources(data: TfInstance, sids: readonly string[]): Partial<PolicyDocument> {
    const sources = this.facts.sources;
    const block = sources?.locate(data.moduleNames, data.mode, data.type, data.name);
    if (!sources || !block || sids.length === 0) return {};
    const lines = sources.sidLines(block, sids);
    if (lines.size === 0) return {};
    const statementSources: Record<string, SourceLocation> = {};
    for (const [sid, line] of lines) statementSources[sid] = { file: block.file, line, address: data.address };
    return { statementSources };
  }
}

/** The Sids of a document's statements. */
function sidsOf(document: unknown): string[] {
  return labelledStatements(document).flatMap(({ statement }) => (typeof statement['Sid'] === 'string' && statement['Sid'] !== '' ? [statement['Sid']] : []));
}
