/** ARN parsing and the ARN formats of the resources the readers build. */
import { splitArn, type ArnParts } from '../iam/arn.js';

/** The ARN's components (see splitArn), or undefined when the text is not an ARN. */
export function parseArn(arn: string): ArnParts | undefined {
  return splitArn(arn) ?? undefined;
}

/** The last segment of an ARN's resource part: `arn:aws:sqs:r:a:jobs` → `jobs`, `...:table/customers` → `customers`. */
export function arnResourceName(arn: string): string {
  const resource = parseArn(arn)?.resource ?? arn;
  return resource.slice(Math.max(resource.lastIndexOf('/'), resource.lastIndexOf(':')) + 1) || resource;
}

export type IamEntityKind = 'role' | 'user' | 'group' | 'policy' | 'instance-profile';

export interface IamEntity {
  kind: IamEntityKind;
  account: string;
  /** `/` or `/a/b/`. */
  path: string;
  name: string;
}

/** `arn:aws:iam::1:role/a/b/name` → `{kind: 'role', path: '/a/b/', name: 'name'}`. */
export function parseIamArn(arn: string): IamEntity | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam') return undefined;
  const slash = parsed.resource.indexOf('/');
  if (slash < 0) return undefined;
  const kind = parsed.resource.slice(0, slash);
  if (kind !== 'role' && kind !== 'user' && kind !== 'group' && kind !== 'policy' && kind !== 'instance-profile') {
    return undefined;
  }
  const rest = parsed.resource.slice(slash);
  const last = rest.lastIndexOf('/');
  return { kind, account: parsed.account, path: rest.slice(0, last + 1), name: rest.slice(last + 1) };
}

/** IAM paths always begin and end with `/`. */
export function iamPath(path: unknown): string {
  if (typeof path !== 'string' || path === '') return '/';
  const withStart = path.startsWith('/') ? path : `/${path}`;
  return withStart.endsWith('/') ? withStart : `${withStart}/`;
}

export function iamArn(partition: string, account: string, kind: IamEntityKind, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:${kind}${iamPath(path)}${name}`;
}

/** The partition of a region: `cn-north-1` → `aws-cn`. */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The account a principal written in a policy or attribute stands for: `123456789012` → its root ARN. */
export function accountRootArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:root`;
}

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** `https://sqs.eu-west-1.amazonaws.com/111111111111/jobs` → the queue's ARN. */
export function sqsQueueArnFromUrl(url: string, partition = 'aws'): string | undefined {
  const match = /^https?:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([^/?#]+)$/.exec(url);
  if (match) return `arn:${partitionOf(match[1])}:sqs:${match[1]}:${match[2]}:${match[3]}`;
  // Legacy endpoint without the region in the host (us-east-1).
  const legacy = /^https?:\/\/(?:queue|sqs)\.amazonaws\.com\/(\d{12})\/([^/?#]+)$/.exec(url);
  return legacy ? `arn:${partition}:sqs:us-east-1:${legacy[1]}:${legacy[2]}` : undefined;
}

/** An EventBridge rule's resource: `rule/NAME` on the default bus, `rule/BUS/NAME` on another (the bus named, or by ARN). */
export function eventRulePath(bus: unknown, name: string): string {
  const busName = typeof bus === 'string' ? bus.replace(/^arn:[^:]*:events:[^:]*:[^:]*:event-bus\//, '') : '';
  return busName && busName !== 'default' ? `rule/${busName}/${name}` : `rule/${name}`;
}

/** A CloudFront distribution (a global service: no region). */
export function distributionArn(partition: string, account: string, id: string): string {
  return `arn:${partition}:cloudfront::${account}:distribution/${id}`;
}
