/**
 * The account's IAM as `aws iam get-account-authorization-details` describes it: users with
 * their groups, inline and attached policies; groups; roles with trust policies, boundaries,
 * instance profiles and tags; managed policies (AWS-managed included) with their default
 * version. The CLI prints policy documents as JSON objects; the API returns them URL-encoded.
 */
import { InputError } from '../../model/errors.js';
import type { InputFile } from '../../model/input.js';
import type { Group, IdentityType, Inventory, PolicyDocument, Principal, SourceLocation } from '../../model/inventory.js';
import { iamArn, iamPath, parseArn } from '../arn.js';
import { InventoryBuilder } from '../builder.js';
import { isObject, parseJson } from '../json.js';
import { policyDocument } from '../policy.js';
import { decodeInput } from '../text.js';

export function readAuthorizationDetails(file: InputFile): Inventory {
  const details = parseJson(decodeInput(file).text, file.path);
  if (!isObject(details) || !['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((k) => k in details)) {
    throw new InputError(file.path, undefined, 'not the output of get-account-authorization-details: no UserDetailList, GroupDetailList, RoleDetailList or Policies');
  }
  return authorizationDetailsInventory(details, file.path);
}

/** Builds the Inventory from the details (CLI JSON, or API pages merged), naming `file` in errors and sources. */
export function authorizationDetailsInventory(details: Record<string, unknown>, file: string): Inventory {
  const users = list(details, 'UserDetailList', file);
  const groups = list(details, 'GroupDetailList', file);
  const roles = list(details, 'RoleDetailList', file);
  const policies = list(details, 'Policies', file);
  const builder = new InventoryBuilder(accountOf([...users, ...roles, ...groups]));
  const partition = builder.partition;
  const at = (place: string): SourceLocation => ({ file, address: place });

  /** The ARN of each group by name (the first group of a name, as a user's `GroupList` names it). */
  const groupArns = new Map<string, string>();
  groups.forEach((g, i) => {
    const place = `GroupDetailList[${i}]`;
    const group: Group = {
      arn: required(g, 'Arn', file, place),
      name: required(g, 'GroupName', file, place),
      path: iamPath(g['Path']),
      accountId: parseArn(String(g['Arn']))?.account ?? '',
      inlinePolicies: [],
      managedPolicyArns: attached(g),
      source: at(place),
    };
    inlinePolicies(g['GroupPolicyList'], group, file, place).forEach((p) => builder.putInlinePolicy(group, p));
    builder.putGroup(group);
    if (!groupArns.has(group.name)) groupArns.set(group.name, group.arn);
  });

  const principal = (entry: Record<string, unknown>, type: IdentityType, place: string): Principal => {
    const arn = required(entry, 'Arn', file, place);
    const boundary = isObject(entry['PermissionsBoundary']) ? entry['PermissionsBoundary']['PermissionsBoundaryArn'] : undefined;
    return {
      arn,
      type,
      name: required(entry, type === 'IAMRole' ? 'RoleName' : 'UserName', file, place),
      path: iamPath(entry['Path']),
      accountId: parseArn(arn)?.account ?? '',
      inlinePolicies: [],
      managedPolicyArns: attached(entry),
      groupArns: [],
      ...(typeof boundary === 'string' ? { permissionsBoundaryArn: boundary } : {}),
      tags: tags(entry['Tags']),
      source: at(place),
    };
  };

  users.forEach((u, i) => {
    const place = `UserDetailList[${i}]`;
    const user = principal(u, 'IAMUser', place);
    inlinePolicies(u['UserPolicyList'], user, file, place).forEach((p) => builder.putInlinePolicy(user, p));
    for (const name of strings(u['GroupList'])) {
      const group = builder.group(groupArns.get(name) ?? iamArn(partition, user.accountId, 'group', '/', name));
      builder.addUserToGroup(user, group);
    }
    builder.putPrincipal(user);
  });

  roles.forEach((r, i) => {
    const place = `RoleDetailList[${i}]`;
    const role = principal(r, 'IAMRole', place);
    const trust = document(r['AssumeRolePolicyDocument'], file, `${place}.AssumeRolePolicyDocument`);
    if (trust) role.trustPolicy = policyDocument(`${role.arn}#trust`, `${role.name} trust policy`, 'trust', trust, at(place));
    inlinePolicies(r['RolePolicyList'], role, file, place).forEach((p) => builder.putInlinePolicy(role, p));
    builder.putPrincipal(role);
    const profiles = Array.isArray(r['InstanceProfileList']) ? r['InstanceProfileList'] : [];
    for (const profile of profiles.filter(isObject)) {
      if (typeof profile['Arn'] !== 'string' || typeof profile['InstanceProfileName'] !== 'string') continue;
      builder.putInstanceProfile({ arn: profile['Arn'], name: profile['InstanceProfileName'], roleArns: [role.arn], source: at(place) });
    }
  });

  policies.forEach((p, i) => {
    const place = `Policies[${i}]`;
    const arn = required(p, 'Arn', file, place);
    const name = required(p, 'PolicyName', file, place);
    const versions = Array.isArray(p['PolicyVersionList']) ? p['PolicyVersionList'].filter(isObject) : [];
    const index = versions.findIndex((v) => v['IsDefaultVersion'] === true || v['VersionId'] === p['DefaultVersionId']);
    const content = index >= 0 ? document(versions[index]!['Document'], file, `${place}.PolicyVersionList[${index}].Document`) : undefined;
    if (!content) {
      builder.addUnknown({ address: place, attribute: 'PolicyVersionList', reason: 'the default version of the policy is not in the file', subject: arn, source: at(place) });
      return;
    }
    builder.putManagedPolicy({ arn, name, awsManaged: arn.includes(':iam::aws:policy/'), policy: policyDocument(arn, name, 'managed', content, at(place)), source: at(place) });
  });

  return builder.build();
}

function list(details: Record<string, unknown>, key: string, file: string): Array<Record<string, unknown>> {
  const value = details[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError(file, key, 'expected an array');
  value.forEach((entry, i) => {
    if (!isObject(entry)) throw new InputError(file, `${key}[${i}]`, 'expected an object');
  });
  return value as Array<Record<string, unknown>>;
}

function required(entry: Record<string, unknown>, key: string, file: string, place: string): string {
  const value = entry[key];
  if (typeof value !== 'string' || value === '') throw new InputError(file, place, `missing "${key}"`);
  return value;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function attached(entry: Record<string, unknown>): string[] {
  const policies = Array.isArray(entry['AttachedManagedPolicies']) ? entry['AttachedManagedPolicies'] : [];
  return policies.filter(isObject).map((p) => p['PolicyArn']).filter((a): a is string => typeof a === 'string');
}

function tags(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of Array.isArray(value) ? value.filter(isObject) : []) {
    if (typeof tag['Key'] === 'string' && typeof tag['Value'] === 'string') out[tag['Key']] = tag['Value'];
  }
  return out;
}

function inlinePolicies(value: unknown, owner: { arn: string }, file: string, place: string): PolicyDocument[] {
  const entries = Array.isArray(value) ? value : [];
  return entries.filter(isObject).flatMap((entry, i) => {
    const name = typeof entry['PolicyName'] === 'string' ? entry['PolicyName'] : `#${i + 1}`;
    const content = document(entry['PolicyDocument'], file, `${place}.${listName(place)}[${i}].PolicyDocument`);
    return content ? [policyDocument(`${owner.arn}#inline/${name}`, name, 'inline', content, { file, address: place })] : [];
  });
}

function listName(place: string): string {
  if (place.startsWith('User')) return 'UserPolicyList';
  return place.startsWith('Group') ? 'GroupPolicyList' : 'RolePolicyList';
}

/** A policy document as the CLI (object) or the API (URL-encoded JSON string) gives it. */
function document(value: unknown, file: string, place: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (isObject(value)) return value;
  if (typeof value !== 'string') throw new InputError(file, place, 'a policy document must be a JSON object or string');
  const text = value.trimStart().startsWith('%') ? decodeUrl(value, file, place) : value;
  const parsed = parseJson(text, file, place);
  if (!isObject(parsed)) throw new InputError(file, place, 'a policy document must be a JSON object');
  return parsed;
}

function decodeUrl(text: string, file: string, place: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new InputError(file, place, 'the policy document is not valid URL-encoded text');
  }
}

function accountOf(entries: Array<Record<string, unknown>>): string | undefined {
  for (const entry of entries) {
    const account = typeof entry['Arn'] === 'string' ? parseArn(entry['Arn'])?.account : undefined;
    if (account && /^\d{12}$/.test(account)) return account;
  }
  return undefined;
}
