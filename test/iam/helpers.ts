/** Small builders for the IAM engine tests: policies and requests, written out. */
import { compilePolicy, type CompiledPolicy } from '../../src/iam/policy.js';
import { evaluate } from '../../src/iam/evaluate.js';
import type { AuthorizationRequest, Decision, EvaluationOptions, PolicyInputs, RequestContext } from '../../src/iam/types.js';
import type { PolicyKind } from '../../src/model/inventory.js';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
export const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/app/run-1`;
export const BUCKET = 'arn:aws:s3:::data';
export const OBJECT = 'arn:aws:s3:::data/report.csv';

let counter = 0;

/** Compiles a document (`Statement` may be given alone) as a policy of the kind. */
export function policy(kind: PolicyKind, statement: unknown, version = '2012-10-17'): CompiledPolicy {
  counter += 1;
  const id = `${kind}-${counter}`;
  return compilePolicy({ id, name: id, kind, document: { Version: version, Statement: statement } });
}

export function request(overrides: Partial<AuthorizationRequest> = {}, context?: RequestContext): AuthorizationRequest {
  return {
    principal: USER,
    action: 's3:GetObject',
    resource: OBJECT,
    resourceAccount: ACCOUNT,
    ...(context ? { context } : {}),
    ...overrides,
  };
}

/** The decision for a request against the given policies (identity policies default to none). */
export function decide(req: AuthorizationRequest, inputs: Partial<PolicyInputs>, options?: EvaluationOptions): Decision {
  return evaluate(req, { identityPolicies: [], ...inputs }, options);
}

/** One Allow statement of s3:GetObject on the object, with the given condition. */
export function allowWith(condition: unknown, version = '2012-10-17'): CompiledPolicy {
  return policy('inline', { Effect: 'Allow', Action: 's3:GetObject', Resource: OBJECT, Condition: condition }, version);
}

/** The decision kind for an identity policy holding one conditional Allow, given a context. */
export function underCondition(condition: unknown, context: RequestContext, version?: string): Decision['decision'] {
  return decide(request({}, context), { identityPolicies: [allowWith(condition, version)] }).decision;
}
