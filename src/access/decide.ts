/**
 * Deciding one (actor, target) pair: which capabilities the actor holds on the target, with
 * the allowed actions, the conditions and the statements that allow them.
 *
 * Only probes that some Allow statement of the actor's identity policies or of the target's
 * policy can match by action are put to the evaluator (an action no Allow names is implicitly
 * denied); which those are is worked out once per policy and probe list.
 */
import { evaluate } from '../iam/evaluate.js';
import type { CompiledPolicy } from '../iam/policy.js';
import type { AuthorizationRequest, CapabilityProbe, PolicyInputs } from '../iam/types.js';
import type { Capability, GrantCondition, StatementRef } from '../model/access.js';
import type { Actor } from './actors.js';

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
  /** Targets with equal ids have the same probe actions in the same order. */
  probeSet: number;
  context: AuthorizationRequest['context'];
  rcps: PolicyInputs['rcps'];
  inManagementAccount: boolean;
}

/** Principal kinds the evaluator decides on the resource policy alone. */
const RESOURCE_ONLY = new Set(['Service', 'Public', 'WebIdentity']);

export class Decider {
  private readonly policyMasks = new WeakMap<CompiledPolicy, Map<number, Uint8Array>>();
  private readonly identityMasks = new WeakMap<Actor, Map<number, Uint8Array>>();
  private readonly probeSets = new Map<string, number>();

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

  /** The capabilities `actor` holds on `target`, in the order of the probes. */
  decide(actor: Actor, target: DecisionTarget): Held[] {
    const candidates = this.candidateProbes(actor, target);
    if (candidates === null) return [];
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
    const held = new HeldByCapability();
    target.probes.forEach((probe, i) => {
      if (candidates[i] === 0) return;
      request.action = probe.action;
      request.resource = probe.requestResource;
      const decision = evaluate(request, inputs, actor.options);
      if (decision.decision === 'Allowed') held.add(probe, decision.conditional ? decision.conditions : null, decision.reasons);
    });
    return held.list();
  }

  /** 1 for each probe an Allow could match by action; null when none can. */
  private candidateProbes(actor: Actor, target: DecisionTarget): Uint8Array | null {
    const resource = target.policy ? this.mask(target.policy, target) : null;
    const identity = RESOURCE_ONLY.has(actor.type) ? null : this.identityMask(actor, target);
    if (!identity) return resource && resource.includes(1) ? resource : null;
    if (!resource) return identity.includes(1) ? identity : null;
    const union = identity.map((bit, i) => bit | (resource[i] as number));
    return union.includes(1) ? union : null;
  }

  private identityMask(actor: Actor, target: DecisionTarget): Uint8Array | null {
    if (actor.identity.length === 0) return null;
    let byProbeSet = this.identityMasks.get(actor);
    if (!byProbeSet) {
      byProbeSet = new Map();
      this.identityMasks.set(actor, byProbeSet);
    }
    let mask = byProbeSet.get(target.probeSet);
    if (!mask) {
      mask = new Uint8Array(target.probes.length);
      for (const policy of actor.identity) {
        const own = this.mask(policy, target);
        for (let i = 0; i < mask.length; i++) mask[i] = (mask[i] as number) | (own[i] as number);
      }
      byProbeSet.set(target.probeSet, mask);
    }
    return mask;
  }

  /** Probes of the target's probe list whose action an Allow statement of `policy` matches. */
  private mask(policy: CompiledPolicy, target: DecisionTarget): Uint8Array {
    let byProbeSet = this.policyMasks.get(policy);
    if (!byProbeSet) {
      byProbeSet = new Map();
      this.policyMasks.set(policy, byProbeSet);
    }
    let mask = byProbeSet.get(target.probeSet);
    if (!mask) {
      mask = new Uint8Array(target.probes.length);
      target.probes.forEach((probe, i) => {
        const lower = probe.action.toLowerCase();
        const service = lower.slice(0, lower.indexOf(':'));
        const allows = policy.statementsFor(service).some((s) => s.effect === 'Allow' && s.matchesAction(lower));
        (mask as Uint8Array)[i] = allows ? 1 : 0;
      });
      byProbeSet.set(target.probeSet, mask);
    }
    return mask;
  }
}

interface Accumulator {
  actions: Set<string>;
  unconditional: boolean;
  conditions: Map<string, GrantCondition>;
  via: Map<string, StatementRef>;
  curated: boolean;
}

/** Allowed probes gathered per capability. */
class HeldByCapability {
  private readonly byCapability = new Map<Capability, Accumulator>();

  add(probe: CapabilityProbe, conditions: GrantCondition[] | null, reasons: StatementRef[]): void {
    for (const capability of probe.capabilities) {
      let entry = this.byCapability.get(capability);
      if (!entry) {
        entry = { actions: new Set(), unconditional: false, conditions: new Map(), via: new Map(), curated: false };
        this.byCapability.set(capability, entry);
      }
      entry.actions.add(probe.action);
      entry.curated ||= !probe.fallback;
      if (conditions === null) entry.unconditional = true;
      else for (const condition of conditions) entry.conditions.set(conditionKey(condition), condition);
      for (const ref of reasons) entry.via.set(statementKey(ref), ref);
    }
  }

  list(): Held[] {
    return [...this.byCapability].map(([capability, entry]) => ({
      capability,
      actions: [...entry.actions].sort(),
      conditional: !entry.unconditional,
      conditions: entry.unconditional ? [] : [...entry.conditions.values()],
      via: [...entry.via.values()],
      fallback: !entry.curated,
    }));
  }
}

export function conditionKey(condition: GrantCondition): string {
  return JSON.stringify([condition.operator, condition.key, condition.values, condition.negated, condition.policy, condition.statement]);
}

export function statementKey(ref: StatementRef): string {
  return `${ref.policy}\u0000${ref.statement}`;
}
