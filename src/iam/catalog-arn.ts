/**
 * Which resource type an ARN is, from the ARN formats of the Service Authorization Reference
 * (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`).
 *
 * A format becomes a wildcard pattern: each `${Variable}` matches one or more characters, a
 * literal `*` any run. Several formats can match one ARN (`bucket/key` is also a bucket name
 * containing `/` to the bucket format), so the match with the most literal characters wins:
 * the object format over the bucket format, a DynamoDB index over its table.
 */
import { Glob } from './wildcard.js';

/** A resource type of the catalog. */
export interface ResourceTypeInfo {
  /** The service that declares it (`s3`); its ARN may belong to another (`sts` declares IAM roles). */
  service: string;
  /** Resource type name, lower case as in the catalog (`bucket`, `object`, `key`, `index`). */
  name: string;
  /** ARN format, e.g. `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`. */
  arnFormat: string;
  conditionKeys: readonly string[];
}

interface CompiledFormat {
  type: ResourceTypeInfo;
  pattern: Glob;
  /** Literal characters of the format: the more, the more specific. */
  literals: number;
}

const VARIABLE = /\$\{[^}]*\}/g;
const ANY_SERVICE = '*';

export class ArnFormatIndex {
  /** Formats by the service field of their ARN (`iam` for `sts`'s role type). */
  private readonly byArnService = new Map<string, CompiledFormat[]>();

  constructor(types: Iterable<ResourceTypeInfo>) {
    for (const type of types) {
      const body = formatBody(type.arnFormat);
      if (body === undefined) continue;
      const pattern = body.replace(VARIABLE, '?*');
      const arnService = body.slice(0, body.indexOf(':'));
      const key = arnService.includes('?') || arnService.includes('*') ? ANY_SERVICE : arnService;
      const compiled: CompiledFormat = {
        type,
        pattern: Glob.of(pattern),
        literals: body.replace(VARIABLE, '').replace(/\*/g, '').length,
      };
      const list = this.byArnService.get(key);
      if (list) list.push(compiled);
      else this.byArnService.set(key, [compiled]);
    }
  }

  /**
   * The most specific resource types whose format matches `arn` (several only when formats tie,
   * e.g. a Lambda function version and alias). Types declared by the ARN's own service come
   * first; types other services declare for it only when the own service has none.
   */
  typesOf(arn: string): ResourceTypeInfo[] {
    const body = arnBody(arn);
    if (body === undefined) return [];
    const arnService = body.slice(0, body.indexOf(':'));
    const candidates = [
      ...(this.byArnService.get(arnService) ?? []),
      ...(this.byArnService.get(ANY_SERVICE) ?? []),
    ];
    const matching = candidates.filter((format) => format.pattern.matches(body));
    const own = matching.filter((format) => format.type.service === arnService);
    return mostSpecific(own.length > 0 ? own : matching).map((format) => format.type);
  }
}

function mostSpecific(formats: CompiledFormat[]): CompiledFormat[] {
  const best = Math.max(...formats.map((format) => format.literals));
  return formats.filter((format) => format.literals === best);
}

/** `s3:::bucket` from `arn:aws:s3:::bucket`: the ARN without `arn:` and its partition. */
function arnBody(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const afterPartition = arn.indexOf(':', 4);
  if (afterPartition < 0) return undefined;
  const body = arn.slice(afterPartition + 1);
  return body.includes(':') ? body : undefined;
}

function formatBody(format: string): string | undefined {
  const prefix = 'arn:${Partition}:';
  return format.startsWith(prefix) ? format.slice(prefix.length) : arnBody(format);
}
