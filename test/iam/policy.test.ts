import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { PolicyValidationError } from '../../src/iam/errors.js';
import { compilePolicy } from '../../src/iam/policy.js';
import type { PolicyKind } from '../../src/model/inventory.js';

const compile = (document: unknown, kind: PolicyKind = 'inline', lenient = false) =>
  compilePolicy(
    { id: 'arn:aws:iam::111111111111:policy/reader', name: 'reader', kind, document, source: { file: 'plan.json', address: 'aws_iam_policy.reader' } },
    { lenient },
  );

/** The message of the validation error the document raises. */
function problem(document: unknown, kind: PolicyKind = 'inline'): string {
  try {
    compile(document, kind);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyValidationError);
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected a validation error');
}

const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

describe('what AWS accepts is accepted', () => {
  it('a single statement object instead of an array, string-or-array values', () => {
    const policy = compile({ Version: '2012-10-17', Statement: { ...allow, Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::b/*' } });
    expect(policy.statements).toHaveLength(1);
    expect(policy.statements[0]?.matchesAction('s3:listbucket')).toBe(true);
  });

  it('an absent Version (2008-10-17 semantics: no policy variables)', () => {
    expect(compile({ Statement: [allow] }).variables).toBe(false);
    expect(compile({ Version: '2012-10-17', Statement: [allow] }).variables).toBe(true);
  });

  it('an empty statement list, condition values as JSON booleans and numbers', () => {
    expect(compile({ Version: '2012-10-17', Statement: [] }, 'scp').statements).toHaveLength(0);
    const conditional = compile({ Statement: [{ ...allow, Condition: { Bool: { 'aws:SecureTransport': true }, NumericLessThan: { 's3:max-keys': 10 } } }] });
    expect(conditional.statements[0]?.conditions.map((c) => c.leaf.values)).toEqual([['true'], ['10']]);
  });

  it('names statements by Sid, or by 1-based index', () => {
    const policy = compile({ Statement: [{ ...allow, Sid: 'Read' }, allow] });
    expect(policy.statements.map((s) => s.ref.statement)).toEqual(['Read', '#2']);
    expect(policy.statements[1]?.ref).toMatchObject({ policy: 'arn:aws:iam::111111111111:policy/reader', policyName: 'reader' });
  });

  it('malformed actions (commas, spaces, empty names) never match but do not fail the policy', () => {
    const policy = compile({ Statement: [{ ...allow, Action: ['s3:GetObject,PutObject', 's3: GetObject', 's3:'] }] });
    for (const action of ['s3:getobject', 's3:putobject']) expect(policy.statements[0]?.matchesAction(action)).toBe(false);
    expect(policy.warnings).toHaveLength(3);
  });
});

describe('invalid documents give errors naming the policy, statement and element', () => {
  it('an unknown element', () => {
    expect(problem({ Statement: [{ ...allow, Sid: 'Read', Actions: 's3:*' }] })).toBe(
      'plan.json: aws_iam_policy.reader: policy reader (arn:aws:iam::111111111111:policy/reader): statement Read: Actions: unknown element "Actions"',
    );
    expect(problem({ Statement: [allow], Versoin: '2012-10-17' })).toMatch(/: Versoin: unknown element "Versoin"$/);
  });

  it('a missing or wrong Effect', () => {
    expect(problem({ Statement: [{ Action: 's3:*', Resource: '*' }] })).toMatch(/statement #1: Effect: Effect is required$/);
    expect(problem({ Statement: [allow, { ...allow, Effect: 'allow' }] })).toMatch(/statement #2: Effect: must be "Allow" or "Deny", not "allow"$/);
  });

  it('Action and NotAction together, or neither', () => {
    expect(problem({ Statement: [{ ...allow, NotAction: 'iam:*' }] })).toMatch(/NotAction: Action and NotAction cannot both be present$/);
    expect(problem({ Statement: [{ Effect: 'Deny', Resource: '*' }] })).toMatch(/Action: Action or NotAction is required$/);
  });

  it('a Principal in an identity policy', () => {
    expect(problem({ Statement: [{ ...allow, Principal: '*' }] })).toMatch(/statement #1: Principal: a inline policy has no principal element/);
  });

  it('NotPrincipal with Allow', () => {
    const message = problem({ Statement: [{ ...allow, NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' } }] }, 'resource');
    expect(message).toMatch(/NotPrincipal: NotPrincipal cannot be used with "Effect": "Allow"$/);
  });

  it('a resource policy statement without Principal, a trust policy with Resource', () => {
    expect(problem({ Statement: [allow] }, 'resource')).toMatch(/Principal: Principal or NotPrincipal is required/);
    expect(problem({ Statement: [{ ...allow, Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }] }, 'trust')).toMatch(
      /Resource: a trust policy has no Resource element/,
    );
  });

  it('a bad ARN in Resource or Principal', () => {
    expect(problem({ Statement: [{ ...allow, Resource: 'arn:aws:s3' }] })).toMatch(/Resource: "arn:aws:s3" is not "\*" or an ARN/);
    expect(problem({ Statement: [{ ...allow, Resource: 'bucket/key' }] })).toMatch(/Resource: "bucket\/key" is not "\*" or an ARN/);
    expect(problem({ Statement: [{ ...allow, Principal: { AWS: 'arn:aws:iam::*:root' } }] }, 'resource')).toMatch(
      /Principal.AWS: "arn:aws:iam::\*:root" is not an account ID/,
    );
    expect(problem({ Statement: [{ ...allow, Principal: { Users: 'x' } }] }, 'resource')).toMatch(/Principal.Users: unknown principal type "Users"$/);
  });

  it('an unknown condition operator or a value it cannot read', () => {
    expect(problem({ Statement: [{ ...allow, Condition: { StringEqualz: { 'aws:username': 'a' } } }] })).toMatch(
      /Condition.StringEqualz: unknown condition operator "StringEqualz"$/,
    );
    expect(problem({ Statement: [{ ...allow, Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } }] })).toMatch(
      /Condition.NumericLessThan.s3:max-keys: "ten" is not a number$/,
    );
    expect(problem({ Statement: [{ ...allow, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }] })).toMatch(/is not an IPv4 or IPv6/);
    expect(problem({ Statement: [{ ...allow, Condition: { NullIfExists: { 'aws:TokenIssueTime': 'true' } } }] })).toMatch(/unknown condition operator/);
  });

  it('a Sid used twice in a document IAM stores', () => {
    expect(problem({ Statement: [{ ...allow, Sid: 'Read' }, { ...allow, Sid: 'Read' }] })).toMatch(/statement Read: Sid: Sid "Read" is used by an earlier statement$/);
    expect(compile({ Statement: [{ ...allow, Sid: 'Read', Principal: '*' }, { ...allow, Sid: 'Read', Principal: '*' }] }, 'resource').statements).toHaveLength(2);
  });

  it('a wrong Version, a missing Statement, a document that is not an object', () => {
    expect(problem({ Version: '2012-10-18', Statement: [allow] })).toMatch(/Version: must be "2012-10-17" or "2008-10-17"/);
    expect(problem({ Version: '2012-10-17' })).toMatch(/Statement: a policy needs a Statement element$/);
    expect(problem('{"Statement": []}')).toMatch(/the policy document must be a JSON object$/);
  });

  it('without a source file the policy is named by its name and id', () => {
    try {
      compilePolicy({ id: 'p-1', name: 'inline-read', kind: 'inline', document: { Statement: [{}] } });
    } catch (error) {
      expect((error as Error).message).toBe('policy inline-read (p-1): statement #1: Effect: Effect is required');
      return;
    }
    throw new Error('expected a validation error');
  });
});

describe('lenient compilation keeps what IAM tightened since, with warnings', () => {
  it('ignores a Principal in an identity policy and allows NotPrincipal with Allow', () => {
    const identity = compile({ Statement: [{ ...allow, Principal: '*' }] }, 'inline', true);
    expect(identity.statements[0]?.principals).toBeNull();
    const resource = compile({ Statement: [{ ...allow, NotPrincipal: { AWS: '111111111111' } }] }, 'resource', true);
    expect(resource.statements[0]?.notPrincipal).toBe(true);
    expect(identity.warnings.length + resource.warnings.length).toBe(2);
  });

  it('still rejects structural errors', () => {
    expect(() => compile({ Statement: [{ Action: 's3:*', Resource: '*' }] }, 'inline', true)).toThrow(PolicyValidationError);
  });
});

describe('compiled policies answer pruning questions cheaply', () => {
  const policy = compile(
    {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111111111111:role/ci', '222222222222'] }, Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' },
        { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } },
        { Effect: 'Deny', Principal: '*', NotAction: 'sqs:*', Resource: '*' },
      ],
    },
    'resource',
  );

  it('indexes statements by service prefix; NotAction applies to every service', () => {
    expect(policy.statementsFor('s3').map((s) => s.index)).toEqual([1, 3]);
    expect(policy.statementsFor('kms').map((s) => s.index)).toEqual([2, 3]);
    expect(policy.statementsFor('ec2').map((s) => s.index)).toEqual([3]);
    expect([...policy.services()].sort()).toEqual(['*', 'kms', 's3']);
  });

  it('tells whether a statement can touch a resource or pattern', () => {
    const [first] = policy.statements;
    expect(first?.mayTouchResource('arn:aws:s3:::b/*')).toBe(true);
    expect(first?.mayTouchResource('arn:aws:s3:::b')).toBe(false);
    expect(first?.mayTouchResource('arn:aws:s3:::*')).toBe(true);
  });

  it('lists the principals its Allow statements name, directly or in conditions', () => {
    expect(policy.namedPrincipals()).toMatchObject({
      anyone: true,
      arns: ['arn:aws:iam::111111111111:role/ci'],
      accounts: ['222222222222'],
      orgIdConditions: ['o-abc'],
    });
  });
});
