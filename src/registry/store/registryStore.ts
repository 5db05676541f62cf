// What the registry keeps, and the one interface both stores (embedded PGlite, PostgreSQL) implement.
import type { GraphRef } from '../graphRef.ts';

/** A graph variant's row id; every schema-related read and write names one. */
export type VariantId = number;

export interface SubgraphVersion {
  id: number;
  subgraph: string;
  /** 1, 2, … per subgraph, in publish order. */
  revision: number;
  sdl: string;
  /** sha256 of the SDL: an identical republish is recognised by it. */
  sdlHash: string;
  routingUrl: string;
  publishedBy: string;
  publishedAt: Date;
}

export type SupergraphAction = 'seed' | 'publish' | 'delete' | 'rollback';

export interface SupergraphVersionSummary {
  version: number;
  supergraphHash: string;
  action: SupergraphAction;
  /** The subgraph published or deleted (null for seed and rollback). */
  subgraph: string | null;
  /** For a rollback: the version whose supergraph it restored. */
  restoredVersion: number | null;
  actor: string;
  createdAt: Date;
  subgraphs: { name: string; revision: number }[];
}

export interface SupergraphVersion extends Omit<SupergraphVersionSummary, 'subgraphs'> {
  supergraphSdl: string;
  /** The subgraph versions this supergraph was composed from, by name. */
  members: SubgraphVersion[];
}

export interface NewSubgraphVersion {
  subgraph: string;
  sdl: string;
  sdlHash: string;
  routingUrl: string;
  publishedBy: string;
}

export interface NewSupergraphVersion {
  supergraphSdl: string;
  supergraphHash: string;
  action: SupergraphAction;
  subgraph: string | null;
  restoredVersion: number | null;
  actor: string;
  memberIds: readonly number[];
}

export type TokenRole = 'admin' | 'subgraph' | 'readonly';

export interface StoredToken {
  id: string;
  secretHash: string;
  name: string;
  role: TokenRole;
  /** The one subgraph a `subgraph` token may write. */
  subgraph: string | null;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export type NewToken = Omit<StoredToken, 'createdAt' | 'revokedAt'>;

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  subgraph: string | null;
  outcome: string;
  detail: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { variant: VariantId | null };

/** One distinct operation a gateway ran, with the coordinates it uses and how often each client ran it. */
export interface OperationUsage {
  operationHash: string;
  operationName: string;
  clientName: string;
  clientVersion: string;
  count: number;
  coordinates: readonly string[];
}

/** An operation that uses a coordinate (or something inside it: a type's fields, a field's arguments). */
export interface CoordinateUse {
  coordinate: string;
  operationHash: string;
  operationName: string;
  clientName: string;
  clientVersion: string;
  requests: number;
}

export interface HistoryPage {
  limit: number;
  /** Only versions older than this one. */
  before?: number;
}

/** Reads and writes that run inside a transaction (or on their own, outside one). */
export interface RegistryQueries {
  latestSupergraph(variant: VariantId): Promise<SupergraphVersion | undefined>;
  supergraphVersion(variant: VariantId, version: number): Promise<SupergraphVersion | undefined>;
  supergraphHistory(variant: VariantId, page: HistoryPage): Promise<SupergraphVersionSummary[]>;
  subgraphHistory(variant: VariantId, subgraph: string, limit: number): Promise<SubgraphVersion[]>;
  insertSubgraphVersion(variant: VariantId, version: NewSubgraphVersion): Promise<SubgraphVersion>;
  insertSupergraphVersion(variant: VariantId, version: NewSupergraphVersion): Promise<SupergraphVersion>;
  appendAudit(entry: NewAuditEntry): Promise<void>;
}

export interface RegistryStore extends RegistryQueries {
  readonly description: string;
  /** The variant's id, created on first use. */
  variantId(ref: GraphRef): Promise<VariantId>;
  /** The names of the graph's variants that have a supergraph (those with none do not count), sorted. */
  publishedVariants(graph: string): Promise<string[]>;
  /** Every graph with its variants that have a supergraph, sorted by graph then variant. */
  publishedGraphs(): Promise<{ graph: string; variants: string[] }[]>;
  /**
   * Runs `work` in one transaction holding the variant's write lock: writers to a variant take turns
   * (even across registry instances), and what `work` writes lands all together or not at all.
   */
  writeVariant<T>(variant: VariantId, work: (tx: RegistryQueries) => Promise<T>): Promise<T>;

  findToken(id: string): Promise<StoredToken | undefined>;
  listTokens(): Promise<StoredToken[]>;
  insertToken(token: NewToken): Promise<StoredToken>;
  /** Marks the token revoked; false when there is no such token. */
  revokeToken(id: string): Promise<boolean>;
  auditLog(page: { limit: number; before?: number }): Promise<AuditEntry[]>;

  /** Keeps a check's result under its workflow id (and forgets those older than `keepDays`). */
  insertCheckWorkflow(variant: VariantId, id: string, result: object, keepDays: number): Promise<void>;
  /** A kept check: its variant and result; undefined when unknown or forgotten. */
  checkWorkflow(id: string): Promise<{ graph: string; variant: string; result: unknown } | undefined>;

  recordUsage(variant: VariantId, operations: readonly OperationUsage[]): Promise<void>;
  /** Operations that used any of `coordinates` (or what is inside them) since `since`. */
  coordinateUses(variant: VariantId, coordinates: readonly string[], since: Date): Promise<CoordinateUse[]>;

  close(): Promise<void>;
}
