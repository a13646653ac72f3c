/**
 * The repository configuration `.github/access-delta.yml` (DESIGN.md §4): its schema, its safe
 * defaults, and parsing with errors that name the key path and what was expected.
 *
 * The JSON Schema published for editors (`schema/access-delta.schema.json`) is generated from
 * `configSchema` by `scripts/config-schema.ts`; a test fails when the committed file is stale.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { CAPABILITIES, DATA_CAPABILITIES } from '../model/access.js';
import { InputError } from '../model/errors.js';

/** The built-in rules, in the order the documentation presents them. */
export const RULE_IDS = [
  'max-principals',
  'public-access',
  'external-accounts',
  'new-administrators',
  'privilege-escalation',
  'unknown-access',
  'people-and-applications',
  'wildcard-grants',
  'unknown-actions',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** The pseudo-rule of findings about the configuration's own waivers (an expired waiver). */
export const WAIVER_RULE_ID = 'waivers';

const severity = z.enum(['error', 'warning', 'notice']);
const accountId = z
  .string({ error: 'expected a 12-digit AWS account ID as a quoted string' })
  .regex(/^\d{12}$/, 'expected a 12-digit AWS account ID');
const region = z
  .string({ error: 'expected an AWS region code such as eu-west-1' })
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region code such as eu-west-1');
const organizationId = z.string().regex(/^o-[a-z0-9]{10,32}$/, 'expected an organization ID (o-xxxxxxxxxx)');
const isoDate = z
  .string({ error: 'expected a date YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date');
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const globs = z.array(nonEmpty);

/** Fields every rule has, with the rule's own default severity. */
function ruleFields(defaultSeverity: z.infer<typeof severity>) {
  return {
    enabled: z.boolean().default(true).describe('Set to false to turn the rule off.'),
    severity: severity.default(defaultSeverity).describe('error fails the check; warning and notice only report.'),
  };
}

const principalLimit = z.strictObject({
  classification: z
    .array(nonEmpty)
    .min(1)
    .describe('Classification tag values the limit applies to (compared case-insensitively).'),
  capabilities: z
    .array(z.enum(CAPABILITIES))
    .min(1)
    .default([...DATA_CAPABILITIES])
    .describe('The capability set: a principal counts when it holds any of these.'),
  max: z.int().min(0).optional().describe('At most this many principals; aggregates (an account, an organization, anyone) count as unbounded.'),
  min: z.int().min(0).optional().describe('At least this many principals.'),
});

const DEFAULT_PEOPLE_ROLES = [
  'admin',
  'security',
  'operations',
  'network-eng',
  'database-eng',
  'cloud-eng',
  'release',
  'observability',
  'app-eng',
  'cost-mgmt',
];

const rulesSchema = z
  .strictObject({
    'max-principals': z
      .strictObject({
        ...ruleFields('error'),
        limits: z
          .array(principalLimit)
          .default([{ classification: ['Confidential', 'Restricted'], capabilities: [...DATA_CAPABILITIES], max: 5 }])
          .describe('Per classification and capability set, how many principals may hold access.'),
      })
      .prefault({}),
    'public-access': z.strictObject(ruleFields('error')).prefault({}),
    'external-accounts': z
      .strictObject({
        ...ruleFields('error'),
        allow: z
          .array(z.union([accountId, organizationId], { error: 'expected a 12-digit account ID or an organization ID (o-...)' }))
          .default([])
          .describe('Account IDs and organization IDs that may be granted access.'),
      })
      .prefault({}),
    'new-administrators': z.strictObject(ruleFields('error')).prefault({}),
    'privilege-escalation': z.strictObject(ruleFields('error')).prefault({}),
    'unknown-access': z.strictObject(ruleFields('error')).prefault({}),
    'people-and-applications': z
      .strictObject({
        ...ruleFields('warning'),
        peopleRoles: z
          .array(nonEmpty)
          .default(DEFAULT_PEOPLE_ROLES)
          .describe('Role-name patterns (* and ? wildcards, case-insensitive) of job-function roles for people.'),
      })
      .prefault({}),
    'wildcard-grants': z.strictObject(ruleFields('warning')).prefault({}),
    'unknown-actions': z
      .strictObject({
        ...ruleFields('warning'),
        denySeverity: severity
          .default('error')
          .describe('Severity for an unknown action in a Deny statement: the Deny silently blocks nothing.'),
      })
      .prefault({}),
  })
  .prefault({});

const waiver = z.strictObject({
  rule: z.enum([...RULE_IDS]).describe('The rule id the waiver applies to.'),
  resource: nonEmpty.optional().describe('Resource ARN or pattern (* and ? wildcards); absent means any.'),
  principal: nonEmpty.optional().describe('Principal ARN or pattern (* and ? wildcards); absent means any.'),
  reason: nonEmpty,
  approver: nonEmpty,
  expires: isoDate.describe('The last day the waiver applies (YYYY-MM-DD).'),
});

export const configSchema = z
  .strictObject({
    _extends: z.string().optional().describe('Org-wide defaults (resolved by the GitHub App before validation).'),
    plans: globs.default(['**/*.tfplan.json']).describe('Globs of committed `terraform show -json` files.'),
    planArtifact: nonEmpty.optional().describe('Name of a workflow artifact holding plan JSON files.'),
    templates: globs.default([]).describe('Globs of CloudFormation/CDK templates.'),
    templateParameters: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))
      .optional()
      .describe('Values of CloudFormation template parameters.'),
    inventory: nonEmpty
      .optional()
      .describe('Path (in the default branch) of a `get-account-authorization-details` JSON file.'),
    accountId: accountId.optional().describe('The account the IaC deploys into.'),
    region: region.optional().describe('The region the IaC deploys into, where a template or provider does not tell.'),
    classification: z
      .strictObject({
        tag: nonEmpty.default('Confidentiality').describe('The tag key that classifies resources.'),
        untagged: nonEmpty
          .optional()
          .describe('Classification assumed for resources without the tag (default: unclassified).'),
      })
      .prefault({}),
    rules: rulesSchema,
    waivers: z.array(waiver).default([]),
    comment: z
      .strictObject({
        whenNoChange: z
          .enum(['one-line', 'none'])
          .default('one-line')
          .describe('For a PR that changes no access: a one-line comment, or none.'),
      })
      .prefault({}),
  })
  .describe('Access Delta configuration (.github/access-delta.yml)');

export type Config = z.output<typeof configSchema>;
export type RulesConfig = Config['rules'];
export type PrincipalLimit = z.output<typeof principalLimit>;

/**
 * Validates a configuration object (already parsed from YAML, `_extends` already resolved).
 * `null`/`undefined` (an empty file) means all defaults.
 * @throws InputError naming `file`, the key path and what was expected.
 */
export function parseConfig(raw: unknown, file: string): Config {
  const result = configSchema.safeParse(datesToIsoStrings(raw ?? {}));
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues.map(describeIssue);
  const more = rest.length === 0 ? '' : `; also ${rest.map((i) => `${i.place}: ${i.problem}`).join('; ')}`;
  throw new InputError(file, first!.place, `${first!.problem}${more}`);
}

/** Parses the YAML text of a configuration file, then validates it (see parseConfig). */
export function parseConfigYaml(text: string, file: string): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const position = error.linePos?.[0];
      const place = position ? `line ${position.line}, column ${position.col}` : undefined;
      throw new InputError(file, place, `invalid YAML: ${error.message.split('\n')[0]}`);
    }
    throw error;
  }
  return parseConfig(raw, file);
}

export const DEFAULT_CONFIG: Config = parseConfig({}, 'default configuration');

/** The JSON Schema of the file as users write it (defaults make keys optional). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input' }) as Record<string, unknown>;
}

/** The text of `schema/access-delta.schema.json`. */
export function configSchemaFileText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

interface IssueText {
  place: string;
  problem: string;
}

function describeIssue(issue: z.core.$ZodIssue): IssueText {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    return {
      place: keyPath([...issue.path, keys[0]!]),
      problem: `unknown key${keys.length > 1 ? `s ${keys.map((k) => `"${k}"`).join(', ')}` : ''}`,
    };
  }
  return { place: keyPath(issue.path), problem: issue.message.replace(/^Invalid input: /, '') };
}

/** `rules.max-principals.limits[0].max`; the root is `(top level)`. */
function keyPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** YAML 1.1 readers (js-yaml, used by Probot) turn `2027-01-31` into a Date; take it back. */
function datesToIsoStrings(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid date' : value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(datesToIsoStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, datesToIsoStrings(v)]));
  }
  return value;
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
