/**
 * Compile once: every policy document is validated and compiled a single time, shared by all
 * principals and resources that use it and, in a delta, by both sides when it did not change.
 */
import { compilePolicy, type CompiledPolicy, type CompiledStatement } from '../iam/policy.js';
import type { PolicyDocument } from '../model/inventory.js';
import { sameJson } from './same-json.js';

export class PolicyCompiler {
  private readonly byDocument = new WeakMap<PolicyDocument, CompiledPolicy>();
  private readonly byId = new Map<string, { policy: PolicyDocument; compiled: CompiledPolicy }>();
  private readonly documents = new WeakMap<CompiledPolicy, unknown>();

  constructor(private readonly lenient = false) {}

  /** The compiled policy; throws the evaluator's PolicyValidationError (an InputError). */
  compile(policy: PolicyDocument): CompiledPolicy {
    const known = this.byDocument.get(policy);
    if (known) return known;
    const same = this.byId.get(policy.id);
    let compiled: CompiledPolicy;
    // Equal documents from both sides of a delta (name and source included) share one.
    if (same && sameJson(same.policy, policy)) {
      compiled = same.compiled;
    } else {
      // Several services take resource policies without `Resource` (it is the resource itself,
      // as in ECR repository policies): those read as applying to any resource.
      compiled = compilePolicy(policy, { lenient: this.lenient || policy.kind === 'resource' });
      this.byId.set(policy.id, { policy, compiled });
      this.documents.set(compiled, policy.document);
    }
    this.byDocument.set(policy, compiled);
    return compiled;
  }

  /**
   * A statement's `Resource` (or `NotResource`) values as written, in the order of its
   * compiled entries (the compiled form keeps only matchers); empty when it has neither.
   */
  resourceTexts(policy: CompiledPolicy, statement: CompiledStatement): string[] {
    const document = this.documents.get(policy) as { Statement?: unknown } | undefined;
    const raw = Array.isArray(document?.Statement) ? document.Statement[statement.index - 1] : document?.Statement;
    const fields = (raw ?? {}) as { Resource?: unknown; NotResource?: unknown };
    const value = statement.notResource ? fields.NotResource : fields.Resource;
    return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : [];
  }

}
