/**
 * Names of principals and resources for people, shared by finding messages and the report.
 */
import { CAPABILITIES, type Capability, type PrincipalType } from '../model/access.js';
import { awsServiceAccount } from './aws-accounts.js';

/** The part of an ARN after the account (`role/analytics`, `credit-applications`), or the whole string. */
export function arnResourcePart(arn: string): string {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? parts.slice(5).join(':') : arn;
}

/** The account field of an ARN, when it has one. */
export function arnAccount(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[4] !== '' ? parts[4] : undefined;
}

/** A principal for people: `role/analytics`, `account 222222222222`, `anyone (*)`. */
export function principalLabel(principal: string, type: PrincipalType, withAccount = false): string {
  switch (type) {
    case 'Public':
      return 'anyone (*)';
    case 'Account': {
      const account = arnAccount(principal) ?? principal;
      const service = awsServiceAccount(account);
      return `account ${account} (${service === undefined ? 'any principal it allows' : `AWS's ${service}`})`;
    }
    case 'Organization':
      return `organization ${principal.replace(/^org:/, '')}`;
    case 'Service':
      return principal;
    case 'Unknown':
      return `${principal} (known after apply)`;
    default: {
      const account = arnAccount(principal);
      const name = arnResourcePart(principal);
      return withAccount && account ? `${account}:${name}` : name;
    }
  }
}

/** `AWS::S3::Bucket` → `bucket`, for sentences. */
export function resourceKind(type: string): string {
  const last = type.split('::').pop() ?? type;
  return last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** `a`, `a or b`, `a, b or c`. */
export function oneOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function allOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Backticks around an identifier in a message (renderings show it as code). */
export function quote(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** The first `max` items quoted, and how many more. */
export function someQuoted(items: readonly string[], max = 10): string {
  const shown = items.slice(0, max).map(quote).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** The distinct capabilities of grants in the canonical order: `read-data and write-data`. */
export function capabilitiesText(grants: readonly { capability: Capability }[]): string {
  const held = new Set(grants.map((g) => g.capability));
  return allOf(CAPABILITIES.filter((c) => held.has(c)));
}
