// The journey canvas (@xyflow/react): the entry on the left, activities with their live counts
// and validation problems, branches with their labels, and an end tag with its count at the end
// of every path. Labels of activities and end tags are edited in place (double-click, or the
// pencil): `onRename` saves them.
import { memo, useMemo, useState } from 'react';
import {
  Background,
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  getSmoothStepPath,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
  type ReactFlowInstance,
} from '@xyflow/react';
import type { Definition, JourneyNode, ValidationProblem } from '../api';
import { ENTRY_ID, buildGraph, entrySummary, summaryOf, type GraphEdge } from '../graph';

export interface NodeCounts {
  entered: number;
  here: number;
  failed: number;
}

export interface CanvasProps {
  definition: Definition;
  counts: Record<string, NodeCounts> | null; // null while loading
  endCounts: Record<string, number> | null;
  problems: { errors: ValidationProblem[]; warnings: ValidationProblem[] };
  onRename: (nodeId: string, label: string) => Promise<void>;
  onRenameBranch: (nodeId: string, branch: number, label: string) => Promise<void>;
}

interface BoxData extends Record<string, unknown> {
  kind: 'entry' | 'activity' | 'end' | 'missing';
  id: string;
  node?: JourneyNode;
  title: string;
  summary: string;
  counts?: NodeCounts | null;
  endCount?: number | null;
  errors: ValidationProblem[];
  warnings: ValidationProblem[];
  onRename?: (label: string) => Promise<void>;
}

function EditableLabel({
  value,
  onSave,
  shown,
}: {
  value: string;
  onSave?: (label: string) => Promise<void>;
  shown?: string; // what is displayed, when more than the label (a split's percent)
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [saving, setSaving] = useState(false);
  if (!onSave) return <div className="box-title">{shown ?? value}</div>;
  if (editing) {
    const save = async () => {
      if (draft.trim() === value) {
        setEditing(false);
        return;
      }
      setSaving(true);
      try {
        await onSave(draft.trim());
        setEditing(false);
      } finally {
        setSaving(false);
      }
    };
    return (
      <input
        className="box-title-input nodrag"
        aria-label="Label"
        autoFocus
        value={draft}
        disabled={saving}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') save();
          if (e.key === 'Escape') setEditing(false);
        }}
        onBlur={() => !saving && setEditing(false)}
      />
    );
  }
  return (
    <div className="box-title" onDoubleClick={() => { setDraft(value); setEditing(true); }} title="Double-click to rename">
      <span>{shown ?? value}</span>
      <button
        type="button"
        className="pencil nodrag"
        aria-label={`Rename ${value}`}
        onClick={() => {
          setDraft(value);
          setEditing(true);
        }}
      >
        ✎
      </button>
    </div>
  );
}

const Box = memo(function Box({ data }: NodeProps<Node<BoxData>>) {
  const d = data;
  const cls = `box box-${d.kind} ${d.node ? `type-${d.node.type}` : ''} ${d.errors.length ? 'has-errors' : d.warnings.length ? 'has-warnings' : ''}`;
  return (
    <div className={cls} data-node={d.id} data-testid={`node-${d.id}`}>
      {d.kind !== 'entry' && <Handle type="target" position={Position.Left} />}
      {d.kind === 'end' ? (
        <>
          <div className="end-tag">
            <EditableLabel value={d.title} onSave={d.onRename} />
            <span className="end-count" data-count="end" title="profiles that ended here">
              {d.endCount ?? '…'}
            </span>
          </div>
          <div className="box-id">end · {d.id}</div>
        </>
      ) : (
        <>
          {d.kind === 'activity' ? (
            <EditableLabel value={d.title} onSave={d.onRename} />
          ) : (
            <div className="box-title">{d.title}</div>
          )}
          <div className="box-summary" title={d.summary}>
            {d.summary}
          </div>
          {d.kind === 'activity' && (
            <div className="box-counts">
              <span title="entered" data-count="entered">
                ↘ {d.counts ? d.counts.entered : '…'}
              </span>
              <span title="currently here" data-count="here">
                ● {d.counts ? d.counts.here : '…'}
              </span>
              <span title="failed" data-count="failed" className={d.counts && d.counts.failed > 0 ? 'failed' : ''}>
                ✕ {d.counts ? d.counts.failed : '…'}
              </span>
            </div>
          )}
        </>
      )}
      {(d.errors.length > 0 || d.warnings.length > 0) && (
        <div className="box-problems">
          {d.errors.map((p, i) => (
            <div key={`e${i}`} className="problem-error" title={p.path}>
              ⛔ {p.message}
            </div>
          ))}
          {d.warnings.map((p, i) => (
            <div key={`w${i}`} className="problem-warning" title={p.path}>
              ⚠ {p.message}
            </div>
          ))}
        </div>
      )}
      {d.kind !== 'end' && d.kind !== 'missing' && <Handle type="source" position={Position.Right} />}
    </div>
  );
});

const nodeTypes = { box: Box };

interface PathData extends Record<string, unknown> {
  label: string;
  color: string;
  branchLabel?: string;
  onRename?: (label: string) => Promise<void>;
}

// A path with its label drawn over it; a branch's label is edited in place like an activity's.
function PathEdge(props: EdgeProps<Edge<PathData>>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style, data } = props;
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  return (
    <>
      <BaseEdge path={path} markerEnd={markerEnd} style={style} />
      {data?.label && (
        <EdgeLabelRenderer>
          <div
            className="path-label nodrag nopan"
            data-testid={`path-${props.id}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, color: data.color }}
          >
            {data.onRename ? (
              <EditableLabel value={data.branchLabel ?? ''} shown={data.label} onSave={data.onRename} />
            ) : (
              data.label
            )}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

const edgeTypes = { path: PathEdge };

const EDGE_COLORS: Record<GraphEdge['kind'], string> = {
  next: '#64748b',
  branch: '#2563eb',
  otherwise: '#7c3aed',
  error: '#dc2626',
  timeout: '#d97706',
};

export function Canvas({ definition, counts, endCounts, problems, onRename, onRenameBranch }: CanvasProps) {
  const layout = useMemo(() => buildGraph(definition), [definition]);
  const nodes: Node<BoxData>[] = useMemo(
    () =>
      layout.nodes.map((g) => {
        const title =
          g.kind === 'entry'
            ? 'Entry'
            : g.kind === 'missing'
              ? `Missing: ${g.id}`
              : (g.node?.label ?? (g.kind === 'end' ? 'End' : g.id));
        const forNode = (list: ValidationProblem[]) =>
          list.filter((p) => (g.kind === 'entry' ? !p.node && p.path?.startsWith('entry') : p.node === g.id));
        return {
          id: g.id,
          type: 'box',
          position: { x: g.x, y: g.y },
          draggable: false,
          connectable: false,
          width: g.width,
          height: g.height,
          data: {
            kind: g.kind,
            id: g.id,
            node: g.node,
            title,
            summary:
              g.kind === 'entry'
                ? entrySummary(definition)
                : g.kind === 'missing'
                  ? 'no such activity'
                  : g.node
                    ? summaryOf(g.node)
                    : '',
            counts: counts ? (counts[g.id] ?? { entered: 0, here: 0, failed: 0 }) : null,
            endCount: endCounts ? (endCounts[g.id] ?? 0) : null,
            errors: forNode(problems.errors),
            warnings: forNode(problems.warnings),
            onRename: g.kind === 'activity' || g.kind === 'end' ? (label: string) => onRename(g.id, label) : undefined,
          },
        };
      }),
    [layout, counts, endCounts, problems, definition, onRename],
  );
  const edges: Edge<PathData>[] = useMemo(
    () =>
      layout.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        type: 'path',
        data: {
          label: e.label,
          color: EDGE_COLORS[e.kind],
          branchLabel: e.branchLabel,
          onRename:
            e.branch !== undefined ? (label: string) => onRenameBranch(e.source, e.branch!, label) : undefined,
        },
        style: { stroke: EDGE_COLORS[e.kind], strokeWidth: 1.6 },
        markerEnd: { type: MarkerType.ArrowClosed, color: EDGE_COLORS[e.kind] },
      })),
    [layout, onRenameBranch],
  );

  // Small journeys are shown whole; large ones start at the entry at a readable zoom (the minimap
  // and the controls show and reach the rest).
  const onInit = (instance: ReactFlowInstance<Node<BoxData>, Edge<PathData>>) => {
    const el = document.querySelector('.canvas-wrap');
    const w = el?.clientWidth ?? 1200;
    const h = el?.clientHeight ?? 600;
    const fit = Math.min(w / (layout.width + 40), h / (layout.height + 40), 1);
    const readable = 0.72;
    if (fit >= readable) {
      instance.fitView({ padding: 0.05, maxZoom: 1 });
      return;
    }
    const entry = layout.nodes.find((n) => n.id === ENTRY_ID)!;
    const zoom = Math.max(fit, readable);
    const graphHeight = layout.height * zoom;
    let y = h / 2 - (entry.y + entry.height / 2) * zoom;
    if (graphHeight <= h) y = (h - graphHeight) / 2;
    else y = Math.max(Math.min(y, 8), h - graphHeight - 8);
    instance.setViewport({ x: 16 - entry.x * zoom, y, zoom });
  };

  return (
    <div className="canvas-wrap">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onInit={onInit}
        minZoom={0.1}
        maxZoom={1.5}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        zoomOnDoubleClick={false}
        panOnScroll
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeStrokeWidth={3} nodeColor={(n) => minimapColor(n.data as BoxData)} />
      </ReactFlow>
    </div>
  );
}

function minimapColor(d: BoxData): string {
  if (d.errors.length) return '#dc2626';
  if (d.kind === 'end') return '#16a34a';
  if (d.kind === 'entry') return '#0f172a';
  if (d.kind === 'missing') return '#f87171';
  return '#93c5fd';
}
