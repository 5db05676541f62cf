// The registry's HTTP API as typed calls: used by the CLI, by gateways following the registry, and by
// usage reporting. Errors come back as values with the registry's codes.
import type { TokenInfo } from '../access/tokenAdministration.ts';
import type {
  CheckResult,
  DeleteResult,
  PublishResult,
  RollbackResult,
  SubgraphDetail,
  SubgraphSummary,
  SupergraphDiff,
  SupergraphInfo,
} from '../service/registryTypes.ts';
import type { AuditEntry, SupergraphVersionSummary, TokenRole } from '../store/registryStore.ts';
import type { UsageReport } from '../usage/usageReport.ts';
import { type HttpAnswer, sendHttpRequest } from './sendHttpRequest.ts';

/** What a value looks like after JSON: dates are ISO strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Wire<Item>[]
    : T extends object
      ? { [Key in keyof T]: Wire<T[Key]> }
      : T;

/** The registry answered with an error: its code, HTTP status and details (e.g. compositionErrors). */
export class RegistryRequestError extends Error {
  override readonly name = 'RegistryRequestError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The registry could not be reached (refused, timed out) or did not answer JSON. */
export class RegistryUnreachableError extends Error {
  override readonly name = 'RegistryUnreachableError';
}

export interface RegistryClientOptions {
  /** Base URL, e.g. http://127.0.0.1:4001. */
  url: string;
  token?: string | undefined;
  timeoutMs?: number;
  /** The graph variant to work on, e.g. `shop@prod`; without it, the registry's default variant. */
  graphRef?: string | undefined;
}

export type SupergraphFetch = { status: 'not_modified' } | { status: 'ok'; etag: string | undefined; supergraph: Wire<SupergraphInfo> };

type Query = Record<string, string | number | boolean | undefined>;

export class RegistryClient {
  readonly baseUrl: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;
  /** Where the variant's routes are: /api/v1 for the default variant, /api/v1/graphs/<ref> for a named one. */
  readonly #variantPath: string;

  constructor(options: RegistryClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    // `@` and `:` may stand in a path as they are, so the links printed read like rover's (`/graphs/shop@prod/…`).
    this.#variantPath = options.graphRef
      ? `/api/v1/graphs/${encodeURIComponent(options.graphRef).replaceAll('%40', '@').replaceAll('%3A', ':')}`
      : '/api/v1';
  }

  async #request<T>(method: string, path: string, options: { body?: unknown; query?: Query; headers?: Record<string, string> } = {}) {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: HttpAnswer;
    try {
      response = await sendHttpRequest(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        timeoutMs: this.#timeoutMs,
      });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new RegistryUnreachableError(`could not reach the registry at ${this.baseUrl} (${reason})`);
    }
    if (response.status === 304) return { response, body: undefined as T };
    const { text } = response;
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new RegistryUnreachableError(
        `${url.origin} answered HTTP ${response.status} with a body that is not JSON: is it a Gatehouse registry?`,
      );
    }
    if (response.status < 200 || response.status > 299) {
      const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const { code, message, ...details } = (error ?? {}) as Record<string, unknown>;
      throw new RegistryRequestError(
        typeof code === 'string' ? code : `HTTP_${response.status}`,
        response.status,
        typeof message === 'string' ? message : `the registry answered HTTP ${response.status}`,
        details,
      );
    }
    return { response, body: body as T };
  }

  async #call<T>(method: string, path: string, options?: { body?: unknown; query?: Query }): Promise<Wire<T>> {
    return (await this.#request<Wire<T>>(method, path, options)).body;
  }

  /** The latest supergraph, or `not_modified` when it still has the ETag given. */
  async fetchSupergraph(options: { ifNoneMatch?: string | undefined } = {}): Promise<SupergraphFetch> {
    const headers: Record<string, string> = options.ifNoneMatch ? { 'if-none-match': options.ifNoneMatch } : {};
    const { response, body } = await this.#request<Wire<SupergraphInfo>>('GET', `${this.#variantPath}/supergraph`, { headers });
    if (response.status === 304) return { status: 'not_modified' };
    return { status: 'ok', etag: response.headers.etag, supergraph: body };
  }

  latestSupergraph() {
    return this.#call<SupergraphInfo>('GET', `${this.#variantPath}/supergraph`);
  }

  publishSubgraph(name: string, request: { schema: string; routingUrl?: string | undefined; allowNewlyExposedFields?: boolean }) {
    return this.#call<PublishResult>('POST', `${this.#variantPath}/subgraphs/${encodeURIComponent(name)}/publish`, { body: request });
  }

  checkSubgraph(
    name: string,
    request: { schema: string; routingUrl?: string | undefined; allowBreakingChanges?: boolean; allowNewlyExposedFields?: boolean },
  ) {
    return this.#call<CheckResult & { checkId: string }>('POST', `${this.#variantPath}/subgraphs/${encodeURIComponent(name)}/check`, {
      body: request,
    });
  }

  /** The page of a check's result: the registry console in a browser, the kept result as JSON to API clients. */
  checkUrl(checkId: string): string {
    return `${this.baseUrl}${this.#variantPath}/checks/${encodeURIComponent(checkId)}`;
  }

  listSubgraphs() {
    return this.#call<{ subgraphs: SubgraphSummary[] }>('GET', `${this.#variantPath}/subgraphs`);
  }

  fetchSubgraph(name: string) {
    return this.#call<SubgraphDetail>('GET', `${this.#variantPath}/subgraphs/${encodeURIComponent(name)}`);
  }

  subgraphVersions(name: string, limit?: number) {
    return this.#call<{ versions: SubgraphDetail[] }>('GET', `${this.#variantPath}/subgraphs/${encodeURIComponent(name)}/versions`, {
      query: { limit },
    });
  }

  deleteSubgraph(name: string, options: { dryRun?: boolean } = {}) {
    return this.#call<DeleteResult>('DELETE', `${this.#variantPath}/subgraphs/${encodeURIComponent(name)}`, {
      query: { dryRun: options.dryRun },
    });
  }

  supergraphHistory(options: { limit?: number | undefined; before?: number | undefined } = {}) {
    return this.#call<{ versions: SupergraphVersionSummary[] }>('GET', `${this.#variantPath}/supergraph/versions`, { query: options });
  }

  supergraphVersion(version: number) {
    return this.#call<SupergraphInfo>('GET', `${this.#variantPath}/supergraph/versions/${version}`);
  }

  diffSupergraphs(from: number, to: number) {
    return this.#call<SupergraphDiff>('GET', `${this.#variantPath}/supergraph/diff`, { query: { from, to } });
  }

  rollbackSupergraph(version: number) {
    return this.#call<RollbackResult>('POST', `${this.#variantPath}/supergraph/rollback`, { body: { version } });
  }

  async reportUsage(report: UsageReport): Promise<void> {
    await this.#call<{ accepted: number }>('POST', `${this.#variantPath}/usage`, { body: report });
  }

  createToken(request: { name: string; role: TokenRole; subgraph?: string | undefined }) {
    return this.#call<{ token: string; info: TokenInfo }>('POST', '/api/v1/tokens', { body: request });
  }

  listTokens() {
    return this.#call<{ tokens: TokenInfo[] }>('GET', '/api/v1/tokens');
  }

  async revokeToken(id: string): Promise<void> {
    await this.#call<unknown>('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
  }

  auditLog(options: { limit?: number | undefined; before?: number | undefined } = {}) {
    return this.#call<{ entries: AuditEntry[] }>('GET', '/api/v1/audit-log', { query: options });
  }
}
