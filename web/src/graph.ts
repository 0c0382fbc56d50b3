// The canvas model of a definition: one box per activity, one for the entry (on the left) and a
// tag per end node, edges for every path (`next`, each branch with its label, `otherwise`,
// `onError`, `onTimeout`), laid out left to right by dagre. A path to an id the definition does
// not have ends at a "missing" box, so an unknown_node error is visible where it is.
import dagre from '@dagrejs/dagre';
import type { Definition, JourneyNode } from './api';

export const ENTRY_ID = '__entry__';

export interface GraphNode {
  id: string;
  kind: 'entry' | 'activity' | 'end' | 'missing';
  node?: JourneyNode;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  kind: 'next' | 'branch' | 'otherwise' | 'error' | 'timeout';
  branch?: number; // for a branch: its index in the activity's `branches`
  branchLabel?: string; // and its own label (what is edited)
}

export const SIZES = {
  entry: { width: 190, height: 58 },
  activity: { width: 214, height: 82 },
  end: { width: 184, height: 52 },
  missing: { width: 184, height: 52 },
};

type Path = Pick<GraphEdge, 'target' | 'label' | 'kind' | 'branch' | 'branchLabel'>;

export function pathsOf(n: JourneyNode): Path[] {
  const out: Path[] = [];
  (n.branches ?? []).forEach((b, i) => {
    if (!b.next) return;
    const label =
      n.type === 'split'
        ? `${b.label ?? `Branch ${i + 1}`} (${b.percent ?? 0}%)`
        : (b.label ?? `Branch ${i + 1}`);
    out.push({ target: b.next, label, kind: 'branch', branch: i, branchLabel: b.label ?? '' });
  });
  if (n.otherwise) out.push({ target: n.otherwise, label: 'Otherwise', kind: 'otherwise' });
  // A waitForEvent's `next` is taken when the event arrives (its summary names the event).
  if (n.next) out.push({ target: n.next, label: n.type === 'waitForEvent' ? 'Event' : '', kind: 'next' });
  if (n.onError) out.push({ target: n.onError, label: 'Error', kind: 'error' });
  if (n.onTimeout) out.push({ target: n.onTimeout, label: 'Timeout', kind: 'timeout' });
  return out;
}

export function buildGraph(def: Definition): { nodes: GraphNode[]; edges: GraphEdge[]; width: number; height: number } {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 22, ranksep: 96, edgesep: 12, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));

  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const kinds = new Map<string, GraphNode['kind']>();
  kinds.set(ENTRY_ID, 'entry');
  for (const n of def.nodes) kinds.set(n.id, n.type === 'end' ? 'end' : 'activity');

  const edges: GraphEdge[] = [];
  const addEdge = (source: string, p: Path) => {
    if (!kinds.has(p.target)) kinds.set(p.target, 'missing');
    edges.push({ id: `${source}->${p.target}#${edges.length}`, source, ...p });
  };
  addEdge(ENTRY_ID, { target: def.start, label: '', kind: 'next' });
  for (const n of def.nodes) for (const p of pathsOf(n)) addEdge(n.id, p);

  for (const [id, kind] of kinds) g.setNode(id, { ...SIZES[kind] });
  for (const e of edges) {
    // Labels sit in the gap between ranks (ranksep is wide enough for them), not in ranks of
    // their own, which would double the journey's width.
    g.setEdge(e.source, e.target, {}, e.id);
  }
  dagre.layout(g);

  const nodes: GraphNode[] = [];
  for (const [id, kind] of kinds) {
    const p = g.node(id);
    nodes.push({
      id,
      kind,
      node: byId.get(id),
      x: p.x - p.width / 2,
      y: p.y - p.height / 2,
      width: p.width,
      height: p.height,
    });
  }
  const graph = g.graph();
  return { nodes, edges, width: graph.width ?? 0, height: graph.height ?? 0 };
}

// A one-line summary of what an activity does.
export function summaryOf(n: JourneyNode): string {
  switch (n.type) {
    case 'wait':
      return n.duration ? `wait ${n.duration}` : n.until ? `until ${n.until}` : `until ${n.untilExpr ?? ''}`;
    case 'waitForEvent':
      return `wait for ${n.event ?? 'event'}, timeout ${n.timeout ?? '?'}`;
    case 'action':
      return `${n.action?.kind ?? 'action'}${n.action?.kind === 'webhook' && n.action.url ? ` ${n.action.url}` : ''}${
        n.action?.kind === 'email' && n.action.subject ? `: ${n.action.subject}` : ''
      }`;
    case 'condition':
      return `condition, ${n.branches?.length ?? 0} branch${(n.branches?.length ?? 0) === 1 ? '' : 'es'}`;
    case 'split':
      return `split ${(n.branches ?? []).map((b) => `${b.percent ?? 0}%`).join(' / ')}`;
    case 'updateProfile':
      return `set ${Object.keys((n.set as Record<string, unknown>) ?? {}).join(', ')}`;
    case 'jump':
      return `jump to ${n.journey ?? '?'}`;
    default:
      return n.type;
  }
}

export function entrySummary(def: Definition): string {
  const e = def.entry;
  if (e.type === 'event') return `on event ${e.event ?? '?'}${e.when ? ` when ${e.when}` : ''}`;
  return `audience ${e.audience ?? '?'}`;
}
