/**
 * Everything a pull request gives the review: the plan files it adds or changes and the plan
 * artifact of its head commit, the CloudFormation/CDK templates it changes (at base and head),
 * the `.tf` sources (for line numbers) and the account inventory from the default branch. Only
 * reads; nothing from the PR is executed.
 *
 * What the PR changes is decided against the commit it branched from (its merge base, what
 * GitHub's "Files changed" shows). A plan the PR did not change describes an older commit: it is
 * not reviewed, and a PR that changes Terraform files without a new plan fails.
 */
import { isTerraformSource } from '../iac/index.js';
import { InputError } from '../model/errors.js';
import type { InputFile } from '../model/input.js';
import type { Inventory, Notice } from '../model/inventory.js';
import { toAnalysisError, type AnalysisError } from '../model/review.js';
import type { TemplatePair } from '../review.js';
import type { Config } from '../rules/config.js';
import { readPlanArtifact, type PlanArtifact } from './artifact.js';
import { compareCommits } from './compare.js';
import { CONFIG_PATH } from './config.js';
import { BlobReader, ByteBudget, globMatcher } from './files.js';
import type { Limits } from './limits.js';
import { mapConcurrent, type GitHubRepo } from './repo.js';
import { listFiles, type TreeFile } from './tree.js';

export interface PullRequestCommits {
  headSha: string;
  baseSha: string;
  /** The branch the configuration and the inventory are read from. */
  defaultBranch: string;
}

export interface PullRequestSources {
  plans: InputFile[];
  templates: TemplatePair[];
  terraformSources: InputFile[];
  inventory?: Inventory;
  /** Paths of the head commit's files: check annotations can only point at these. */
  headPaths: Set<string>;
  /** Inputs that could not be read: the review fails closed with them. */
  errors: AnalysisError[];
  notices: Notice[];
}

export type SourcesOutcome =
  /** The PR changes no plan, template or Terraform file, and has no plan artifact: nothing to review. */
  | { kind: 'none' }
  /** The PR changes Terraform but the configured plan artifact does not exist yet. */
  | { kind: 'waiting'; artifactName: string }
  | { kind: 'found'; sources: PullRequestSources };

/** Reads an inventory file (`get-account-authorization-details` JSON) into an Inventory. */
export type InventoryReader = (file: InputFile) => Inventory;

export interface SourceOptions {
  config: Config;
  limits: Limits;
  readInventory: InventoryReader;
  /**
   * The plan artifact when the event already identified it (a completed workflow run);
   * otherwise, with `config.planArtifact` set, it is looked up by the head SHA.
   */
  findArtifact: () => Promise<PlanArtifact | undefined>;
}

/** Files whose change means the Terraform plan changes (sources, variables, the lock file): the PR needs a new plan. */
const changesPlan = (path: string): boolean => isTerraformSource(path) || /(\.tfvars(\.json)?|\.terraform\.lock\.hcl)$/i.test(path);

export async function collectSources(gh: GitHubRepo, commits: PullRequestCommits, options: SourceOptions): Promise<SourcesOutcome> {
  const { config, limits } = options;
  const [headFiles, baseFiles] = await Promise.all([
    listFiles(gh, commits.headSha, limits),
    mergeBase(gh, commits).then((sha) => listFiles(gh, sha, limits)),
  ]);
  const changed = changedPairs(baseFiles, headFiles);
  const isPlan = globMatcher(config.plans);
  const isTemplate = globMatcher(config.templates);
  const committedPlans = defined(changed.map((pair) => pair.head)).filter((file) => isPlan(file.path));
  const templatePairs = changed.filter((pair) => isTemplate(pair.path));
  const terraformChanges = changed.map((pair) => pair.path).filter((path) => changesPlan(path) && !isPlan(path));

  let artifact: PlanArtifact | undefined;
  if (config.planArtifact !== undefined) {
    artifact = await options.findArtifact();
    if (artifact === undefined && terraformChanges.length > 0) {
      return { kind: 'waiting', artifactName: config.planArtifact };
    }
  }
  // `plans: []` without an artifact declares that the repository's Terraform is not reviewed.
  const planMissing = config.plans.length > 0 && terraformChanges.length > 0 && committedPlans.length === 0 && artifact === undefined;
  if (committedPlans.length === 0 && artifact === undefined && templatePairs.length === 0 && !planMissing) return { kind: 'none' };

  const sources: PullRequestSources = {
    plans: [],
    templates: [],
    terraformSources: [],
    headPaths: new Set(headFiles.map((file) => file.path)),
    errors: planMissing ? [missingPlanError(terraformChanges, config)] : [],
    notices: [],
  };
  const blobs = new BlobReader(gh);
  const budget = new ByteBudget(limits.maxIacTotalBytes);
  const iacFiles = committedPlans.length + templatePairs.length;
  if (iacFiles > limits.maxIacFiles) {
    sources.errors.push({
      file: CONFIG_PATH,
      place: 'plans, templates',
      message: `the pull request changes ${iacFiles} plan and template files, more than the limit of ${limits.maxIacFiles}; narrow the globs`,
    });
    return { kind: 'found', sources };
  }

  const readIac = async (file: TreeFile): Promise<InputFile | undefined> => {
    const problem = sizeProblem(file.size, limits.maxIacFileBytes, budget);
    if (problem === undefined) return blobs.read(file);
    sources.errors.push({ file: file.path, message: problem });
    return undefined;
  };
  sources.plans = defined(await mapConcurrent(committedPlans, limits.concurrency, readIac));
  if (artifact !== undefined) {
    await collect(sources, async () => {
      sources.plans.push(...(await readPlanArtifact(gh, artifact, limits)));
    });
  }
  sources.templates = await mapConcurrent(templatePairs, limits.concurrency, async (pair) => {
    const [base, head] = await Promise.all([pair.base && readIac(pair.base), pair.head && readIac(pair.head)]);
    return { ...(base ? { base } : {}), ...(head ? { head } : {}) };
  });
  if (sources.plans.length > 0) sources.terraformSources = await readTerraformSources(headFiles, blobs, sources.notices, limits);
  if (config.inventory !== undefined) {
    const inventoryPath = config.inventory;
    await collect(sources, async () => {
      sources.inventory = await readInventoryFile(gh, commits.defaultBranch, inventoryPath, budget, options);
    });
  }
  return { kind: 'found', sources };
}

/**
 * Runs `read`, turning bad input into an analysis error (naming its own file) so the other
 * inputs are still reviewed; any other fault (GitHub's API failing) fails the whole analysis.
 */
async function collect(sources: PullRequestSources, read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    sources.errors.push(toAnalysisError(error, error.file));
  }
}

function sizeProblem(size: number, maxFileBytes: number, budget: ByteBudget): string | undefined {
  if (size > maxFileBytes) return `${size} bytes, more than the limit of ${maxFileBytes} bytes per file`;
  if (!budget.take(size)) return `reading it would exceed the limit of ${budget.total} bytes of input per review`;
  return undefined;
}

async function readTerraformSources(files: TreeFile[], blobs: BlobReader, notices: Notice[], limits: Limits): Promise<InputFile[]> {
  const sources = files.filter((file) => isTerraformSource(file.path));
  const readable = sources.filter((file) => file.size <= limits.maxSourceFileBytes);
  const chosen = readable.slice(0, limits.maxSourceFiles);
  const skipped = sources.length - chosen.length;
  if (skipped > 0) {
    notices.push({
      level: 'warning',
      message:
        `${skipped} of ${sources.length} .tf files were not read (limits: ${limits.maxSourceFiles} files, ` +
        `${limits.maxSourceFileBytes} bytes each); findings in them point at the plan instead of the source line`,
    });
  }
  return mapConcurrent(chosen, limits.concurrency, (file) => blobs.read(file));
}

async function readInventoryFile(
  gh: GitHubRepo,
  branch: string,
  path: string,
  budget: ByteBudget,
  options: SourceOptions,
): Promise<Inventory> {
  let entry: { type: string; sha: string; size: number };
  try {
    const { data } = await gh.octokit.rest.repos.getContent({ owner: gh.owner, repo: gh.repo, path, ref: branch });
    if (Array.isArray(data)) throw new InputError(path, undefined, `is a directory in branch ${branch}, not an inventory file`);
    entry = data;
  } catch (error) {
    if ((error as { status?: number }).status === 404) {
      throw new InputError(path, undefined, `the inventory file configured in ${CONFIG_PATH} does not exist in branch ${branch}`);
    }
    throw error;
  }
  if (entry.type !== 'file') throw new InputError(path, undefined, `is a ${entry.type} in branch ${branch}, not an inventory file`);
  const problem = sizeProblem(entry.size, options.limits.maxIacFileBytes, budget);
  if (problem !== undefined) throw new InputError(path, undefined, problem);
  const file = await new BlobReader(gh).read({ path, sha: entry.sha, size: entry.size });
  return options.readInventory(file);
}

/** A path in the merge base and in the head commit (a side is absent when the file is). */
interface PathPair {
  path: string;
  base?: TreeFile;
  head?: TreeFile;
}

/**
 * The commit the PR branched from. The base branch may have moved on since: comparing with its
 * tip would count the base branch's own later changes as changes of the PR. Two commits without
 * common history are compared whole.
 */
async function mergeBase(gh: GitHubRepo, commits: PullRequestCommits): Promise<string> {
  return (await compareCommits(gh, commits.baseSha, commits.headSha))?.mergeBase ?? commits.baseSha;
}

/** The paths added, changed or deleted between `base` and `head`, sorted, each with both sides. */
function changedPairs(base: readonly TreeFile[], head: readonly TreeFile[]): PathPair[] {
  const pairs = new Map<string, PathPair>();
  for (const file of base) pairs.set(file.path, { path: file.path, base: file });
  for (const file of head) pairs.set(file.path, { path: file.path, ...pairs.get(file.path), head: file });
  return [...pairs.keys()]
    .sort()
    .map((path) => pairs.get(path)!)
    .filter((pair) => pair.base?.sha !== pair.head?.sha);
}

/** A PR that changes Terraform files but carries no new plan: the plan in the repository (if any) is older. */
function missingPlanError(terraformChanges: readonly string[], config: Config): AnalysisError {
  const [first, ...others] = terraformChanges;
  const also = others.length === 0 ? '' : ` (with ${others.length} other Terraform file${others.length === 1 ? '' : 's'})`;
  return {
    file: first!,
    message:
      `changed by this pull request${also}, but the pull request adds or changes no plan JSON matching ${config.plans.join(', ')} ` +
      'and no plan artifact is configured, so the plan is missing or out of date (a plan the pull request did not change ' +
      'describes an older commit). Produce it in the changed configuration with "terraform plan -out=tfplan" and ' +
      `"terraform show -json tfplan > NAME.tfplan.json" and commit the JSON, or let a workflow upload it and set planArtifact in ${CONFIG_PATH}.`,
  };
}

function defined<T>(items: readonly (T | undefined)[]): T[] {
  return items.filter((item): item is T => item !== undefined);
}
