/**
 * Deciding one (actor, target) pair: which capabilities the actor holds on the target, with
 * the allowed actions, the conditions and the statements that allow them.
 *
 * A target has many probes (an S3 bucket about 150), but few ways to decide them: two probes
 * on the same request ARN whose actions the same statements of every policy in play name (and
 * that AWS's per-service rules treat alike) get the same decision. Probes are grouped so, per
 * policy once and per pair by combining those groupings, and the evaluator is asked once per
 * group, and only for groups that some Allow statement names (others are implicitly denied).
 */
import { evaluate } from '../iam/evaluate.js';
import type { CompiledPolicy } from '../iam/policy.js';
import { requestResource } from '../iam/resource-pattern.js';
import { alwaysAllowed, managedByAws, resourcePolicyRequired } from '../iam/service-rules.js';
import type { AuthorizationRequest, CapabilityProbe, Decision, PolicyInputs } from '../iam/types.js';
import { conditionKey, statementKey, type Capability, type GrantCondition, type StatementRef } from '../model/access.js';
import type { Actor } from './actors.js';
import type { PolicyCompiler } from './compiled.js';
import { SampleRequests } from './sample-resource.js';
import { decidedForEntry } from './unknown-principal.js';

/** A capability an actor holds on a target by its own policies (no role assumption). */
export interface Held {
  capability: Capability;
  /** Sorted canonical action names. */
  actions: string[];
  conditional: boolean;
  conditions: GrantCondition[];
  via: StatementRef[];
  fallback: boolean;
}

/** What a decision needs to know about its target. */
export interface DecisionTarget {
  arn: string;
  account: string;
  policy: CompiledPolicy | undefined;
  probes: readonly CapabilityProbe[];
  /** The distinct request ARNs of the probes. */
  requestArns: readonly string[];
  /** Targets with equal ids have the same probe actions in the same order. */
  probeSet: number;
  context: AuthorizationRequest['context'];
  rcps: PolicyInputs['rcps'];
  inManagementAccount: boolean;
}

/** Principal kinds the evaluator decides on the resource policy alone. */
const RESOURCE_ONLY = new Set(['Service', 'Public', 'WebIdentity']);

/**
 * A grouping of a probe list: `ids[i]` is the group of probe i; `allows[g]` is 1 when an
 * Allow statement names the actions of group g.
 */
interface Grouping {
  ids: Int32Array;
  allows: Uint8Array;
}

interface ProbeActions {
  actions: readonly string[];
  services: readonly string[];
}

export class Decider {
  private readonly probeSets = new Map<string, number>();
  private readonly probeActions = new Map<number, ProbeActions>();
  private readonly policyGroupings = new WeakMap<CompiledPolicy, Map<number, Grouping>>();
  private readonly actorGroupings = new WeakMap<Actor, Map<number, Grouping>>();
  private readonly targetGroupings = new WeakMap<DecisionTarget, Grouping>();
  private readonly samples: SampleRequests;
  private readonly decisions = new WeakMap<Actor, WeakMap<DecisionTarget, Held[]>>();
  private lastPolicies: { actor: Actor; target: DecisionTarget; list: CompiledPolicy[] } | undefined;

  constructor(compiler: PolicyCompiler) {
    this.samples = new SampleRequests(compiler);
  }

  /** The id of a probe list: equal ids, equal actions in the same order. */
  probeSetOf(probes: readonly CapabilityProbe[]): number {
    const actions = probes.map((probe) => probe.action).join(',');
    let id = this.probeSets.get(actions);
    if (id === undefined) {
      id = this.probeSets.size;
      this.probeSets.set(actions, id);
    }
    return id;
  }

  /**
   * The capabilities `actor` holds on `target`. Decided once per pair of objects: a side that
   * reuses unchanged actors and targets of another gets their decisions for free.
   */
  decide(actor: Actor, target: DecisionTarget): Held[] {
    let byTarget = this.decisions.get(actor);
    if (!byTarget) {
      byTarget = new WeakMap();
      this.decisions.set(actor, byTarget);
    }
    let held = byTarget.get(target);
    if (!held) {
      held = this.decideNow(actor, target);
      byTarget.set(target, held);
    }
    return held;
  }

  private decideNow(actor: Actor, target: DecisionTarget): Held[] {
    const resourceSide = this.targetGrouping(target);
    const actorSide = RESOURCE_ONLY.has(actor.type) ? null : this.actorGrouping(actor, target);
    const groups = new Map<number, Decision | null>();
    const pairIds = new Float64Array(target.probes.length);
    let any = false;
    for (let i = 0; i < pairIds.length; i++) {
      const a = actorSide ? (actorSide.ids[i] as number) : 0;
      const r = resourceSide.ids[i] as number;
      const mayAllow = (actorSide !== null && actorSide.allows[a] === 1) || resourceSide.allows[r] === 1;
      const id = mayAllow ? a * 65536 + r : -1;
      pairIds[i] = id;
      if (mayAllow && !groups.has(id)) {
        groups.set(id, null);
        any = true;
      }
    }
    if (!any) return [];
    const inputs: PolicyInputs = {
      identityPolicies: actor.identity,
      ...(target.policy ? { resourcePolicy: target.policy } : {}),
      permissionBoundaries: actor.boundaries,
      scps: actor.scps,
      ...(target.rcps ? { rcps: target.rcps } : {}),
      principalOutsideOrganization: actor.outsideOrganization,
      principalInManagementAccount: actor.inManagementAccount,
      resourceInManagementAccount: target.inManagementAccount,
    };
    const request: AuthorizationRequest = {
      principal: actor.requestPrincipal,
      action: '',
      resource: '',
      resourceAccount: target.account,
      context: { ...actor.context, ...target.context },
    };
    const policies = this.policiesOf(actor, target);
    const asked = new Map<string, string>();
    const held = new HeldByCapability();
    target.probes.forEach((probe, i) => {
      const id = pairIds[i] as number;
      if (id < 0) return;
      let decision = groups.get(id);
      if (!decision) {
        let resource = asked.get(probe.requestResource);
        if (resource === undefined) {
          resource = this.samples.requestFor(probe.requestResource, policies);
          asked.set(probe.requestResource, resource);
        }
        request.action = probe.action;
        request.resource = resource;
        decision = evaluate(request, inputs, actor.options);
        if (actor.unknownEntry !== undefined) decision = decidedForEntry(decision, actor.unknownEntry);
        groups.set(id, decision);
      }
      if (decision.decision === 'Allowed') held.add(probe, id, decision);
    });
    return held.list();
  }

  /**
   * Whether no policy of the pair covers only part of a request pattern: the decision then
   * holds for every resource the pattern stands for, whatever its name.
   */
  decidedOnSamples(actor: Actor, target: DecisionTarget): boolean {
    const patterns = target.requestArns.filter((request) => request.includes('*') || request.includes('?'));
    if (patterns.length === 0) return true;
    const policies = this.policiesOf(actor, target);
    return patterns.every((request) => this.samples.requestFor(request, policies) !== request);
  }

  /**
   * Every policy that takes part in deciding the pair. The last pair's list is kept: a pair
   * decided through its shape is asked about in decidedOnSamples, then in decideNow.
   */
  private policiesOf(actor: Actor, target: DecisionTarget): CompiledPolicy[] {
    const last = this.lastPolicies;
    if (last?.actor === actor && last.target === target) return last.list;
    const list = [...actor.identity, ...actor.boundaries, ...actor.scps.flat(), ...(target.policy ? [target.policy] : []), ...(target.rcps ?? []).flat()];
    this.lastPolicies = { actor, target, list };
    return list;
  }

  /** The actor's policies (identity, boundary, SCP levels) grouping the target's probes. */
  private actorGrouping(actor: Actor, target: DecisionTarget): Grouping {
    let byProbeSet = this.actorGroupings.get(actor);
    if (!byProbeSet) {
      byProbeSet = new Map();
      this.actorGroupings.set(actor, byProbeSet);
    }
    let grouping = byProbeSet.get(target.probeSet);
    if (!grouping) {
      const identity = actor.identity.map((policy) => this.policyGrouping(policy, target));
      const guards = [...actor.boundaries, ...actor.scps.flat()].map((policy) => this.policyGrouping(policy, target));
      grouping = combine(target.probes.length, identity, guards);
      byProbeSet.set(target.probeSet, grouping);
    }
    return grouping;
  }

  /**
   * The target's policy and RCPs grouping its probes, split further by request ARN and by
   * the per-service rules that single out some actions.
   */
  private targetGrouping(target: DecisionTarget): Grouping {
    let grouping = this.targetGroupings.get(target);
    if (!grouping) {
      const own = target.policy ? [this.policyGrouping(target.policy, target)] : [];
      const guards = (target.rcps ?? []).flat().map((policy) => this.policyGrouping(policy, target));
      guards.push(serviceRules(target));
      grouping = combine(target.probes.length, own, guards);
      this.targetGroupings.set(target, grouping);
    }
    return grouping;
  }

  /** Probes grouped by the statements of one policy that name their action. */
  private policyGrouping(policy: CompiledPolicy, target: DecisionTarget): Grouping {
    let byProbeSet = this.policyGroupings.get(policy);
    if (!byProbeSet) {
      byProbeSet = new Map();
      this.policyGroupings.set(policy, byProbeSet);
    }
    let grouping = byProbeSet.get(target.probeSet);
    if (!grouping) {
      const { actions, services } = this.actionsOf(target);
      const keys = actions.map((action, i) => {
        let key = '';
        let allows = false;
        for (const statement of policy.statementsFor(services[i] as string)) {
          if (!statement.matchesAction(action)) continue;
          key += `${statement.index},`;
          allows ||= statement.effect === 'Allow';
        }
        return { key, allows };
      });
      grouping = groupingOf(keys);
      byProbeSet.set(target.probeSet, grouping);
    }
    return grouping;
  }

  /** The probes' actions lower-cased, and their services: once per probe list. */
  private actionsOf(target: DecisionTarget): ProbeActions {
    let found = this.probeActions.get(target.probeSet);
    if (!found) {
      const actions = target.probes.map((probe) => probe.action.toLowerCase());
      found = { actions, services: actions.map((action) => action.slice(0, action.indexOf(':'))) };
      this.probeActions.set(target.probeSet, found);
    }
    return found;
  }
}


/** Groups probes by request ARN and by the per-service rules of the evaluator. */
function serviceRules(target: DecisionTarget): Grouping {
  const parsed = new Map<string, ReturnType<typeof requestResource>>();
  return groupingOf(
    target.probes.map((probe) => {
      const lower = probe.action.toLowerCase();
      let resource = parsed.get(probe.requestResource);
      if (!resource) {
        resource = requestResource(probe.requestResource, false);
        parsed.set(probe.requestResource, resource);
      }
      const rules = [alwaysAllowed(lower), managedByAws(lower, resource), resourcePolicyRequired(lower, resource, target.policy?.kind)];
      return { key: `${lower.slice(0, lower.indexOf(':'))} ${rules.join(' ')} ${probe.requestResource}`, allows: false };
    }),
  );
}

function groupingOf(keys: readonly { key: string; allows: boolean }[]): Grouping {
  const idOf = new Map<string, number>();
  const ids = new Int32Array(keys.length);
  const allows: number[] = [];
  keys.forEach(({ key, allows: allow }, i) => {
    let id = idOf.get(key);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(key, id);
      allows.push(allow ? 1 : 0);
    }
    ids[i] = id;
  });
  return { ids, allows: Uint8Array.from(allows) };
}

/**
 * The common refinement of several groupings. A group may allow when one of `granting`
 * (identity or resource policies) allows in it; `guarding` policies only split groups.
 * Refined one grouping at a time, numbering groups in order of first probe, as one pass over
 * the tuples of group ids would.
 */
function combine(length: number, granting: readonly Grouping[], guarding: readonly Grouping[]): Grouping {
  let ids = new Int32Array(length);
  let count = 1;
  for (const grouping of [...granting, ...guarding]) {
    const width = grouping.allows.length;
    if (refineTable.length < count * width) refineTable = new Int32Array(count * width).fill(-1);
    const refined = new Int32Array(length);
    let next = 0;
    for (let i = 0; i < length; i++) {
      const key = (ids[i] as number) * width + (grouping.ids[i] as number);
      let id = refineTable[key] as number;
      if (id < 0) {
        id = next++;
        refineTable[key] = id;
      }
      refined[i] = id;
    }
    for (let i = 0; i < length; i++) refineTable[(ids[i] as number) * width + (grouping.ids[i] as number)] = -1;
    ids = refined;
    count = next;
  }
  const allows = new Uint8Array(length === 0 ? 0 : count);
  for (let i = 0; i < length; i++) {
    if (granting.some((g) => g.allows[g.ids[i] as number] === 1)) allows[ids[i] as number] = 1;
  }
  return { ids, allows };
}

/**
 * combine's table from (group so far, group of the next grouping) to refined group, all -1
 * between calls: combine runs for every actor and target decided, and one table reused by
 * every call allocates nothing per refinement step.
 */
let refineTable = new Int32Array(0);

interface Accumulator {
  actions: string[];
  /** Groups already merged: probes of one group share their decision. */
  groups: Set<number>;
  unconditional: boolean;
  conditions: Map<string, GrantCondition>;
  via: Map<string, StatementRef>;
  curated: boolean;
}

/** Allowed probes gathered per capability. */
class HeldByCapability {
  private readonly byCapability = new Map<Capability, Accumulator>();

  add(probe: CapabilityProbe, group: number, decision: Decision): void {
    for (const capability of probe.capabilities) {
      let entry = this.byCapability.get(capability);
      if (!entry) {
        entry = { actions: [], groups: new Set(), unconditional: false, conditions: new Map(), via: new Map(), curated: false };
        this.byCapability.set(capability, entry);
      }
      entry.actions.push(probe.action);
      entry.curated ||= !probe.fallback;
      if (entry.groups.has(group)) continue;
      entry.groups.add(group);
      if (!decision.conditional) entry.unconditional = true;
      else for (const condition of decision.conditions) entry.conditions.set(conditionKey(condition), condition);
      for (const ref of decision.reasons) entry.via.set(statementKey(ref), ref);
    }
  }

  list(): Held[] {
    return [...this.byCapability].map(([capability, entry]) => ({
      capability,
      actions: [...new Set(entry.actions)].sort(),
      conditional: !entry.unconditional,
      conditions: entry.unconditional ? [] : [...entry.conditions.values()],
      via: [...entry.via.values()],
      fallback: !entry.curated,
    }));
  }
}
