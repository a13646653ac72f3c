#!/usr/bin/env node
/**
 * The `access-delta` command line (DESIGN.md §4). Exit codes: 0 no blocking finding,
 * 1 blocking findings, 2 bad usage or unreadable input.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { computeAccess } from './access/index.js';
import { loadCatalog } from './iam/catalog.js';
import { simulateLines } from './iam/index.js';
import { defaultIamClient, fetchAuthorizationDetails, installedModules, isTerraformSource, MODULES_MANIFEST, readAuthorizationDetails } from './iac/index.js';
import { InputError, inputErrorText } from './model/errors.js';
import type { InputFile } from './model/input.js';
import type { Inventory } from './model/inventory.js';
import { blockingFindings, type AnalysisError } from './model/review.js';
import { renderAccess, renderJobSummary, renderJson, renderMarkdown, renderSarif } from './report/index.js';
import { accessOptions, readState, review, type TemplatePair } from './review.js';
import { DEFAULT_CONFIG, parseConfigYaml, type Config } from './rules/index.js';

const USAGE = `Usage:
  access-delta review   --plan FILE [--plan FILE]... [--cfn BASE:HEAD]... [--config FILE]
                        [--inventory FILE | --inventory-live] [--source DIR]...
                        [--format markdown|json|sarif] [--output FILE]
  access-delta access   --plan FILE | --cfn FILE|BASE:HEAD  [--inventory FILE | --inventory-live]
                        [--config FILE] [--source DIR]... [--side before|after] [--format json|table]
  access-delta simulate [--input FILE|-]

  --plan       a \`terraform show -json\` output (repeat for several)
  --cfn        a CloudFormation/CDK template at the base and head of the change; either side
               may be empty for an added or deleted template (\`:new.yaml\`)
  --inventory  \`aws iam get-account-authorization-details\` JSON; --inventory-live fetches it
               with the default AWS credentials
  --source     folders holding the .tf (or .tf.json) files, to point at the lines that grant access
               and to read policies the plan knows only after apply (default: the folder of each plan)

Exit codes: 0 no blocking finding, 1 blocking findings, 2 bad usage or unreadable input.`;

/** Bad usage: shown with the usage text, exit code 2. */
class UsageError extends Error {}

/** Where the command line reads and writes; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: () => string;
}

const PROCESS_IO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: () => readFileSync(0, 'utf8'),
};

type Command = (args: string[], io: CliIO) => Promise<number>;
const COMMANDS: Record<string, Command> = { review: reviewCommand, access: accessCommand, simulate: simulateCommand };

/** Runs one command line; returns the exit code. */
export async function main(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout)(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  try {
    if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
    return await command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`access-delta: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr(`access-delta: ${error.message}\n`);
      return 2;
    }
    // Never exit 0 or 1 (a verdict) on a fault of our own.
    io.stderr(`access-delta: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

async function reviewCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, {
    plan: { type: 'string', multiple: true },
    cfn: { type: 'string', multiple: true },
    inventory: { type: 'string' },
    'inventory-live': { type: 'boolean' },
    config: { type: 'string' },
    format: { type: 'string', default: 'markdown' },
    output: { type: 'string' },
    source: { type: 'string', multiple: true },
  });
  const format = oneOf(values.format, ['markdown', 'json', 'sarif'], '--format');
  const plans = (values.plan ?? []).map(readInput);
  const templates = (values.cfn ?? []).map(templatePair);
  if (plans.length === 0 && templates.length === 0) throw new UsageError('review needs at least one --plan or --cfn');
  const config = readConfig(values.config);
  const inventory = await readInventory(values.inventory, values['inventory-live']);
  const sourceDirs = values.source ?? [...new Set(plans.map((plan) => dirname(plan.path)))];
  const result = await review({
    plans,
    templates,
    terraformSources: sourceDirs.flatMap(terraformFiles),
    ...(inventory === undefined ? {} : { inventory }),
    config,
    today: new Date().toISOString().slice(0, 10),
  });
  const text = format === 'json' ? renderJson(result) : format === 'sarif' ? renderSarif(result) : renderMarkdown(result);
  if (values.output === undefined) io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  else onFile(values.output, () => writeFileSync(values.output!, text));
  // In a GitHub Actions step, the review also goes to the job's summary page.
  const jobSummary = process.env['GITHUB_STEP_SUMMARY'];
  if (jobSummary) onFile(jobSummary, () => appendFileSync(jobSummary, `${renderJobSummary(result)}\n`));
  for (const error of result.errors) io.stderr(`access-delta: ${describeError(error)}\n`);
  if (result.errors.length > 0) return 2;
  return blockingFindings(result.findings).length > 0 ? 1 : 0;
}

async function accessCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, {
    plan: { type: 'string' },
    cfn: { type: 'string' },
    inventory: { type: 'string' },
    'inventory-live': { type: 'boolean' },
    config: { type: 'string' },
    source: { type: 'string', multiple: true },
    side: { type: 'string', default: 'after' },
    format: { type: 'string', default: 'table' },
  });
  const side = oneOf(values.side, ['before', 'after'], '--side');
  const format = oneOf(values.format, ['json', 'table'], '--format');
  if ((values.plan === undefined) === (values.cfn === undefined)) throw new UsageError('access needs exactly one of --plan or --cfn');
  const plans = values.plan === undefined ? [] : [readInput(values.plan)];
  // One template is what it deploys (the after side); BASE:HEAD gives both sides.
  const templates = values.cfn === undefined ? [] : [values.cfn.includes(':') ? templatePair(values.cfn) : { head: readInput(values.cfn) }];
  const inventory = await readInventory(values.inventory, values['inventory-live']);
  const read = readState({
    plans,
    templates,
    terraformSources: (values.source ?? plans.map((plan) => dirname(plan.path))).flatMap(terraformFiles),
    ...(inventory === undefined ? {} : { inventory }),
    config: readConfig(values.config),
  });
  if ('errors' in read) {
    for (const error of read.errors) io.stderr(`access-delta: ${describeError(error)}\n`);
    return 2;
  }
  const result = computeAccess(read.state[side], await loadCatalog(), accessOptions(inventory));
  io.stdout(renderAccess(side, result.grants, result.unknowns, format));
  return 0;
}

async function simulateCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { input: { type: 'string', default: '-' } });
  const text = values.input === '-' ? io.stdin() : readInput(values.input!).content.toString();
  const lines = simulateLines(text);
  io.stdout(lines.map((line) => `${line}\n`).join(''));
  const unreadable = lines.some((line) => 'error' in (JSON.parse(line) as object));
  return unreadable ? 2 : 0;
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function describeError(error: AnalysisError): string {
  return inputErrorText(error.file, error.place, error.message);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T {
  if (allowed.includes(value as T)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}

function readInput(path: string): InputFile {
  return { path, content: onFile(path, () => readFileSync(path)) };
}

/** Runs a file-system call on `path`, turning its failure into an InputError naming the path. */
function onFile<T>(path: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problems: Record<string, string> = { ENOENT: 'no such file or directory', EISDIR: 'is a directory, not a file', ENOTDIR: 'a part of the path is not a directory', EACCES: 'permission denied' };
    throw new InputError(path, undefined, (code && problems[code]) ?? `cannot access (${code ?? String(error)})`);
  }
}

function readConfig(path: string | undefined): Config {
  if (path === undefined) return DEFAULT_CONFIG;
  return parseConfigYaml(readInput(path).content.toString(), path);
}

/** `BASE:HEAD`, either side empty when the template is added or deleted. */
function templatePair(spec: string): TemplatePair {
  const colon = spec.indexOf(':');
  if (colon < 0) throw new UsageError(`--cfn takes BASE:HEAD (either side may be empty), got ${JSON.stringify(spec)}`);
  const [base, head] = [spec.slice(0, colon), spec.slice(colon + 1)];
  if (base === '' && head === '') throw new UsageError('--cfn BASE:HEAD needs at least one side');
  return { ...(base === '' ? {} : { base: readInput(base) }), ...(head === '' ? {} : { head: readInput(head) }) };
}

const SKIPPED_DIRS = new Set(['.git', '.terraform', 'node_modules']);
const MAX_WALKED_ENTRIES = 200_000;

/**
 * The `.tf` files under a directory, to locate resource blocks; and where `terraform init` ran,
 * the modules it installed (`.terraform/modules`: its manifest, and the files of each module it
 * lists, not below). Bounded, and never follows links.
 */
function terraformFiles(dir: string): InputFile[] {
  const found: InputFile[] = [];
  let walked = 0;
  const entries = (current: string) => {
    const list = onFile(current, () => readdirSync(current, { withFileTypes: true }));
    walked += list.length;
    if (walked > MAX_WALKED_ENTRIES) {
      throw new InputError(dir, undefined, `more than ${MAX_WALKED_ENTRIES} files and folders below it; point --source at the Terraform configuration`);
    }
    return list;
  };
  const add = (current: string, name: string) => found.push(readInput(relative(process.cwd(), join(current, name))));
  const walk = (current: string): void => {
    for (const entry of entries(current)) {
      if (entry.isDirectory() && entry.name === '.terraform') addInstalledModules(current);
      else if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) walk(join(current, entry.name));
      else if (entry.isFile() && isTerraformSource(entry.name)) add(current, entry.name);
    }
  };
  const addInstalledModules = (root: string): void => {
    const manifest = join(root, MODULES_MANIFEST);
    if (!existsSync(manifest)) return;
    const text = onFile(manifest, () => readFileSync(manifest, 'utf8'));
    found.push({ path: relative(process.cwd(), manifest), content: text });
    for (const module of installedModules(text)) {
      const moduleDir = join(root, module.dir);
      if (!existsSync(moduleDir)) continue;
      for (const entry of entries(moduleDir)) if (entry.isFile() && isTerraformSource(entry.name)) add(moduleDir, entry.name);
    }
  };
  walk(dir);
  return found;
}

/** A `get-account-authorization-details` file, or `--inventory-live`: the account of the default AWS credentials. */
async function readInventory(path: string | undefined, live: boolean | undefined): Promise<Inventory | undefined> {
  if (path !== undefined && live) throw new UsageError('give --inventory FILE or --inventory-live, not both');
  // IAM is a global service: its endpoint is the partition's, whatever region the environment names.
  if (live) return fetchAuthorizationDetails(await defaultIamClient());
  return path === undefined ? undefined : readAuthorizationDetails(readInput(path));
}

/** True when this module is the program (not imported by a test); `bin` links resolve to it. */
function isProgram(): boolean {
  const script = process.argv[1];
  return script !== undefined && realpathSync(script) === fileURLToPath(import.meta.url);
}

if (isProgram()) process.exitCode = await main(process.argv.slice(2));
