/**
 * The contract of src/iam: requests, decisions and the capability probes that src/access
 * builds on. The evaluation follows AWS's documented logic (DESIGN.md §3).
 */
import type { Capability, GrantCondition, StatementRef } from '../model/access.js';
import type { CompiledPolicy } from './policy.js';

export type ContextValue = string | string[];
export type RequestContext = Record<string, ContextValue>;

/** One question: may this principal do this action on this resource? */
export interface AuthorizationRequest {
  /** An ARN (user, role, assumed-role session, federated user, account root), a service
   * principal (`lambda.amazonaws.com`) or `anonymous`. */
  principal: string;
  /** `service:Action`, matched case-insensitively. */
  action: string;
  /**
   * The resource ARN, or `*` for actions that only support `*`. It may hold `*`/`?` wildcards
   * meaning "some resource matching this pattern" (e.g. `arn:aws:s3:::bucket/*`: any object
   * of the bucket): an Allow statement applies when its resource patterns can match some
   * such resource, a Deny statement only when it covers every one of them.
   */
  resource: string;
  /** The account that owns the resource (same- vs cross-account rules). */
  resourceAccount: string;
  /**
   * The action supports only `Resource: "*"`: `resource` is then the literal `*`, matched
   * only by policy resources that match the string `*`, never read as a pattern.
   */
  wildcardOnlyAction?: boolean;
  /** Context keys and values. The engine adds the keys it can derive from `principal`
   * (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:username`, ...).
   * The engine reads an object once and remembers it: do not change it after passing it. */
  context?: RequestContext;
}

export type DecisionKind = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** The policy type that blocked a request. */
export type Gate = 'scp' | 'rcp' | 'identity' | 'resource' | 'boundary' | 'session' | 'vpce';

export interface Decision {
  decision: DecisionKind;
  /** Empty when allowed. */
  blockedBy: Gate[];
  /** Allowed: the statements that allow. ExplicitlyDenied: the statements that deny. */
  reasons: StatementRef[];
  /**
   * Only when the request leaves context keys unknown (see EvaluationOptions.unknownKeys) or a
   * policy holds values known only at deploy or apply time (unknown-value.ts): true when the
   * decision is Allowed only under conditions on those keys or values.
   */
  conditional: boolean;
  /** The conditions on unknown keys under which the access holds (empty when unconditional). */
  conditions: GrantCondition[];
  /** How `conditions` combine; present exactly when `conditional` is true. */
  conditionTree?: ConditionTree;
}

export interface EvaluationOptions {
  /**
   * Keys that the request leaves unknown: for such a key absent from `context`, the engine
   * does not assume it is absent but works out whether, and under which conditions on it,
   * the request is allowed (Discovery). Keys for which this returns false are absent.
   * Default: every key not in `context` is absent (Strict). Called with lower-cased keys.
   */
  unknownKeys?: (key: string) => boolean;
  /**
   * Keys that are present in every such request but whose value is unknown (e.g.
   * `aws:SourceIp`): `Null` and `...IfExists` treat them as present, every other operator
   * leaves a condition on them. Applies whether or not the key is in `context`. Called with
   * lower-cased keys.
   */
  unknownValueKeys?: (key: string) => boolean;
}

/**
 * A question src/access asks to decide whether a principal holds a capability on a resource:
 * one action against one request ARN (e.g. `s3:GetObject` on `arn:aws:s3:::bucket/*`).
 */
export interface CapabilityProbe {
  action: string;
  /** The ARN (or pattern, see AuthorizationRequest.resource) to ask about. */
  requestResource: string;
  capabilities: Capability[];
  /** True when the capabilities came from the access-level fallback. */
  fallback: boolean;
  /**
   * True when the resource's CloudFormation type is not in the capability map's type table:
   * the probes were derived from its ARN (the catalog resource type it matches, or every
   * action of its service).
   */
  unmappedType?: boolean;
}

/**
 * The conditions a conditional decision depends on, as written in the policies, combined as
 * the evaluation logic combines them (statements of one policy type OR, policy types AND, a
 * Deny's conditions negated). `Decision.conditions` is the flat list of its leaves.
 */
export type ConditionTree =
  | { kind: 'condition'; condition: GrantCondition }
  | { kind: 'and' | 'or'; items: ConditionTree[] };

/**
 * Every policy that takes part in one decision, compiled (see `compilePolicy`). Compile each
 * document once and reuse the objects across decisions.
 */
export interface PolicyInputs {
  /** The principal's identity policies: for a user its own and its groups' policies. */
  identityPolicies: readonly CompiledPolicy[];
  /** The resource's policy (bucket policy, key policy, role trust policy, ...). */
  resourcePolicy?: CompiledPolicy;
  /** The principal's permissions boundary (AWS allows one; several are read as one set). */
  permissionBoundaries?: readonly CompiledPolicy[];
  /** The session policy of a role session or federated-user session. */
  sessionPolicy?: CompiledPolicy;
  /** Policies of the VPC endpoints the request passes through; each must allow. */
  vpcEndpointPolicies?: readonly CompiledPolicy[];
  /** SCP levels of the principal's account, root first, account last; each level must allow. */
  scps?: readonly (readonly CompiledPolicy[])[];
  /**
   * RCP levels of the resource's account, root first, account last; each level must allow
   * (include `RCPFullAWSAccess` where AWS attaches it).
   */
  rcps?: readonly (readonly CompiledPolicy[])[];
  /** The principal's account is not in the organization the SCPs belong to: SCPs do not apply. */
  principalOutsideOrganization?: boolean;
  /** The principal belongs to the organization's management account: SCPs do not apply. */
  principalInManagementAccount?: boolean;
  /** The resource belongs to the organization's management account: RCPs do not apply. */
  resourceInManagementAccount?: boolean;
}
