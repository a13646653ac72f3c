/**
 * A Mermaid flowchart of the access that changed (GitHub renders ```mermaid blocks):
 * principal → resource, one edge per principal, resource and kind of change, labelled with the
 * capabilities. Added edges are solid green, removed dotted red, changed thick amber.
 */
import { CHANGE_ORDER, principalOf, type ChangeKind, type ReviewView } from './sections.js';

/** Mermaid slows down and GitHub stops rendering long before this many edges are unreadable. */
export const MAX_DIAGRAM_EDGES = 60;

const ARROW: Record<ChangeKind, string> = { added: '-->', removed: '-.->', changed: '==>' };
const SIGN: Record<ChangeKind, string> = { added: '+', removed: '−', changed: '~' };
const COLOUR: Record<ChangeKind, string> = { added: '#1a7f37', removed: '#cf222e', changed: '#9a6700' };

interface Node {
  key: string;
  label: string;
}

interface Edge {
  kind: ChangeKind;
  principal: Node;
  resource: Node;
  capabilities: string[];
}

/** The diagram as a Markdown block, or '' when no access changed. */
export function changeDiagram(view: ReviewView): string {
  const edges = collectEdges(view);
  if (edges.length === 0) return '';
  const shown = edges.slice(0, MAX_DIAGRAM_EDGES);
  const principals = nodeIds(shown.map((e) => e.principal), 'p');
  const resources = nodeIds(shown.map((e) => e.resource), 'r');
  const lines = ['```mermaid', 'flowchart LR'];
  for (const [id, label] of principals.labels) lines.push(`  ${id}["${mermaidText(label)}"]`);
  for (const [id, label] of resources.labels) lines.push(`  ${id}[("${mermaidText(label)}")]`);
  for (const edge of shown) {
    const label = `${SIGN[edge.kind]} ${edge.capabilities.join(', ')}`;
    lines.push(`  ${principals.ids.get(edge.principal.key)} ${ARROW[edge.kind]}|"${mermaidText(label)}"| ${resources.ids.get(edge.resource.key)}`);
  }
  for (const kind of CHANGE_ORDER) {
    const indexes = shown.flatMap((edge, index) => (edge.kind === kind ? [index] : []));
    if (indexes.length > 0) lines.push(`  linkStyle ${indexes.join(',')} stroke:${COLOUR[kind]},color:${COLOUR[kind]}`);
  }
  lines.push('```');
  const legend = 'Solid: access added · dotted: access removed · thick: access changed.';
  const limit =
    edges.length > shown.length ? ` The diagram shows ${shown.length} of ${edges.length} changed edges; the tables list them all.` : '';
  return `${lines.join('\n')}\n\n${legend}${limit}`;
}

function collectEdges(view: ReviewView): Edge[] {
  const edges = new Map<string, Edge>();
  for (const resource of view.resources) {
    for (const row of resource.rows) {
      const principal = { key: row.grant.principal, label: principalOf(row.grant, view) };
      const key = `${row.kind}\u0000${row.grant.principal}\u0000${resource.arn}`;
      const edge = edges.get(key) ?? {
        kind: row.kind,
        principal,
        resource: { key: resource.arn, label: resource.label },
        capabilities: [],
      };
      if (!edge.capabilities.includes(row.grant.capability)) edge.capabilities.push(row.grant.capability);
      edges.set(key, edge);
    }
  }
  return [...edges.values()];
}

/** Mermaid node ids (`p0`, `r3`) per node key, and the label of each id. */
function nodeIds(nodes: readonly Node[], prefix: string): { ids: Map<string, string>; labels: Map<string, string> } {
  const ids = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const node of nodes) {
    if (ids.has(node.key)) continue;
    const id = `${prefix}${ids.size}`;
    ids.set(node.key, id);
    labels.set(id, node.label);
  }
  return { ids, labels };
}

/** Mermaid label text: quotes and angle brackets as entity codes, no line breaks. */
function mermaidText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;');
}
