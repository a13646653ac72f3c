/**
 * The request context as conditions and policy variables read it: the caller's keys (names
 * case-insensitive) plus the keys AWS sets from the principal and the resource account,
 * unless the caller gave them (reference_policies_condition-keys: aws:PrincipalArn,
 * aws:PrincipalAccount, aws:PrincipalType, aws:username, aws:PrincipalIsAWSService,
 * aws:PrincipalServiceName, aws:ResourceAccount; and, in KMS requests, kms:CallerAccount).
 */
import { ACCOUNT_ID, sessionRoleArn, type RequestPrincipal } from './arn.js';
import type { KeyKnowledge, RequestView } from './conditions.js';
import type { ContextValue, EvaluationOptions, RequestContext } from './types.js';

/**
 * The keys (lower-cased) that hold the calling principal's account: `kms:CallerAccount` is KMS's
 * own name for it. A condition on either singles out the principals of an account.
 */
export const PRINCIPAL_ACCOUNT_KEYS: readonly string[] = ['aws:principalaccount', 'kms:calleraccount'];

const lowered = new WeakMap<RequestContext, Map<string, ContextValue>>();
const EMPTY = new Map<string, ContextValue>();

let lastContext: RequestContext | undefined;
let lastLowered = EMPTY;

/** The caller's context with lower-cased keys, built once per context object. */
function lowerCased(context: RequestContext | undefined): Map<string, ContextValue> {
  if (!context) return EMPTY;
  if (context === lastContext) return lastLowered;
  let map = lowered.get(context);
  if (!map) {
    map = new Map(Object.entries(context).map(([key, value]) => [key.toLowerCase(), value]));
    lowered.set(context, map);
  }
  lastContext = context;
  lastLowered = map;
  return map;
}

/** The value AWS itself sets for a key, when it can be read from the principal or resource. */
function derived(key: string, principal: RequestPrincipal, resourceAccount: string, lowerAction: string): string | undefined {
  const kind = principal.kind;
  const iam = kind === 'user' || kind === 'role' || kind === 'session' || kind === 'federated-user' || kind === 'root';
  switch (key) {
    case 'aws:principalarn':
      if (kind === 'session') return sessionRoleArn(principal);
      return iam ? principal.value : undefined;
    case 'aws:principalaccount':
      return iam ? principal.account : undefined;
    case 'kms:calleraccount':
      // The caller's account, which KMS sets on its own requests only.
      return iam && lowerAction.startsWith('kms:') ? principal.account : undefined;
    case 'aws:principaltype':
      return PRINCIPAL_TYPES[kind];
    case 'aws:username':
      return kind === 'user' ? principal.name : undefined;
    case 'aws:principalisawsservice':
      return kind === 'anonymous' ? undefined : String(kind === 'service');
    case 'aws:principalservicename':
      return kind === 'service' ? principal.value : undefined;
    case 'aws:resourceaccount':
      return ACCOUNT_ID.test(resourceAccount) ? resourceAccount : undefined;
    default:
      return undefined;
  }
}

const PRINCIPAL_TYPES: Partial<Record<RequestPrincipal['kind'], string>> = {
  user: 'User',
  role: 'AssumedRole',
  session: 'AssumedRole',
  'federated-user': 'FederatedUser',
  root: 'Account',
  anonymous: 'Anonymous',
};

export function requestView(
  context: RequestContext | undefined,
  principal: RequestPrincipal,
  resourceAccount: string,
  lowerAction: string,
  options: EvaluationOptions,
): RequestView {
  return new ContextView(lowerCased(context), principal, resourceAccount, lowerAction, options);
}

class ContextView implements RequestView {
  constructor(
    private readonly given: Map<string, ContextValue>,
    private readonly principal: RequestPrincipal,
    private readonly resourceAccount: string,
    private readonly lowerAction: string,
    private readonly options: EvaluationOptions,
  ) {}

  value(key: string): ContextValue | undefined {
    return this.given.get(key) ?? derived(key, this.principal, this.resourceAccount, this.lowerAction);
  }

  knowledge(key: string): KeyKnowledge {
    const { unknownKeys, unknownValueKeys } = this.options;
    if (unknownValueKeys?.(key)) return 'unknown-value';
    if (unknownKeys && this.value(key) === undefined && unknownKeys(key)) return 'unknown';
    return 'known';
  }
}
