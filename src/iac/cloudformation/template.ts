/**
 * Parsing a CloudFormation template: JSON, or YAML with the short-form intrinsic tags
 * (`!Ref`, `!Sub`, `!GetAtt`, ...), which become their long forms (`{"Fn::Sub": ...}`). Also
 * finds the line where each resource's logical ID is written.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Tags, YAMLMap } from 'yaml';
import { InputError } from '../../model/errors.js';
import type { InputFile } from '../../model/input.js';
import type { Notice } from '../../model/inventory.js';
import { isObject, parseJson } from '../json.js';
import { decodeInput } from '../text.js';

export interface ParsedTemplate {
  template: Record<string, unknown>;
  /** The 1-based line of each resource's logical ID. */
  lines: Map<string, number>;
  notices: Notice[];
}

const FUNCTIONS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
  'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString',
];

/** `!Ref x` → `{Ref: x}`; `!GetAtt a.b` → `{"Fn::GetAtt": ["a", "b"]}`; `!Sub [..]` → `{"Fn::Sub": [..]}`. */
const SHORT_FORMS: Tags = [
  ...['Ref', 'Condition', ...FUNCTIONS].flatMap((name) => {
    const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
    const scalar = (text: string): unknown => {
      if (name !== 'GetAtt') return { [key]: text };
      const dot = text.indexOf('.');
      return { [key]: dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)] };
    };
    const wrap = (node: unknown): YAMLMap => {
      const map = new YAMLMap();
      map.set(key, node);
      return map;
    };
    return [
      { tag: `!${name}`, resolve: scalar },
      { tag: `!${name}`, collection: 'seq' as const, resolve: wrap },
      { tag: `!${name}`, collection: 'map' as const, resolve: wrap },
    ];
  }),
];

export function parseTemplate(file: InputFile): ParsedTemplate {
  const { text, notices } = decodeInput(file);
  const parsed = text.trimStart().startsWith('{') ? parseJsonTemplate(text, file.path) : parseYamlTemplate(text, file.path);
  if (!isObject(parsed.template['Resources'])) {
    throw new InputError(file.path, undefined, 'not a CloudFormation template: no "Resources" object');
  }
  return { ...parsed, notices };
}

function parseJsonTemplate(text: string, path: string): Omit<ParsedTemplate, 'notices'> {
  const template = parseJson(text, path);
  if (!isObject(template)) throw new InputError(path, undefined, 'not a CloudFormation template: expected a JSON object');
  const lines = new Map<string, number>();
  const resourcesAt = text.indexOf('"Resources"');
  if (resourcesAt >= 0 && isObject(template['Resources'])) {
    for (const id of Object.keys(template['Resources'])) {
      const at = keyOffset(text, JSON.stringify(id), resourcesAt);
      if (at >= 0) lines.set(id, lineOf(text, at));
    }
  }
  return { template, lines };
}

/** The offset of `"key"` written as an object key (followed by `:`) after `from`. */
function keyOffset(text: string, quoted: string, from: number): number {
  for (let at = text.indexOf(quoted, from); at >= 0; at = text.indexOf(quoted, at + 1)) {
    let next = at + quoted.length;
    while (text[next] === ' ' || text[next] === '\t' || text[next] === '\r' || text[next] === '\n') next++;
    if (text[next] === ':') return at;
  }
  return -1;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function parseYamlTemplate(text: string, path: string): Omit<ParsedTemplate, 'notices'> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { customTags: SHORT_FORMS, lineCounter, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    // Only the first line of the message: the rest quotes the file.
    const problem = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(path, position ? `line ${position.line}, column ${position.col}` : undefined, `not valid YAML: ${problem}`);
  }
  const template: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (!isObject(template)) throw new InputError(path, undefined, 'not a CloudFormation template: expected a mapping');
  const lines = new Map<string, number>();
  const resources = doc.get('Resources');
  if (isMap(resources)) {
    for (const item of resources.items) {
      if (isScalar(item.key) && item.key.range) lines.set(String(item.key.value), lineCounter.linePos(item.key.range[0]).line);
    }
  }
  return { template, lines };
}
