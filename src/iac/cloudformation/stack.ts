/**
 * One CloudFormation stack while it is read: its evaluated resource properties, the names and
 * ARNs of its resources (as `Ref` and `Fn::GetAtt` see them), and where each is declared.
 */
import { isUnknownValue, referenceOf, unknownValuesOf } from '../../iam/unknown-value.js';
import type { PolicyDocument, PolicyKind, SourceLocation } from '../../model/inventory.js';
import { partitionOf } from '../arn.js';
import { UNKNOWN_ACCOUNT, UNKNOWN_REGION, type InventoryBuilder } from '../builder.js';
import { isObject } from '../json.js';
import { parsePolicyValue, policyDocument } from '../policy.js';
import { generatedName, IDENTITIES, type StackEnvironment, sqsUrl } from './identity.js';
import { Evaluator, type ResourceResolver } from './intrinsics.js';
import type { ParsedTemplate } from './template.js';

export interface TemplateResource {
  Type: string;
  Properties: Record<string, unknown>;
  Condition?: string;
}

export class Stack implements ResourceResolver {
  readonly evaluator: Evaluator;
  readonly resources = new Map<string, TemplateResource>();
  private readonly evaluated = new Map<string, Record<string, unknown>>();
  private readonly names = new Map<string, string>();

  constructor(
    readonly file: string,
    readonly env: StackEnvironment,
    private readonly parsed: ParsedTemplate,
    parameters: { values: Record<string, unknown>; unreadable: Record<string, string> },
    readonly builder: InventoryBuilder,
  ) {
    const template = parsed.template;
    this.evaluator = new Evaluator({
      file,
      parameters: parameters.values,
      unreadable: parameters.unreadable,
      pseudo: {
        'AWS::AccountId': env.accountId,
        'AWS::Region': env.region,
        'AWS::Partition': env.partition,
        'AWS::URLSuffix': env.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
        'AWS::StackName': env.stackName,
        'AWS::StackId': `arn:${env.partition}:cloudformation:${env.region}:${env.accountId}:stack/${env.stackName}/${generatedName(env, 'AWS::StackId', 'AWS::KMS::Key')}`,
      },
      mappings: isObject(template['Mappings']) ? template['Mappings'] : {},
      conditions: isObject(template['Conditions']) ? template['Conditions'] : {},
    });
    this.evaluator.useResources(this);
    for (const [id, raw] of Object.entries(template['Resources'] as Record<string, unknown>)) {
      if (!isObject(raw) || typeof raw['Type'] !== 'string') {
        this.builder.addNotice({ level: 'warning', message: `${id}: a resource without a "Type"; skipped`, source: this.source(id) });
        continue;
      }
      this.resources.set(id, {
        Type: raw['Type'],
        Properties: isObject(raw['Properties']) ? raw['Properties'] : {},
        ...(typeof raw['Condition'] === 'string' ? { Condition: raw['Condition'] } : {}),
      });
    }
  }

  has(id: string): boolean {
    return this.resources.has(id);
  }

  /** False for a resource whose `Condition` is false: CloudFormation does not create it. */
  created(id: string): boolean {
    const condition = this.resources.get(id)?.Condition;
    return condition === undefined || this.evaluator.condition(condition, `Resources.${id}.Condition`);
  }

  /**
   * A resource's properties, each evaluated when first read: a property no handler reads (a
   * Lambda function's code, a VPC's CIDR) never reports an intrinsic it cannot resolve.
   */
  properties(id: string): Record<string, unknown> {
    const cached = this.evaluated.get(id);
    if (cached) return cached;
    const written = this.resources.get(id)?.Properties ?? {};
    const values = new Map<string, unknown>();
    const properties = new Proxy(written, {
      get: (_target, key) => {
        if (typeof key !== 'string' || !(key in written)) return undefined;
        if (!values.has(key)) {
          values.set(key, undefined); // a reference cycle reads nothing
          values.set(key, this.evaluator.evaluate(written[key], `Resources.${id}.Properties.${key}`));
        }
        return values.get(key);
      },
    });
    this.evaluated.set(id, properties);
    return properties;
  }

  /** The physical name: the naming property when the template sets it, else the generated one. */
  name(id: string): string {
    const known = this.names.get(id);
    if (known !== undefined) return known;
    const type = this.resources.get(id)?.Type ?? '';
    const property = IDENTITIES[type]?.nameProperty;
    const given = property ? this.properties(id)[property] : undefined;
    let name = typeof given === 'string' && given !== '' ? given : generatedName(this.env, id, type);
    if (type === 'AWS::SQS::Queue' && this.properties(id)['FifoQueue'] === true && !name.endsWith('.fifo')) name = `${name}.fifo`;
    // Multi-Region key IDs are `mrk-` and 32 hexadecimal digits.
    if (type === 'AWS::KMS::Key' && this.properties(id)['MultiRegion'] === true) name = `mrk-${name.replaceAll('-', '')}`;
    this.names.set(id, name);
    // A name known only at deploy time makes the identity symbolic, as Terraform's are.
    if (property && typeof given === 'string' && this.created(id)) this.recordUnknown(id, property, given, this.arn(id) ?? name);
    return name;
  }

  arn(id: string): string | undefined {
    const type = this.resources.get(id)?.Type ?? '';
    return IDENTITIES[type]?.arn?.(this.env, this.name(id), this.properties(id));
  }

  ref(id: string): unknown {
    const type = this.resources.get(id)?.Type ?? '';
    switch (IDENTITIES[type]?.ref) {
      case 'arn':
        return this.arn(id);
      case 'url':
        return sqsUrl(this.env, this.name(id));
      case 'name':
      case 'id':
        return this.name(id);
      default:
        return generatedName(this.env, id, type);
    }
  }

  getAtt(id: string, attribute: string): unknown {
    const identity = IDENTITIES[this.resources.get(id)?.Type ?? ''];
    if (attribute === 'Arn' || identity?.arnAttributes?.includes(attribute)) return this.arn(id);
    return identity?.attributes?.[attribute]?.(this.env, this.name(id), this.properties(id));
  }

  source(id: string): SourceLocation {
    const line = this.parsed.lines.get(id);
    return { file: this.file, ...(line === undefined ? {} : { line }), address: id };
  }

  /**
   * A policy document property: parsed (CloudFormation accepts objects and JSON strings), with an
   * unknown recorded for the values in it known only at deploy time. A document that is one
   * unknown value as a whole (`!ImportValue shared-policy`) is recorded and not read.
   */
  policy(id: string, property: string, value: unknown, spec: { id: string; name: string; kind: PolicyKind; subject: string }): PolicyDocument | undefined {
    if (typeof value === 'string' && isUnknownValue(value.trim())) {
      this.recordUnknown(id, property, value, spec.subject);
      return undefined;
    }
    const document = parsePolicyValue(value, this.file, `${id}: ${property}`);
    if (!document) return undefined;
    this.recordUnknown(id, property, document, spec.subject);
    return policyDocument(spec.id, spec.name, spec.kind, document, this.source(id));
  }

  /**
   * Records that `attribute` of resource `id` holds values known only at deploy time (other than
   * the account and region no input gave, which have their own warning), leaving `subject`'s
   * access undecided. Nothing is recorded when it holds none.
   */
  recordUnknown(id: string, attribute: string, value: unknown, subject: string): void {
    const unknowns = unknownValuesOf(value).filter((v) => v !== UNKNOWN_ACCOUNT && v !== UNKNOWN_REGION);
    if (unknowns.length === 0) return;
    const reason = `depends on ${unknowns.map(referenceOf).join(', ')}, known only at deploy time`;
    this.builder.addUnknown({ address: id, attribute, reason, subject, source: this.source(id) });
  }

  /** `[{Key, Value}]` (or a plain map, as some resource types use) → tags. */
  tags(id: string): Record<string, string> {
    const raw = this.properties(id)['Tags'];
    const tags: Record<string, string> = {};
    if (Array.isArray(raw)) {
      for (const tag of raw) {
        if (isObject(tag) && typeof tag['Key'] === 'string' && typeof tag['Value'] === 'string') tags[tag['Key']] = tag['Value'];
      }
    } else if (isObject(raw)) {
      for (const [key, value] of Object.entries(raw)) if (typeof value === 'string') tags[key] = value;
    }
    return tags;
  }
}

/** The stack's environment: account and region from the options (or symbolic), partition from the region. */
export function stackEnvironment(stackName: string, accountId: string, region: string): StackEnvironment {
  return { stackName, accountId, region, partition: partitionOf(region) };
}
