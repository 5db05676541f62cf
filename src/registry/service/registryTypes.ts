// What the registry's operations answer: the shapes of its HTTP API's bodies, and what the CLI prints.
import type { AuthorizationCoverage } from '../../authz/index.ts';
import type { CompositionProblem } from '../../compose/index.ts';
import type { ChangeSeverity } from '../schema/schemaChanges.ts';
import type { SubgraphVersion } from '../store/registryStore.ts';

/** A subgraph's current version without its SDL. */
export interface SubgraphSummary {
  name: string;
  revision: number;
  routingUrl: string;
  sdlHash: string;
  publishedBy: string;
  publishedAt: Date;
}

export interface SubgraphDetail extends SubgraphSummary {
  sdl: string;
}

export function subgraphSummary(version: SubgraphVersion): SubgraphSummary {
  const { subgraph, revision, routingUrl, sdlHash, publishedBy, publishedAt } = version;
  return { name: subgraph, revision, routingUrl, sdlHash, publishedBy, publishedAt };
}

export interface SupergraphInfo {
  version: number;
  supergraphHash: string;
  createdAt: Date;
  supergraphSdl: string;
  subgraphs: SubgraphSummary[];
}

export type PublishResult =
  | { status: 'unchanged'; subgraph: SubgraphSummary; supergraphVersion: number }
  | {
      status: 'published';
      /** true when the subgraph did not exist before. */
      created: boolean;
      subgraph: SubgraphSummary;
      supergraphVersion: number;
      supergraphHash: string;
      /** false when the new subgraph version composes to the same supergraph (e.g. only comments changed). */
      supergraphChanged: boolean;
      hints: CompositionProblem[];
      /** With access rules: the rule deciding each added field (and each whose access directives changed). */
      authorization?: AuthorizationCoverage;
    };

/** Who used a coordinate within the check's usage window. */
export interface ChangeUsage {
  operations: number;
  requests: number;
  clients: { name: string; version: string }[];
  operationNames: string[];
}

export interface CheckedChange {
  code: string;
  severity: ChangeSeverity;
  message: string;
  path: string | null;
  /** For breaking changes: what recorded traffic used the affected coordinate. */
  usage?: ChangeUsage;
  /** One line saying whether clients are affected, e.g. "used by 2 operations from web@1.2 in the last 7 days". */
  impact?: string;
  /** For breaking API changes: whether it counts against the check (unless the caller allows breaking changes). */
  blocking?: boolean;
}

export type CheckFailure = 'COMPOSITION_FAILED' | 'BREAKING_CHANGES' | 'NEWLY_EXPOSED_FIELDS';

export interface CheckResult {
  subgraph: string;
  passed: boolean;
  failures: CheckFailure[];
  compositionErrors: CompositionProblem[];
  hints: CompositionProblem[];
  /** Changes to the subgraph's own schema against its current version. */
  subgraphChanges: CheckedChange[];
  /** Changes to the API schema clients see; these decide the check. */
  apiChanges: CheckedChange[];
  /** Breaking API changes that count against the check (all, or only the used ones, per the registry's policy). */
  blockingChanges: number;
  breakingChangesAllowed: boolean;
  usageWindowDays: number;
  /**
   * With access rules (`gatehouse registry --rules`): the rule deciding each field the candidate adds (and each
   * whose access directives change); newly exposed fields fail the check unless allowed.
   */
  authorization?: AuthorizationCoverage & { newlyExposedAllowed: boolean };
}

export type DeleteResult =
  | { status: 'deleted'; subgraph: string; supergraphVersion: number; hints: CompositionProblem[] }
  | { status: 'dry_run'; subgraph: string; hints: CompositionProblem[] };

export type RollbackResult =
  | { status: 'rolled_back'; supergraphVersion: number; restoredVersion: number }
  | { status: 'unchanged'; supergraphVersion: number; restoredVersion: number };

export interface SupergraphDiff {
  from: number;
  to: number;
  subgraphs: {
    name: string;
    status: 'added' | 'removed' | 'updated' | 'unchanged';
    fromRevision: number | null;
    toRevision: number | null;
  }[];
  changes: CheckedChange[];
}
