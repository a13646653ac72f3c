/**
 * Finds where a plan's resources are declared in the repository's `.tf` and `.tf.json` files:
 * the line of the `resource "TYPE" "NAME"` (or `data`) block, or, for a resource inside a module
 * whose source is not in the repository, the line of the `module "NAME"` call. Also reads the
 * statements of policy document data sources as written (statementLists), for the lists the
 * plan holds only as references.
 */
import { posix } from 'node:path';
import type { InputFile } from '../../model/input.js';
import { isObject, parseJsonLoosely } from '../json.js';
import { decodeInput } from '../text.js';
import type { TerraformConfiguration } from './configuration.js';
import { blockBodyFrom, listOfTemplates, templateOf, type HclBody, type Template } from './hcl.js';

interface Block {
  kind: 'resource' | 'data' | 'module' | 'locals';
  /** `TYPE.NAME` for resources and data sources, the module name for module calls. */
  label: string;
  file: string;
  line: number;
  /** The line its body closes on, where the syntax tells it (JSON); HCL bodies end by indentation. */
  end?: number;
}

export interface TfLocation {
  file: string;
  line: number;
  /** The line its body closes on, where the syntax tells it (see Block.end). */
  end?: number;
}

// One header per line: `resource "aws_iam_role" "app" {`, labels quoted or bare.
const HEADER = /^\s*(resource|data)\s+"?([A-Za-z0-9_-]+)"?\s+"?([A-Za-z0-9_-]+)"?\s*\{/;
// A statement's Sid as HCL writes it in a policy document data source (`sid = "Read"`), in
// `jsonencode({...})` (`Sid = "Read"`, `"Sid" = "Read"`) or a heredoc (`"Sid": "Read"`),
// anywhere on a line; in JSON syntax, `"sid": "Read"`.
const SID = /(?:^|[\s{,[])"?sid"?\s*[=:]\s*"([^"]*)"/gi;
const JSON_SID = /"sid"\s*:\s*"([^"]*)"/g;
const MODULE = /^\s*module\s+"?([A-Za-z0-9_-]+)"?\s*\{/;
const LOCALS = /^\s*locals\s*\{/;

export class TerraformSources {
  /** Blocks by directory. */
  private readonly blocks = new Map<string, Block[]>();
  /** The first block of each `DIR|KIND|LABEL`. */
  private readonly index = new Map<string, Block>();
  private readonly lines = new Map<string, string[]>();
  private readonly texts = new Map<string, string>();
  /** statementLists by `FILE:LINE` of the data source's block. */
  private readonly statements = new Map<string, Map<string, Template[]>[] | undefined>();
  /** Native-syntax block bodies by `FILE:LINE`. */
  private readonly bodies = new Map<string, HclBody | undefined>();
  /** `.tf.json` files parsed, by file (see parsedJson). */
  private readonly json = new Map<string, unknown>();
  /** Where each line of a file starts, by file (see lineStarts). */
  private readonly starts = new Map<string, number[]>();
  /** The directories of the modules Terraform installed for the root module, by key (`a.b` for module `b` in `a`). */
  private readonly installed = new Map<string, string>();
  private readonly rootDir: string | undefined;

  constructor(
    files: readonly InputFile[],
    private readonly configuration: TerraformConfiguration,
    rootResources: ReadonlyArray<{ mode: 'managed' | 'data'; type: string; name: string }>,
  ) {
    for (const file of files) {
      if (!isTerraformSource(file.path)) continue;
      const path = normalize(file.path);
      const text = decodeInput(file).text;
      const lines = text.split('\n');
      this.lines.set(path, lines);
      this.texts.set(path, text);
      const dir = posix.dirname(path);
      const list = this.blocks.get(dir) ?? [];
      for (const block of isJsonSyntax(path) ? jsonHeaders(path, text) : headers(path, lines)) {
        list.push(block);
        const key = `${dir}|${block.kind}|${block.label}`;
        if (!this.index.has(key)) this.index.set(key, block);
      }
      this.blocks.set(dir, list);
    }
    this.rootDir = this.findRoot(rootResources);
    const manifest = files.find((file) => normalize(file.path) === posix.join(this.rootDir ?? '', MODULES_MANIFEST));
    for (const module of manifest ? installedModules(decodeInput(manifest).text) : []) this.installed.set(module.key, posix.join(this.rootDir ?? '', module.dir));
  }

  /** The declaration of a resource in the module at `modules` (module names from the root). */
  locate(modules: readonly string[], mode: 'managed' | 'data', type: string, name: string): TfLocation | undefined {
    const module = this.moduleDir(modules);
    if (!module) return undefined;
    return module.call ?? (module.dir === undefined ? undefined : this.resourceIn(module.dir, mode, type, name));
  }

  /**
   * The block that declares a resource itself, in the repository or in a module Terraform
   * installed (`.terraform/modules`); never the call that stands for a module the inputs lack.
   */
  private declaration(modules: readonly string[], mode: 'managed' | 'data', type: string, name: string): TfLocation | undefined {
    const dir = this.moduleDir(modules)?.dir;
    return dir === undefined ? undefined : this.resourceIn(dir, mode, type, name);
  }

  private resourceIn(dir: string, mode: 'managed' | 'data', type: string, name: string): TfLocation | undefined {
    return this.find(dir, mode === 'data' ? 'data' : 'resource', `${type}.${name}`);
  }

  /**
   * The text of the expression of `local.NAME` in the module at `modules` (its `locals` blocks
   * in native syntax), if the repository holds it.
   */
  localExpression(modules: readonly string[], name: string): string | undefined {
    const dir = this.moduleDir(modules)?.dir;
    if (dir === undefined) return undefined;
    for (const block of this.blocks.get(dir) ?? []) {
      const expression = block.kind === 'locals' ? this.bodyAt(block)?.attributes.get(name) : undefined;
      if (expression !== undefined) return expression;
    }
    return undefined;
  }

  /**
   * The directory of the module at `modules`, when the inputs hold its files; and, for a module
   * the repository does not hold (a registry module, found installed or not), where the
   * repository calls it: findings inside it point there.
   */
  private moduleDir(modules: readonly string[]): { dir: string | undefined; call: TfLocation | undefined } | undefined {
    if (this.rootDir === undefined) return undefined;
    let dir = this.rootDir;
    let call: TfLocation | undefined;
    let outside = false;
    for (let depth = 0; depth < modules.length; depth++) {
      const source = this.configuration.moduleSource(modules.slice(0, depth + 1));
      const local = source !== undefined && isLocal(source) ? posix.normalize(posix.join(dir, source)) : undefined;
      if (local !== undefined && this.blocks.has(local)) {
        dir = local;
        continue;
      }
      if (!outside) call = this.find(dir, 'module', modules[depth]!);
      outside = true;
      const installed = this.installed.get(modules.slice(0, depth + 1).join('.'));
      if (installed === undefined || !this.blocks.has(installed)) return { dir: undefined, call };
      dir = installed;
    }
    return { dir, call };
  }

  /** The body of a native-syntax block, read once. */
  private bodyAt(block: TfLocation): HclBody | undefined {
    const key = `${block.file}:${block.line}`;
    if (!this.bodies.has(key)) {
      const text = isJsonSyntax(block.file) ? undefined : this.texts.get(block.file);
      const lineStart = text === undefined ? undefined : this.lineStarts(block.file)[block.line - 1];
      this.bodies.set(key, text === undefined || lineStart === undefined ? undefined : blockBodyFrom(text, lineStart));
    }
    return this.bodies.get(key);
  }

  /** Where each line of a file starts, worked out once: a file's blocks are read from their line. */
  private lineStarts(file: string): number[] {
    let starts = this.starts.get(file);
    if (!starts) {
      starts = [0];
      for (const line of this.lines.get(file) ?? []) starts.push(starts[starts.length - 1]! + line.length + 1);
      this.starts.set(file, starts);
    }
    return starts;
  }

  /**
   * The list expressions of each `statement` block of the `data.aws_iam_policy_document` named
   * `name` in the module at `modules`, as written: by path in the statement (`resources`,
   * `principals[0].identifiers`, `condition[1].values`), each element a template. Undefined when
   * the block is not found or not read whole (a `dynamic` block makes the plan's statements and
   * the written ones differ); a list written other than as a list of strings and references is
   * absent.
   */
  statementLists(modules: readonly string[], name: string): Map<string, Template[]>[] | undefined {
    const block = this.declaration(modules, 'data', 'aws_iam_policy_document', name);
    const text = block && this.texts.get(block.file);
    if (!block || text === undefined) return undefined;
    const key = `${block.file}:${block.line}`;
    if (!this.statements.has(key)) {
      const statements = isJsonSyntax(block.file) ? jsonStatements(this.parsedJson(block.file, text), name) : hclStatements(this.bodyAt(block));
      this.statements.set(key, statements);
    }
    return this.statements.get(key);
  }

  /** A `.tf.json` file parsed once, however many of its blocks are read; undefined when it is not JSON. */
  private parsedJson(file: string, text: string): unknown {
    if (!this.json.has(file)) this.json.set(file, parseJsonLoosely(text));
    return this.json.get(file);
  }

  /**
   * The text of an attribute's expression in the native-syntax block of a resource, at `path`
   * (`policy`, or `inline_policy[0].policy` in a nested block). Undefined when the block is not
   * found or not followed, the file is in JSON syntax, or a `dynamic` block makes the written
   * nested blocks differ from the plan's.
   */
  expression(modules: readonly string[], mode: 'managed' | 'data', type: string, name: string, path: string): string | undefined {
    const block = this.declaration(modules, mode, type, name);
    let body = block && this.bodyAt(block);
    const steps = path.split('.');
    const attribute = steps.pop()!;
    for (const step of steps) {
      const nested = /^([A-Za-z0-9_]+)\[(\d+)\]$/.exec(step);
      if (!body || !nested || body.blocks.some((b) => b.type === 'dynamic')) return undefined;
      body = body.blocks.filter((b) => b.type === nested[1])[Number(nested[2])]?.body;
    }
    return body?.attributes.get(attribute);
  }

  /** The lines that write the Sids `sids` inside the block found at `block` (see locate). */
  sidLines(block: TfLocation, sids: readonly string[]): Map<string, number> {
    const found = new Map<string, number>();
    const { file, line, end } = block;
    const lines = this.lines.get(file) ?? [];
    const wanted = new Set(sids);
    // An HCL block ends at the next line that starts in column 1 with something other than `}`.
    const inBlock = (i: number): boolean => (end === undefined ? !/^[^\s}#/]/.test(lines[i]!) : i < end);
    const pattern = end === undefined ? SID : JSON_SID;
    for (let i = line; i < lines.length && inBlock(i); i++) {
      for (const [, sid] of lines[i]!.matchAll(pattern)) if (wanted.has(sid!) && !found.has(sid!)) found.set(sid!, i + 1);
    }
    return found;
  }

  private find(dir: string, kind: Block['kind'], label: string): TfLocation | undefined {
    const block = this.index.get(`${dir}|${kind}|${label}`);
    if (!block) return undefined;
    return block.end === undefined ? { file: block.file, line: block.line } : { file: block.file, line: block.line, end: block.end };
  }

  /** The directory whose `.tf` files declare the most of the plan's root-module resources. */
  private findRoot(rootResources: ReadonlyArray<{ mode: 'managed' | 'data'; type: string; name: string }>): string | undefined {
    const wanted = new Set(rootResources.map((r) => `${r.mode === 'data' ? 'data' : 'resource'}:${r.type}.${r.name}`));
    // Modules Terraform installed are never the root.
    const candidates = [...this.blocks].filter(([dir]) => !isInstalled(dir));
    let best: string | undefined;
    let bestCount = 0;
    for (const [dir, blocks] of candidates) {
      const count = blocks.filter((b) => wanted.has(`${b.kind}:${b.label}`)).length;
      if (count > bestCount) {
        best = dir;
        bestCount = count;
      }
    }
    if (best !== undefined || candidates.length !== 1) return best;
    // A plan of modules only: the single directory of `.tf` files is the root.
    return candidates[0]![0];
  }
}

const STATEMENT_LISTS = ['actions', 'not_actions', 'resources', 'not_resources'];
const NESTED_LISTS: Record<string, string> = { principals: 'identifiers', not_principals: 'identifiers', condition: 'values' };

/** A block as written, in either syntax: its lists of templates and its nested blocks. */
interface WrittenBlock {
  list(attribute: string): Template[] | undefined;
  blocks(type: string): WrittenBlock[];
}

function listsOf(statement: WrittenBlock): Map<string, Template[]> {
  const lists = new Map<string, Template[]>();
  const add = (path: string, list: Template[] | undefined) => {
    if (list) lists.set(path, list);
  };
  for (const attribute of STATEMENT_LISTS) add(attribute, statement.list(attribute));
  for (const [type, attribute] of Object.entries(NESTED_LISTS)) statement.blocks(type).forEach((block, i) => add(`${type}[${i}].${attribute}`, block.list(attribute)));
  return lists;
}

function hclStatements(body: HclBody | undefined): Map<string, Template[]>[] | undefined {
  if (!body || hasDynamic(body)) return undefined;
  const written = (block: HclBody): WrittenBlock => ({
    list: (attribute) => {
      const expression = block.attributes.get(attribute);
      return expression === undefined ? undefined : listOfTemplates(expression);
    },
    blocks: (type) => block.blocks.filter((nested) => nested.type === type).map((nested) => written(nested.body)),
  });
  return written(body).blocks('statement').map(listsOf);
}

function hasDynamic(body: HclBody): boolean {
  return body.blocks.some((block) => block.type === 'dynamic' || hasDynamic(block.body));
}

/** The same from a parsed `.tf.json` file: `{"data": {"aws_iam_policy_document": {NAME: {"statement": [...]}}}}`, arrays allowed at each level. */
function jsonStatements(parsed: unknown, name: string): Map<string, Template[]>[] | undefined {
  const bodies = members(parsed, 'data').flatMap((v) => members(v, 'aws_iam_policy_document')).flatMap((v) => members(v, name));
  if (bodies.length !== 1 || !isObject(bodies[0]) || hasDynamicKey(bodies[0])) return undefined;
  const written = (block: unknown): WrittenBlock => ({
    list: (attribute) => {
      const value = isObject(block) ? block[attribute] : undefined;
      const list = Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.map(templateOf) : undefined;
      return list?.every((t): t is Template => t !== undefined) ? list : undefined;
    },
    blocks: (type) => members(block, type).map(written),
  });
  return written(bodies[0]).blocks('statement').map(listsOf);
}

function hasDynamicKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasDynamicKey);
  return isObject(value) && Object.entries(value).some(([key, nested]) => key === 'dynamic' || hasDynamicKey(nested));
}

/** The values under `key` of an object, or of each object of an array of them, arrays flattened. */
function members(value: unknown, key: string): unknown[] {
  const objects = Array.isArray(value) ? value : [value];
  return objects.flatMap((object) => {
    const member = isObject(object) ? object[key] : undefined;
    return member === undefined ? [] : Array.isArray(member) ? member : [member];
  });
}

function headers(path: string, lines: readonly string[]): Block[] {
  const out: Block[] = [];
  lines.forEach((text, i) => {
    const header = HEADER.exec(text);
    if (header) {
      out.push({ kind: header[1] as 'resource' | 'data', label: `${header[2]}.${header[3]}`, file: path, line: i + 1 });
      return;
    }
    const call = MODULE.exec(text);
    if (call) out.push({ kind: 'module', label: call[1]!, file: path, line: i + 1 });
    else if (LOCALS.test(text)) out.push({ kind: 'locals', label: '', file: path, line: i + 1 });
  });
  return out;
}

/** Terraform configuration in native (`.tf`) or JSON (`.tf.json`) syntax. */
export function isTerraformSource(path: string): boolean {
  return /\.tf(\.json)?$/i.test(path);
}

/** A `.tf.json` file: Terraform's JSON syntax, not its native one. */
function isJsonSyntax(path: string): boolean {
  return /\.json$/i.test(path);
}

const JSON_BLOCK_KINDS: Record<string, { kind: Block['kind']; labels: number }> = {
  resource: { kind: 'resource', labels: 2 },
  data: { kind: 'data', labels: 2 },
  module: { kind: 'module', labels: 1 },
};

/**
 * The blocks of a JSON-syntax file, at the lines of their last label: `{"resource": {"TYPE":
 * {"NAME": {...}}}}` (arrays of objects allowed at any level), and the line each body closes on.
 * One pass over the text, keeping the key of each open object; a file that is not JSON yields
 * what was found before the fault.
 */
function jsonHeaders(path: string, text: string): Block[] {
  const out: Block[] = [];
  // Per open container: the key being read for an object, null for an array.
  const open: (string | undefined | null)[] = [];
  // Blocks whose body is still open, with the depth of the object that names them.
  const unclosed: { block: Block; depth: number }[] = [];
  let expectKey = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '{' || c === '[') {
      open.push(c === '{' ? undefined : null);
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      open.pop();
      expectKey = false;
      while (unclosed.length > 0 && unclosed[unclosed.length - 1]!.depth >= open.length) unclosed.pop()!.block.end = line;
    } else if (c === ',') expectKey = open[open.length - 1] !== null;
    else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"' && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
      if (expectKey) {
        const key = text.slice(i + 1, end);
        open[open.length - 1] = key;
        const labels = open.filter((k): k is string => typeof k === 'string');
        const block = JSON_BLOCK_KINDS[labels[0]!];
        if (open[0] !== null && block && labels.length === block.labels + 1 && open.length <= 2 * (block.labels + 1)) {
          const found: Block = { kind: block.kind, label: labels.slice(1).join('.'), file: path, line };
          out.push(found);
          unclosed.push({ block: found, depth: open.length });
        }
        expectKey = false;
      }
      // A line break ends an unterminated string; it is counted on the next step.
      i = text[end] === '\n' ? end - 1 : end;
    }
  }
  return out;
}

/** Where `terraform init` lists the modules it installed, below the root module's directory. */
export const MODULES_MANIFEST = '.terraform/modules/modules.json';

/**
 * The modules a manifest lists, by key, with their directories relative to the root module's;
 * only those inside `.terraform/modules` (local modules are read where the repository has
 * them). A manifest that is not as Terraform writes it lists none.
 */
export function installedModules(text: string): { key: string; dir: string }[] {
  const manifest = parseJsonLoosely(text);
  const modules = isObject(manifest) && Array.isArray(manifest['Modules']) ? manifest['Modules'] : [];
  return modules.flatMap((module: unknown) => {
    if (!isObject(module) || typeof module['Key'] !== 'string' || module['Key'] === '' || typeof module['Dir'] !== 'string') return [];
    const dir = posix.normalize(module['Dir'].replaceAll('\\', '/'));
    return isInstalled(dir) ? [{ key: module['Key'], dir }] : [];
  });
}

function isInstalled(dir: string): boolean {
  return dir.startsWith('.terraform/modules/') || dir.includes('/.terraform/modules/');
}

function isLocal(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

function normalize(path: string): string {
  return posix.normalize(path.replaceAll('\\', '/')).replace(/^\.\//, '');
}
