/**
 * The resource instances of a `terraform show -json` plan, on each side of the change.
 *
 * Before = `resource_changes[].change.before`, completed by `prior_state` (resources without a
 * change entry, data sources). After = `resource_changes[].change.after` with `after_unknown`,
 * completed by `planned_values` and by the data sources read while planning (`prior_state`).
 */
import { InputError } from '../../model/errors.js';
import { isObject } from '../json.js';

export interface TfInstance {
  /** Full address: `module.a["x"].aws_iam_role.app[0]`. */
  address: string;
  /** Module instance address (`module.a["x"]`), `''` for the root module. */
  module: string;
  /** The module names of `module`, without instance keys: `module.a["x"].module.b[0]` → `['a', 'b']`. */
  moduleNames: readonly string[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** The instance key as written in the address (`[0]`, `["k"]`), for count/for_each instances. */
  key?: string;
  /** The values the side knows (unknown attributes are absent or null). */
  values: Record<string, unknown>;
  /** `after_unknown`: `true` or a tree of `true` leaves marking values known only after apply. */
  unknown: unknown;
  /** `before_sensitive`/`after_sensitive`/`sensitive_values`: `true` leaves mark sensitive values. */
  sensitive: unknown;
  /** Planned actions (`create`, `update`, `delete`, `read`, `no-op`), when the plan lists them. */
  actions?: string[];
  /** For a view of a nested block (`inline_policy[0].`): prefixed to attribute names in messages. */
  attributePrefix?: string;
}

export interface TfSides {
  before: TfInstance[];
  after: TfInstance[];
}

export function planInstances(plan: Record<string, unknown>, file: string): TfSides {
  const before = new Map<string, TfInstance>();
  const after = new Map<string, TfInstance>();

  const changes = plan['resource_changes'];
  if (changes !== undefined && changes !== null && !Array.isArray(changes)) {
    throw new InputError(file, 'resource_changes', 'expected an array');
  }
  (changes ?? []).forEach((entry: unknown, i: number) => {
    const place = `resource_changes[${i}]`;
    const id = identify(entry, file, place);
    const change = (entry as Record<string, unknown>)['change'];
    if (!isObject(change)) throw new InputError(file, `${place} (${id.address})`, 'missing "change" object');
    const actions = stringList(change['actions']);
    if (isObject(change['before'])) {
      before.set(id.address, instanceOf(id, change['before'], undefined, change['before_sensitive'], actions));
    }
    if (isObject(change['after']) && !actions.includes('forget') && !(actions.length === 1 && actions[0] === 'delete')) {
      const values = alignUnknowns(change['after'], change['after_unknown']) as Record<string, unknown>;
      after.set(id.address, instanceOf(id, values, change['after_unknown'], change['after_sensitive'], actions));
    }
  });

  // The states complete the changes: their instances are built only for addresses still missing.
  const prior = isObject(plan['prior_state']) ? plan['prior_state']['values'] : undefined;
  forEachModuleResource(prior, file, 'prior_state.values', (id, record) => {
    const toBefore = !before.has(id.address);
    // Data sources in the prior state were read while planning, with the new configuration.
    const toAfter = id.mode === 'data' && !after.has(id.address);
    if (!toBefore && !toAfter) return;
    const inst = stateInstance(id, record);
    if (toBefore) before.set(id.address, inst);
    if (toAfter) after.set(id.address, inst);
  });
  forEachModuleResource(plan['planned_values'], file, 'planned_values', (id, record) => {
    if (!after.has(id.address)) after.set(id.address, stateInstance(id, record));
  });
  return { before: [...before.values()], after: [...after.values()] };
}

/**
 * Terraform before 0.14 leaves an element known only after apply out of a list in `after`,
 * while `after_unknown` marks its position; later versions write `null` there. The marked
 * positions get their `null` back, so that a list's elements and their marks line up (else the
 * unknown element would vanish, and a policy lose a resource unnoticed). Copies only what changes.
 */
function alignUnknowns(values: unknown, marks: unknown): unknown {
  if (Array.isArray(marks) && Array.isArray(values)) {
    const missing = marks.filter((mark) => mark === true).length;
    let next = 0;
    const aligned = missing > 0 && marks.length === values.length + missing ? marks.map((mark) => (mark === true ? null : values[next++])) : values;
    let changed = aligned !== values;
    const out = aligned.map((value: unknown, i: number) => {
      const inner = alignUnknowns(value, marks[i]);
      changed ||= inner !== value;
      return inner;
    });
    return changed ? out : values;
  }
  if (!isObject(marks) || !isObject(values)) return values;
  let copy: Record<string, unknown> | undefined;
  for (const [key, mark] of Object.entries(marks)) {
    if (typeof mark !== 'object' || mark === null) continue;
    const inner = alignUnknowns(values[key], mark);
    if (inner !== values[key]) (copy ??= { ...values })[key] = inner;
  }
  return copy ?? values;
}

function stateInstance(id: Identity, record: Record<string, unknown>): TfInstance {
  const values = record['values'];
  return instanceOf(id, isObject(values) ? values : {}, undefined, record['sensitive_values']);
}

/**
 * The instance of `id` with one side's values. Built field by field: spreading the identity
 * (whose `key` is optional) made this a third of reading a large plan's instances.
 */
function instanceOf(id: Identity, values: Record<string, unknown>, unknown: unknown, sensitive: unknown, actions?: string[]): TfInstance {
  const inst: TfInstance = { address: id.address, module: id.module, moduleNames: id.moduleNames, mode: id.mode, type: id.type, name: id.name, values, unknown, sensitive };
  if (id.key !== undefined) inst.key = id.key;
  if (actions) inst.actions = actions;
  return inst;
}

/** Visits every resource of `{root_module: {resources, child_modules}}`, at any depth, checking each. */
function forEachModuleResource(values: unknown, file: string, place: string, visit: (id: Identity, record: Record<string, unknown>) => void): void {
  if (values === undefined || values === null) return;
  if (!isObject(values)) throw new InputError(file, place, 'expected an object');
  const walk = (module: unknown, where: string): void => {
    if (module === undefined || module === null) return;
    if (!isObject(module)) throw new InputError(file, where, 'expected a module object');
    const resources = module['resources'] ?? [];
    if (!Array.isArray(resources)) throw new InputError(file, `${where}.resources`, 'expected an array');
    resources.forEach((entry: unknown, i) => visit(identify(entry, file, `${where}.resources[${i}]`), entry as Record<string, unknown>));
    const children = module['child_modules'] ?? [];
    if (!Array.isArray(children)) throw new InputError(file, `${where}.child_modules`, 'expected an array');
    children.forEach((child: unknown, i) => walk(child, `${where}.child_modules[${i}]`));
  };
  walk(values['root_module'], `${place}.root_module`);
}

type Identity = Pick<TfInstance, 'address' | 'module' | 'moduleNames' | 'mode' | 'type' | 'name' | 'key'>;

function identify(entry: unknown, file: string, place: string): Identity {
  if (!isObject(entry)) throw new InputError(file, place, 'expected a resource object');
  const { address, type, name } = entry;
  if (typeof address !== 'string' || typeof type !== 'string' || typeof name !== 'string') {
    throw new InputError(file, place, 'a resource needs string "address", "type" and "name"');
  }
  // The address's own part follows its module path: a module may be named `data` too.
  const { names: moduleNames, ends } = modulePath(address);
  const moduleEnd = ends[ends.length - 1] ?? 0;
  const module = address.slice(0, moduleEnd);
  const own = address.slice(moduleEnd === 0 ? 0 : moduleEnd + 1);
  const declared = entry['mode'];
  const mode = declared === 'data' || declared === 'managed' ? declared : own.startsWith('data.') ? 'data' : 'managed';
  const local = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  const key = own.startsWith(local) && own.length > local.length ? own.slice(local.length) : undefined;
  const id: Identity = { address, module, moduleNames, mode, type, name };
  if (key) id.key = key;
  return id;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The module path at the start of an address: its module names, and where each module's part
 * ends (the last: `module.a["x"].module.b[0]` of `module.a["x"].module.b[0].aws_x.y`).
 */
function modulePath(address: string): { names: string[]; ends: number[] } {
  const names: string[] = [];
  const ends: number[] = [];
  let i = 0;
  while (address.startsWith('module.', i)) {
    i += 'module.'.length;
    const start = i;
    while (i < address.length && address[i] !== '.' && address[i] !== '[') i++;
    names.push(address.slice(start, i));
    if (address[i] === '[') i = skipIndex(address, i);
    ends.push(i);
    if (address[i] === '.') i++;
  }
  return { names, ends };
}

/** The address of the module instance that calls `module`: `module.a["x"]` for `module.a["x"].module.b[0]`. */
export function callerModule(module: string): string {
  const { ends } = modulePath(module);
  return module.slice(0, ends[ends.length - 2] ?? 0);
}

/** From the `[` of an instance key to just after its `]`, stepping over quoted keys. */
function skipIndex(text: string, open: number): number {
  let i = open + 1;
  if (text[i] === '"') {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  }
  while (i < text.length && text[i] !== ']') i++;
  return i + 1;
}
