/**
 * Just enough of HCL's native syntax to read a block's body from a `.tf` file: its attributes
 * (each as the text of its expression) and its nested blocks, and to read an expression made of
 * literals, strings and templates, references, lists, objects and function calls
 * (`[aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"]`, `jsonencode({...})`). The plan tells
 * the references an expression reads but not how it combines them; the text does.
 *
 * One forward pass, no backtracking: strings, interpolations, heredocs and comments are stepped
 * over so that their brackets do not count. Anything else (operators, conditionals, `for`
 * expressions, splats) reads as undefined, never as a guess.
 */

export interface HclBody {
  /** The text of each attribute's expression, by name. */
  attributes: Map<string, string>;
  blocks: HclBlock[];
}

export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
}

/** A string as written, in parts: literal text, and the references interpolated (`${aws_x.y.arn}`). */
export type Template = (string | { reference: string })[];

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_-]*/y;
const TRAVERSAL = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\]|\["[^"\\$%]*"\])+$/;

/**
 * The body of the block whose header's line starts at offset `lineStart`: from the first `{`
 * from there to its matching `}`. Undefined when the text there is not a block this reader
 * follows. (Callers reading many blocks of a file keep where its lines start.)
 */
export function blockBodyFrom(text: string, lineStart: number): HclBody | undefined {
  const open = text.indexOf('{', lineStart);
  if (open < 0) return undefined;
  return new Scanner(text).body(open + 1)?.body;
}

/**
 * A value written with literals, strings, references, lists, objects and function calls only
 * (`jsonencode({Statement = [{Resource = "${aws_s3_bucket.b.arn}/*"}]})`), as a tree; a bare
 * reference is a template of itself. Undefined for anything else: operators, conditionals, `for`
 * expressions, splats.
 */
export type HclValue =
  | { kind: 'template'; template: Template }
  | { kind: 'literal'; value: number | boolean | null }
  | { kind: 'tuple'; items: HclValue[] }
  | { kind: 'object'; entries: [string, HclValue][] }
  | { kind: 'call'; name: string; args: HclValue[] };

export function parseValue(expression: string): HclValue | undefined {
  const scanner = new Scanner(expression);
  const parsed = scanner.value(scanner.skipSpace(0, true));
  return parsed && scanner.skipSpace(parsed.end, true) === expression.length ? parsed.value : undefined;
}

/** The elements of a list expression (`[...]`), each a template; undefined for any other expression. */
export function listOfTemplates(expression: string): Template[] | undefined {
  const value = parseValue(expression);
  if (value?.kind !== 'tuple') return undefined;
  // A list of strings takes `true` and `1` as "true" and "1", as Terraform converts them.
  const templates = value.items.map((item) => (item.kind === 'template' ? item.template : item.kind === 'literal' && item.value !== null ? [String(item.value)] : undefined));
  return templates.every((t): t is Template => t !== undefined) ? templates : undefined;
}

/** A string of a `.tf.json` file (every string there is a template), as a template. */
export function templateOf(value: string): Template | undefined {
  return new Scanner(value).rawTemplate();
}

/** Deeper nesting than this reads as undefined, instead of exhausting the stack. */
const MAX_DEPTH = 100;

class Scanner {
  private depth = 0;

  constructor(private readonly text: string) {}

  /** A body from just after its `{`: attributes and nested blocks, up to just after its `}`. */
  body(from: number): { body: HclBody; end: number } | undefined {
    return this.nested(() => this.readBody(from));
  }

  /** The value that starts at `from` (see HclValue), and where it ends. */
  value(from: number): { value: HclValue; end: number } | undefined {
    return this.nested(() => this.readValue(from));
  }

  private nested<T>(read: () => T | undefined): T | undefined {
    if (this.depth >= MAX_DEPTH) return undefined;
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  private readBody(from: number): { body: HclBody; end: number } | undefined {
    const text = this.text;
    const body: HclBody = { attributes: new Map(), blocks: [] };
    let i = from;
    for (;;) {
      i = this.skipSpace(i, true);
      if (i >= text.length) return undefined;
      if (text[i] === '}') return { body, end: i + 1 };
      const name = this.identifier(i);
      if (!name) return undefined;
      i = this.skipSpace(name.end, false);
      if (text[i] === '=' && text[i + 1] !== '=') {
        const end = this.expressionEnd(i + 1);
        if (end === undefined) return undefined;
        body.attributes.set(name.value, text.slice(i + 1, end).trim());
        i = end;
        continue;
      }
      const labels: string[] = [];
      while (text[i] !== '{') {
        const label = this.name(i);
        if (!label) return undefined;
        labels.push(label.value);
        i = this.skipSpace(label.end, false);
      }
      const nested = this.body(i + 1);
      if (!nested) return undefined;
      body.blocks.push({ type: name.value, labels, body: nested.body });
      i = nested.end;
    }
  }

  /** Past spaces and comments; past line breaks too when `lines`. */
  skipSpace(from: number, lines: boolean): number {
    const text = this.text;
    let i = from;
    while (i < text.length) {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\r' || (lines && c === '\n')) i++;
      else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
        const eol = text.indexOf('\n', i);
        i = eol < 0 ? text.length : lines ? eol + 1 : eol;
      } else if (c === '/' && text[i + 1] === '*') {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? text.length : close + 2;
      } else break;
    }
    return i;
  }

  /** The end of an attribute's expression: its line's end outside brackets, or the body's `}`. */
  private expressionEnd(from: number, interpolation = false): number | undefined {
    const text = this.text;
    let depth = 0;
    let i = from;
    // Inside an interpolation (`${`...`}`), line breaks are free, as within brackets.
    const open = () => depth > 0 || interpolation;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\n' && !open()) return i;
      if (c === '#' || (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) {
        // A line comment ends the expression's line; a block comment may sit inside it.
        if (!open() && text[i + 1] !== '*') return i;
        i = this.skipSpace(i, open());
      } else if (c === '"') {
        const end = this.stringEnd(i);
        if (end === undefined) return undefined;
        i = end;
      } else if (c === '<' && text[i + 1] === '<') {
        const end = this.heredocEnd(i);
        if (end === undefined) return undefined;
        i = end;
      } else {
        if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') {
          if (depth === 0) return i;
          depth--;
        }
        i++;
      }
    }
    return depth === 0 ? i : undefined;
  }

  /** Just after the `"` closing the string that opens at `from`, stepping over interpolations. */
  private stringEnd(from: number): number | undefined {
    const text = this.text;
    let i = from + 1;
    while (i < text.length && text[i] !== '\n') {
      const c = text[i]!;
      if (c === '"') return i + 1;
      if (c === '\\') i += 2;
      else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3;
      else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        const end = this.nested(() => this.expressionEnd(i + 2, true));
        if (end === undefined || text[end] !== '}') return undefined;
        i = end + 1;
      } else i++;
    }
    return undefined;
  }

  /** Just after the terminator line of a heredoc (`<<EOT`, `<<-EOT`) opening at `from`. */
  private heredocEnd(from: number): number | undefined {
    const text = this.text;
    const header = /<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/y;
    header.lastIndex = from;
    const match = header.exec(text);
    if (!match) return undefined;
    let i = header.lastIndex;
    while (i < text.length) {
      const eol = text.indexOf('\n', i);
      const line = text.slice(i, eol < 0 ? text.length : eol);
      if (line.trim() === match[1]) return eol < 0 ? text.length : eol;
      if (eol < 0) return undefined;
      i = eol + 1;
    }
    return undefined;
  }

  /** A block label or object key: a bare identifier, or a quoted string without interpolations. */
  private name(from: number): { value: string; end: number } | undefined {
    if (this.text[from] !== '"') return this.identifier(from);
    const quoted = this.template(from);
    const only = quoted?.template.length === 1 ? quoted.template[0] : undefined;
    return quoted && typeof only === 'string' ? { value: only, end: quoted.end } : undefined;
  }

  private identifier(from: number): { value: string; end: number } | undefined {
    IDENTIFIER.lastIndex = from;
    const match = IDENTIFIER.exec(this.text);
    return match ? { value: match[0], end: IDENTIFIER.lastIndex } : undefined;
  }

  private readValue(from: number): { value: HclValue; end: number } | undefined {
    const text = this.text;
    const c = text[from];
    if (c === '"') {
      const string = this.template(from);
      return string && { value: { kind: 'template', template: string.template }, end: string.end };
    }
    if (c === '<' && text[from + 1] === '<') return this.heredoc(from);
    if (c === '[') {
      const items = this.sequence(from + 1, ']', (i) => this.value(i));
      return items && { value: { kind: 'tuple', items: items.values }, end: items.end };
    }
    if (c === '{') {
      const entries = this.sequence(from + 1, '}', (i) => this.entry(i));
      return entries && { value: { kind: 'object', entries: entries.values }, end: entries.end };
    }
    NUMBER.lastIndex = from;
    const number = NUMBER.exec(text);
    if (number) return { value: { kind: 'literal', value: Number(number[0]) }, end: NUMBER.lastIndex };
    const name = this.identifier(from);
    if (!name) return undefined;
    const keyword = KEYWORDS.get(name.value);
    if (keyword !== undefined && !/[.[]/.test(text[name.end] ?? '')) return { value: { kind: 'literal', value: keyword }, end: name.end };
    if (text[name.end] === '(') {
      const args = this.sequence(name.end + 1, ')', (i) => this.value(i));
      return args && { value: { kind: 'call', name: name.value, args: args.values }, end: args.end };
    }
    const reference = this.traversal(from);
    return reference && { value: { kind: 'template', template: reference.template }, end: reference.end };
  }

  /** `key = value` or `key: value` of an object. */
  private entry(from: number): { value: [string, HclValue]; end: number } | undefined {
    const key = this.name(from);
    if (!key) return undefined;
    const i = this.skipSpace(key.end, false);
    if ((this.text[i] !== '=' && this.text[i] !== ':') || this.text[i + 1] === '=') return undefined;
    const value = this.value(this.skipSpace(i + 1, false));
    return value && { value: [key.value, value.value], end: value.end };
  }

  /** Items up to `close`, separated by commas or line breaks; a trailing comma is allowed. */
  private sequence<T>(from: number, close: string, item: (i: number) => { value: T; end: number } | undefined): { values: T[]; end: number } | undefined {
    const values: T[] = [];
    let i = this.skipSpace(from, true);
    while (this.text[i] !== close) {
      const next = item(i);
      if (!next) return undefined;
      values.push(next.value);
      // A comma, a line break, or both (the comma may open the next line).
      i = this.skipSpace(next.end, true);
      const lineBreak = this.text.slice(next.end, i).includes('\n');
      if (this.text[i] === ',') i = this.skipSpace(i + 1, true);
      else if (!lineBreak && this.text[i] !== close) return undefined;
    }
    return { values, end: i + 1 };
  }

  /** A heredoc (`<<EOT`, `<<-EOT` with its indentation removed) as a template. */
  private heredoc(from: number): { value: HclValue; end: number } | undefined {
    const end = this.heredocEnd(from);
    if (end === undefined) return undefined;
    const text = this.text;
    const bodyStart = text.indexOf('\n', from) + 1;
    const lines = text.slice(bodyStart, text.lastIndexOf('\n', end - 1) + 1).split('\n').slice(0, -1);
    let content = lines;
    if (text[from + 2] === '-') {
      // `<<-`: the smallest indentation of a line with content comes off every line.
      const indent = lines.reduce((least, line) => (line.trim() === '' ? least : Math.min(least, line.length - line.trimStart().length)), Infinity);
      content = lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0));
    }
    const template = new Scanner(content.map((line) => `${line}\n`).join('')).rawTemplate();
    return template && { value: { kind: 'template', template }, end };
  }

  /** The character a backslash escape at `from` stands for: `\\n`, `\\"`, `\\u00e9`, `\\U0001F600`... */
  private escape(from: number): { text: string; end: number } | undefined {
    const kind = this.text[from + 1] ?? '';
    const simple = ESCAPES[kind];
    if (simple !== undefined) return { text: simple, end: from + 2 };
    const digits = kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
    const hex = this.text.slice(from + 2, from + 2 + digits);
    const code = digits > 0 && /^[0-9A-Fa-f]+$/.test(hex) && hex.length === digits ? Number.parseInt(hex, 16) : undefined;
    return code !== undefined && code <= 0x10ffff ? { text: String.fromCodePoint(code), end: from + 2 + digits } : undefined;
  }

  /** A reference written bare (`aws_s3_bucket.b.arn`), as a template of itself. */
  private traversal(from: number): { template: Template; end: number } | undefined {
    const text = this.text;
    let i = this.identifier(from)?.end;
    if (i === undefined) return undefined;
    for (;;) {
      if (text[i] === '.') {
        const next = this.identifier(i + 1);
        if (!next) return undefined;
        i = next.end;
      } else if (text[i] === '[') {
        const close = text.indexOf(']', i);
        if (close < 0) return undefined;
        i = close + 1;
      } else break;
    }
    const reference = text.slice(from, i);
    return TRAVERSAL.test(reference) ? { template: [{ reference }], end: i } : undefined;
  }

  /** The quoted string opening at `from` as a template (see templateParts), and where it ends. */
  private template(from: number): { template: Template; end: number } | undefined {
    return this.templateParts(from + 1, true);
  }

  /** The whole text as a template: a heredoc's content, or a string of a `.tf.json` file. */
  rawTemplate(): Template | undefined {
    return this.templateParts(0, false)?.template;
  }

  /**
   * Literal parts and the references interpolated (`${aws_x.y.arn}`), from `from`: in a quoted
   * string, with its backslash escapes and up to its closing `"` on the same line; else, raw, to
   * the end of the text. Undefined when an interpolation is anything but a reference, or the
   * text holds a directive (`%{if}`).
   */
  private templateParts(from: number, quoted: boolean): { template: Template; end: number } | undefined {
    const text = this.text;
    const template: Template = [];
    let literal = '';
    const done = (end: number) => {
      if (literal !== '' || template.length === 0) template.push(literal);
      return { template, end };
    };
    let i = from;
    while (i < text.length) {
      const c = text[i]!;
      if (quoted && c === '"') return done(i + 1);
      if (quoted && c === '\n') return undefined;
      if (quoted && c === '\\') {
        const escaped = this.escape(i);
        if (!escaped) return undefined;
        literal += escaped.text;
        i = escaped.end;
      } else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
        literal += `${c}{`;
        i += 3;
      } else if (c === '%' && text[i + 1] === '{') return undefined;
      else if (c === '$' && text[i + 1] === '{') {
        const close = text.indexOf('}', i + 2);
        const reference = close < 0 ? '' : text.slice(i + 2, close).trim();
        if (!TRAVERSAL.test(reference)) return undefined;
        if (literal !== '') template.push(literal);
        literal = '';
        template.push({ reference });
        i = close + 1;
      } else {
        literal += c;
        i++;
      }
    }
    return quoted ? undefined : done(i);
  }
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
const KEYWORDS = new Map<string, boolean | null>([
  ['true', true],
  ['false', false],
  ['null', null],
]);
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
