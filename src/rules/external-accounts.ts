/**
 * `external-accounts`: a principal of another account, or another organization, gains access.
 * An account is ours when it is the configured account, the inventory's, the resource's, or
 * that of a principal the inventory defines; `allow` lists the trusted others.
 */
import { ACCOUNT_ID } from '../iam/arn.js';
import type { Grant } from '../model/access.js';
import { awsServiceAccount } from './aws-accounts.js';
import { grantLocations, groupBy, type RuleContext } from './context.js';
import { arnAccount, capabilitiesText, principalLabel, quote } from './labels.js';
import type { Rule } from './rule.js';

export const externalAccounts: Rule<'external-accounts'> = {
  id: 'external-accounts',
  evaluate(context, options) {
    const allowed = new Set(options.allow);
    const ours = ourAccounts(context);
    const ourOrganization = context.inventory('after').organization?.id;
    const external = context.gained.filter((grant) => {
      const owner = outsider(grant);
      if (owner === undefined || allowed.has(owner) || owner === ourOrganization) return false;
      return !ours.has(owner) && owner !== accountOfResource(context, grant.resource);
    });
    return [...groupBy(external, (g) => `${g.principal}\u0000${g.resource}`).values()].map((grants) => {
      const { principal, principalType, resource } = grants[0]!;
      const owner = outsider(grants[0]!)!;
      const { who, remediation } = described(owner, principalLabel(principal, principalType, true), principalType === 'Organization');
      return {
        message: `${who} gains ${capabilitiesText(grants)} on ${context.describeResource(resource)}.`,
        remediation,
        resource,
        principal,
        locations: grantLocations(grants),
      };
    });
  },
};

/** Who gains access, and what to do about it: allow-list the account or organization, or, when the principal's ARN tells no account, waive. */
function described(owner: string, label: string, organization: boolean): { who: string; remediation: string } {
  if (organization) return { who: `Organization ${quote(owner)}, which is not in the allow-list,`, remediation: allowListing(owner) };
  if (ACCOUNT_ID.test(owner)) {
    const service = awsServiceAccount(owner);
    const remediation = service === undefined ? allowListing(owner) : `The account is AWS's own, for ${service}: if that is what the grant is for, add ${quote(owner)} to rules.external-accounts.allow; else remove the grant.`;
    return { who: `${quote(label)} of account ${quote(owner)}, which is not in the allow-list,`, remediation };
  }
  // The account field of its ARN is no account: a CloudFront origin access identity's (`arn:aws:iam::cloudfront:user/...`).
  const cloudFront = owner === 'cloudfront' ? ' A CloudFront distribution can read through an origin access control instead (`Principal: {"Service": "cloudfront.amazonaws.com"}` with its `aws:SourceArn`), which names the distribution.' : '';
  return { who: `${quote(label)}, whose account the inputs do not tell,`, remediation: `Remove the grant, or waive the finding if the principal is trusted: it cannot be allow-listed by account.${cloudFront}` };
}

const allowListing = (owner: string): string => `Remove the grant, or add ${quote(owner)} to rules.external-accounts.allow in the configuration if it is trusted.`;

/** The account or organization a principal belongs to; undefined for anyone, services and unknowns. */
function outsider(grant: Grant): string | undefined {
  switch (grant.principalType) {
    case 'Public':
    case 'Service':
    case 'Unknown':
      return undefined;
    case 'Organization':
      return grant.principal.replace(/^org:/, '');
    default:
      return arnAccount(grant.principal);
  }
}

function ourAccounts(context: RuleContext): Set<string> {
  const after = context.inventory('after');
  const accounts = [context.config.accountId, after.accountId, ...after.principals.map((p) => p.accountId)];
  return new Set(accounts.filter((a): a is string => a !== undefined && a !== ''));
}

function accountOfResource(context: RuleContext, arn: string): string | undefined {
  return context.resource(arn)?.accountId || arnAccount(arn);
}
