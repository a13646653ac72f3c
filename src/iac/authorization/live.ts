/**
 * Fetches the account's IAM live with `GetAccountAuthorizationDetails` (all pages) and reads it
 * like the CLI's JSON. Throttling is retried by the SDK's retry strategy; credential problems
 * are reported as an InputError that says what to do.
 *
 * The SDK is loaded only here, when a live inventory is asked for: loading it takes longer
 * than a whole review of a small plan, and every other run does without it.
 */
import type { EntityType, GetAccountAuthorizationDetailsCommand, GetAccountAuthorizationDetailsCommandOutput, IAMClient } from '@aws-sdk/client-iam';
import { InputError } from '../../model/errors.js';
import type { Inventory } from '../../model/inventory.js';
import { authorizationDetailsInventory } from './details.js';

/** Where errors and sources say the inventory came from. */
const LIVE_SOURCE = 'AWS IAM (GetAccountAuthorizationDetails)';

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

const CREDENTIAL_ERRORS: Record<string, string> = {
  ExpiredToken: 'the AWS credentials have expired; refresh them (e.g. `aws sso login`, or new session credentials) and try again',
  ExpiredTokenException: 'the AWS credentials have expired; refresh them (e.g. `aws sso login`, or new session credentials) and try again',
  RequestExpired: 'the request expired: check the clock of this machine and the AWS credentials',
  InvalidClientTokenId: 'the AWS access key is not valid for this account (wrong or deleted key)',
  SignatureDoesNotMatch: 'the AWS secret access key does not match the access key',
  UnrecognizedClientException: 'the AWS credentials are not recognized',
  CredentialsProviderError: 'no AWS credentials were found (environment, profile or instance role)',
  AccessDenied: 'the AWS credentials may not call iam:GetAccountAuthorizationDetails',
  AccessDeniedException: 'the AWS credentials may not call iam:GetAccountAuthorizationDetails',
};

export interface FetchOptions {
  /** Also fetch AWS-managed policies (about 1,300 documents). Default: true. */
  awsManagedPolicies?: boolean;
}

/** An IAM client of the default AWS credentials, in the region the environment names (else us-east-1). */
export async function defaultIamClient(): Promise<IAMClient> {
  const { IAMClient } = await import('@aws-sdk/client-iam');
  return new IAMClient({ region: process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1' });
}

export async function fetchAuthorizationDetails(client: IAMClient, options: FetchOptions = {}): Promise<Inventory> {
  const { GetAccountAuthorizationDetailsCommand } = await import('@aws-sdk/client-iam');
  const merged: Record<(typeof LISTS)[number], unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  const filter: EntityType[] = ['User', 'Role', 'Group', 'LocalManagedPolicy', ...(options.awsManagedPolicies === false ? [] : (['AWSManagedPolicy'] as const))];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await send(client, new GetAccountAuthorizationDetailsCommand({ Filter: filter, ...(marker ? { Marker: marker } : {}) }));
    for (const key of LISTS) merged[key].push(...(page[key] ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
    if (page.IsTruncated && !page.Marker) {
      throw new InputError(LIVE_SOURCE, `page ${pages + 1}`, 'the response says there are more pages but gives no Marker');
    }
    pages++;
  } while (marker);
  return authorizationDetailsInventory(merged, LIVE_SOURCE);
}

async function send(client: IAMClient, command: GetAccountAuthorizationDetailsCommand): Promise<GetAccountAuthorizationDetailsCommandOutput> {
  try {
    return await client.send(command);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const explained = CREDENTIAL_ERRORS[name];
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputError(LIVE_SOURCE, name || undefined, explained ? `${explained} (${detail})` : `the request failed: ${detail}`);
  }
}
