// The console's only way to the server: the HTTP API of ../shared/API.md, on the same origin.
// Every error answer (problem+json) becomes an ApiError carrying its title, detail and the
// path of each problem, so pages can show them as they are.

export type VersionStatus = 'draft' | 'live' | 'paused' | 'closed' | 'stopped' | 'finished';

export interface JourneySummary {
  id: string;
  name: string;
  versions: { version: number; status: VersionStatus }[];
}

export interface Branch {
  label?: string;
  when?: string;
  percent?: number;
  next?: string;
}

export interface JourneyNode {
  id: string;
  type: string;
  label?: string;
  description?: string;
  next?: string;
  otherwise?: string;
  onError?: string;
  onTimeout?: string;
  branches?: Branch[];
  event?: string;
  duration?: string;
  until?: string;
  untilExpr?: string;
  timeout?: string;
  journey?: string;
  action?: { kind?: string; url?: string; to?: string; subject?: string; message?: string };
  [field: string]: unknown;
}

export interface Definition {
  name: string;
  description?: string;
  entry: {
    type: string;
    event?: string;
    when?: string;
    audience?: string;
    run?: Record<string, unknown>;
  };
  start: string;
  nodes: JourneyNode[];
  [field: string]: unknown;
}

export interface TransitionRecord {
  at: string;
  action: string;
  by: string;
  reason: string;
}

export interface VersionObject {
  id: string;
  version: number;
  status: VersionStatus;
  definition: Definition;
  createdAt: string;
  publishedAt: string | null;
  closedAt: string | null;
  stoppedAt: string | null;
  finishedAt: string | null;
  pauseMode?: string | null;
  pausedUntil?: string | null;
  history: TransitionRecord[];
}

export interface JourneyObject {
  id: string;
  name: string;
  versions: VersionObject[];
}

export interface Report {
  status: VersionStatus;
  entered: number;
  instances: { in_progress: number; finished: number; error: number; timed_out: number };
  endTags: Record<string, { label: string; count: number }>;
  nodes: Record<string, { entered: number; left: number; failed: number }>;
  discarded: Record<string, number>;
}

export interface ValidationProblem {
  code?: string;
  path?: string;
  node?: string;
  message: string;
}

export interface Validation {
  valid: boolean;
  errors: ValidationProblem[];
  warnings: ValidationProblem[];
}

export interface HistoryStep {
  at: string;
  node: string;
  outcome: string;
  detail: string;
}

export interface Instance {
  id: string;
  journeyId: string;
  version: number;
  profileId: string;
  status: 'in_progress' | 'finished' | 'error' | 'timed_out';
  currentNode: string | null;
  enteredAt: string;
  endedAt: string | null;
  exitReason: string | null;
  endTag: string | null;
  history?: HistoryStep[];
}

export interface Profile {
  id: string;
  attributes: Record<string, unknown>;
}

export interface ProblemItem {
  path?: string;
  message?: string;
  node?: string;
  code?: string;
}

// An answer other than 2xx, or no answer at all (status 0).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly problems: ProblemItem[],
    readonly request: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

const TOKEN_KEY = 'parcours.token';

export function getToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function setToken(token: string): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const request = `${method} ${path}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'The server did not answer', String(e), [], request);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const p = (parsed ?? {}) as { title?: string; detail?: string; errors?: ProblemItem[] };
    throw new ApiError(
      response.status,
      p.title ?? `${response.status} ${response.statusText}`,
      p.detail ?? (parsed === undefined ? text.slice(0, 300) : ''),
      Array.isArray(p.errors) ? p.errors : [],
      request,
    );
  }
  return parsed as T;
}

const j = (id: string) => `/v1/journeys/${encodeURIComponent(id)}`;
const v = (id: string, version: number) => `${j(id)}/versions/${version}`;

export const api = {
  listJourneys: (status?: string) =>
    call<{ journeys: JourneySummary[] }>(
      'GET',
      status ? `/v1/journeys?status=${encodeURIComponent(status)}` : '/v1/journeys',
    ).then((r) => r.journeys),
  journey: (id: string) => call<JourneyObject>('GET', j(id)),
  version: (id: string, version: number) => call<VersionObject>('GET', v(id, version)),
  putDefinition: (id: string, version: number, definition: Definition) =>
    call<VersionObject>('PUT', v(id, version), definition),
  validate: (id: string, version: number) =>
    call<Validation>('POST', `${v(id, version)}/validate`),
  publish: (id: string, version: number) => call<VersionObject>('POST', `${v(id, version)}/publish`),
  close: (id: string, version: number) => call<VersionObject>('POST', `${v(id, version)}/close`),
  pause: (id: string, version: number, mode: 'hold' | 'discard', duration: string) =>
    call<VersionObject>('POST', `${v(id, version)}/pause`, { mode, for: duration }),
  resume: (id: string, version: number) => call<VersionObject>('POST', `${v(id, version)}/resume`),
  stop: (id: string, version: number) => call<VersionObject>('POST', `${v(id, version)}/stop`),
  newVersion: (id: string) => call<VersionObject>('POST', `${j(id)}/versions`),
  duplicate: (id: string, version: number, name?: string) =>
    call<VersionObject>('POST', `${j(id)}/duplicate`, name ? { version, name } : { version }),
  deleteVersion: (id: string, version: number) => call<void>('DELETE', v(id, version)),
  report: (id: string, version: number, window?: '24h') =>
    call<Report>('GET', `${v(id, version)}/report${window ? `?window=${window}` : ''}`),
  instances: (id: string, version: number, status: string, cursor?: string) =>
    call<{ instances: Instance[]; next: string | null }>(
      'GET',
      `${v(id, version)}/instances?status=${status}&limit=1000${
        cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      }`,
    ),
  profile: (pid: string) => call<Profile>('GET', `/v1/profiles/${encodeURIComponent(pid)}`),
  profileJourneys: (pid: string) =>
    call<{ instances: Instance[] }>('GET', `/v1/profiles/${encodeURIComponent(pid)}/journeys`).then(
      (r) => r.instances,
    ),
};

// How many profiles are at each activity now: every in_progress instance of the version, by
// currentNode (pages of 1000, at most `maxPages`; `complete` is false when there were more).
export async function whereProfilesAre(
  id: string,
  version: number,
  maxPages = 20,
): Promise<{ byNode: Record<string, number>; complete: boolean }> {
  const byNode: Record<string, number> = {};
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const r = await api.instances(id, version, 'in_progress', cursor);
    for (const i of r.instances) {
      if (i.currentNode) byNode[i.currentNode] = (byNode[i.currentNode] ?? 0) + 1;
    }
    if (!r.next) return { byNode, complete: true };
    cursor = r.next;
  }
  return { byNode, complete: false };
}
