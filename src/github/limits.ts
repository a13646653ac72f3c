/**
 * Bounds on what one pull-request analysis reads, so a hostile or huge repository cannot
 * exhaust the app. Exceeding a bound on IaC inputs fails the check with a clear message
 * (the analysis would be incomplete); exceeding the bound on `.tf` sources only costs source
 * lines, and the review says so.
 */
export interface Limits {
  /** Plan and template files (base and head counted once per path) one PR may hold. */
  maxIacFiles: number;
  /** Largest plan, template or inventory file, in bytes. */
  maxIacFileBytes: number;
  /** All plan, template and inventory bytes of one analysis together. */
  maxIacTotalBytes: number;
  /** `.tf` files read to locate resource blocks (the first ones by path). */
  maxSourceFiles: number;
  /** `.tf` files larger than this are not read. */
  maxSourceFileBytes: number;
  /** Tree requests when GitHub truncates a recursive tree listing. */
  maxTreeRequests: number;
  /** Largest workflow artifact (compressed), in bytes. */
  maxArtifactBytes: number;
  /** Most entries a workflow artifact may list. */
  maxArtifactEntries: number;
  /** Concurrent blob or tree requests of one analysis. */
  concurrency: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxIacFiles: 100,
  maxIacFileBytes: 50 * 1024 * 1024,
  maxIacTotalBytes: 200 * 1024 * 1024,
  maxSourceFiles: 2000,
  maxSourceFileBytes: 1024 * 1024,
  maxTreeRequests: 1000,
  maxArtifactBytes: 100 * 1024 * 1024,
  maxArtifactEntries: 1000,
  concurrency: 8,
};

/** GitHub's limits (REST API documentation); those on texts live with their renderers in `src/report`. */
export const GITHUB_LIMITS = {
  /** Annotations per create/update check-run request. */
  annotationsPerRequest: 50,
} as const;
