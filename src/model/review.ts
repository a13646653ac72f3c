/**
 * Findings and the Review: what every front end (CLI, GitHub App, Action) delivers.
 */
import type { Delta, Grant } from './access.js';
import { InputError } from './errors.js';
import type { Notice, SourceLocation, UnknownValue } from './inventory.js';

export type Severity = 'error' | 'warning' | 'notice';

export interface Waiver {
  rule: string;
  /** Resource ARN or pattern the waiver covers; absent means any. */
  resource?: string;
  /** Principal ARN or pattern the waiver covers; absent means any. */
  principal?: string;
  reason: string;
  approver: string;
  /** ISO date `YYYY-MM-DD`; the waiver no longer applies after this day. */
  expires: string;
}

/** A rule's verdict about the after-state or the delta. */
export interface Finding {
  /** Rule id, e.g. `max-principals`. */
  rule: string;
  severity: Severity;
  /** One sentence a reviewer understands: what is wrong. */
  message: string;
  /** What to do about it. */
  remediation?: string;
  resource?: string;
  principal?: string;
  /** Where the access is granted (the `.tf`/template lines to annotate). */
  locations: SourceLocation[];
  /** Set when a waiver in the configuration covers this finding. */
  waiver?: Waiver;
}

/** Analysis that could not be done; the review fails closed with it. */
export interface AnalysisError {
  file: string;
  /** Where in the file: a JSON path, a line, a Terraform address. */
  place?: string;
  message: string;
}

/**
 * The analysis error an exception stands for: bad input names its file and place; anything
 * else is reported against `file` as an internal error, so that the review still fails closed.
 */
export function toAnalysisError(error: unknown, file: string): AnalysisError {
  if (error instanceof InputError) return { file: error.file, ...(error.place === undefined ? {} : { place: error.place }), message: error.problem };
  // Exhausting the stack takes input nested far beyond what any real plan, template or policy holds.
  if (error instanceof RangeError && /call stack/i.test(error.message)) return { file, message: 'nested too deeply to analyse (the structure is deeper than any real input holds)' };
  const message = error instanceof Error ? error.message : String(error);
  return { file, message: `internal error while analysing: ${message}` };
}

export type Conclusion = 'success' | 'failure' | 'neutral';

/** A resource the change touches, with its classification and complete after-state access. */
export interface ReviewedResource {
  arn: string;
  type: string;
  name: string;
  classification?: string;
  source?: SourceLocation;
  /** Every grant on the resource after the change. */
  after: Grant[];
}

export interface Review {
  conclusion: Conclusion;
  /** The input files that were analysed. */
  inputs: string[];
  delta: Delta;
  findings: Finding[];
  resources: ReviewedResource[];
  unknowns: UnknownValue[];
  notices: Notice[];
  errors: AnalysisError[];
}

/** Findings that fail the check: errors that no valid waiver covers. */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error' && f.waiver === undefined);
}
