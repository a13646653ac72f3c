import type { InputFile } from '../../src/model/input.js';

/** One resource of a small plan written in a test: its values on each side and its configuration. */
export interface PlannedResource {
  type: string;
  name: string;
  /** Absent: created by the plan. */
  before?: Record<string, unknown>;
  /** Absent: deleted by the plan. */
  after?: Record<string, unknown>;
  afterUnknown?: Record<string, unknown>;
  /** The configuration's expressions (`{ constant_value }` or `{ references }`). */
  expressions?: Record<string, unknown>;
}

/**
 * A `terraform show -json` plan of the root module in one region, with the fields the reader
 * uses: `resource_changes`, `planned_values`, `prior_state` and `configuration`.
 */
export function planFile(path: string, region: string, resources: readonly PlannedResource[]): InputFile {
  const address = (r: PlannedResource) => `${r.type}.${r.name}`;
  const actions = (r: PlannedResource) => (r.before === undefined ? ['create'] : r.after === undefined ? ['delete'] : ['update']);
  const state = (side: 'before' | 'after') =>
    resources.filter((r) => r[side] !== undefined).map((r) => ({ address: address(r), mode: 'managed', type: r.type, name: r.name, values: r[side] }));
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: { resources: state('after') } },
    prior_state: { format_version: '1.0', values: { root_module: { resources: state('before') } } },
    resource_changes: resources.map((r) => ({
      address: address(r),
      mode: 'managed',
      type: r.type,
      name: r.name,
      change: { actions: actions(r), before: r.before ?? null, after: r.after ?? null, after_unknown: r.afterUnknown ?? {} },
    })),
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: region } } } },
      root_module: {
        resources: resources.map((r) => ({ address: address(r), mode: 'managed', type: r.type, name: r.name, provider_config_key: 'aws', expressions: r.expressions ?? {} })),
      },
    },
  };
  return { path, content: JSON.stringify(plan) };
}
