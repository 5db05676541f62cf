// The registry's operations on one graph variant: publish, check, delete, rollback, history and diff.
// Every write composes under the variant's write lock and lands in one transaction, audit entry included.
import { createHash } from 'node:crypto';
import { type AccessRules, type AuthorizationCoverage, authorizationCoverage } from '../../authz/index.ts';
import { CompositionError, type CompositionProblem, composeSupergraph, type SubgraphDefinition } from '../../compose/index.ts';
import { DEFAULT_GRAPH_REF, formatGraphRef, type GraphRef } from '../graphRef.ts';
import {
  compositionFailed,
  lastSubgraph,
  newlyExposedFields,
  noSupergraph,
  RegistryError,
  routingUrlRequired,
  subgraphNotFound,
  versionNotFound,
} from '../registryErrors.ts';
import { type SchemaChange, schemaChanges } from '../schema/schemaChanges.ts';
import { cachedApiSchemaOf, subgraphSchemaOf } from '../schema/schemaOf.ts';
import type {
  HistoryPage,
  OperationUsage,
  RegistryStore,
  SubgraphVersion,
  SupergraphVersion,
  SupergraphVersionSummary,
  VariantId,
} from '../store/registryStore.ts';
import { annotateUsage, breakingCoordinates } from './annotateUsage.ts';
import {
  type CheckFailure,
  type CheckResult,
  type DeleteResult,
  type PublishResult,
  type RollbackResult,
  type SubgraphDetail,
  type SubgraphSummary,
  type SupergraphDiff,
  type SupergraphInfo,
  subgraphSummary,
} from './registryTypes.ts';

export interface RegistryCheckPolicy {
  /** How far back recorded usage counts. */
  usageWindowDays: number;
  /** Whether a breaking change no recorded operation uses still fails a check. */
  failOnUnusedBreakingChanges: boolean;
  /** The gateway's access rules for a variant (`gatehouse registry --rules`); undefined: no authorization coverage. */
  accessRulesFor: (ref: GraphRef) => AccessRules | undefined;
  /** Whether a field an anonymous caller could newly read passes checks and publishes without being allowed each time. */
  allowNewlyExposedFields: boolean;
}

const DEFAULT_CHECK_POLICY: RegistryCheckPolicy = {
  usageWindowDays: 7,
  failOnUnusedBreakingChanges: true,
  accessRulesFor: () => undefined,
  allowNewlyExposedFields: false,
};

export interface PublishRequest {
  subgraph: string;
  sdl: string;
  /** Required on a subgraph's first publish; else the current URL stays. */
  routingUrl?: string | undefined;
  actor: string;
  /** Publish even when it makes fields readable by anonymous callers through a wildcard, type or fallback rule. */
  allowNewlyExposedFields?: boolean | undefined;
}

export interface CheckRequest {
  subgraph: string;
  sdl: string;
  routingUrl?: string | undefined;
  /** Pass even with breaking changes (composition errors still fail). */
  allowBreakingChanges?: boolean | undefined;
  /** Pass even when fields become readable by anonymous callers through a wildcard, type or fallback rule. */
  allowNewlyExposedFields?: boolean | undefined;
}

const DAY_MS = 86_400_000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Composes, turning a CompositionError into the registry's COMPOSITION_FAILED error. */
function composeOrReject(subject: string, subgraphs: readonly SubgraphDefinition[]) {
  try {
    return composeSupergraph([...subgraphs].sort((a, b) => a.name.localeCompare(b.name)));
  } catch (error) {
    if (error instanceof CompositionError) throw compositionFailed(subject, error.problems);
    throw error;
  }
}

function describeNewlyExposed(coverage: AuthorizationCoverage): string {
  const exposed = coverage.fields.filter((field) => field.newlyExposed);
  const listed = exposed.map((field) => `${field.field} (${field.decidedBy.map((source) => `${source.at}: ${source.rule}`).join(', ')})`);
  return `${exposed.length} field${exposed.length === 1 ? '' : 's'} newly readable by anonymous callers: ${listed.join('; ')}`;
}

function definitionOf(version: SubgraphVersion): SubgraphDefinition {
  return { name: version.subgraph, url: version.routingUrl, sdl: version.sdl };
}

export class Registry {
  private constructor(
    readonly store: RegistryStore,
    readonly variant: VariantId,
    readonly ref: GraphRef,
    readonly policy: RegistryCheckPolicy,
  ) {}

  static async open(store: RegistryStore, options: { ref?: GraphRef; policy?: Partial<RegistryCheckPolicy> } = {}): Promise<Registry> {
    const ref = options.ref ?? DEFAULT_GRAPH_REF;
    return new Registry(store, await store.variantId(ref), ref, { ...DEFAULT_CHECK_POLICY, ...options.policy });
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const sdlHash = sha256(request.sdl);
    return this.#auditRefusal({ action: 'subgraph.publish', subgraph: request.subgraph, actor: request.actor }, () =>
      this.store.writeVariant(this.variant, async (tx) => {
        const latest = await tx.latestSupergraph(this.variant);
        const members = latest?.members ?? [];
        const current = members.find((member) => member.subgraph === request.subgraph);
        const routingUrl = request.routingUrl ?? current?.routingUrl;
        if (routingUrl === undefined) {
          throw routingUrlRequired(`subgraph "${request.subgraph}" is new: give its routing URL (--routing-url) on its first publish`);
        }
        if (latest && current && current.sdlHash === sdlHash && current.routingUrl === routingUrl) {
          return { status: 'unchanged', subgraph: subgraphSummary(current), supergraphVersion: latest.version } as const;
        }
        const others = members.filter((member) => member !== current).map(definitionOf);
        const composed = composeOrReject(`publishing subgraph "${request.subgraph}"`, [
          ...others,
          { name: request.subgraph, url: routingUrl, sdl: request.sdl },
        ]);
        const authorization = this.#coverage(latest, composed.supergraphSdl);
        if (authorization && authorization.newlyExposed > 0 && !this.#newlyExposedAllowed(request.allowNewlyExposedFields)) {
          throw newlyExposedFields(
            `publishing subgraph "${request.subgraph}": ${describeNewlyExposed(authorization)}; nothing was changed. Give the fields rules of their own, or publish with --allow-newly-exposed`,
            { authorization },
          );
        }
        const published = await tx.insertSubgraphVersion(this.variant, {
          subgraph: request.subgraph,
          sdl: request.sdl,
          sdlHash,
          routingUrl,
          publishedBy: request.actor,
        });
        const supergraphHash = sha256(composed.supergraphSdl);
        const version = await tx.insertSupergraphVersion(this.variant, {
          supergraphSdl: composed.supergraphSdl,
          supergraphHash,
          action: 'publish',
          subgraph: request.subgraph,
          restoredVersion: null,
          actor: request.actor,
          memberIds: [...members.filter((member) => member !== current).map((member) => member.id), published.id],
        });
        await tx.appendAudit({
          actor: request.actor,
          action: 'subgraph.publish',
          variant: this.variant,
          subgraph: request.subgraph,
          outcome: 'accepted',
          detail: { revision: published.revision, supergraphVersion: version.version },
        });
        return {
          status: 'published',
          created: current === undefined,
          subgraph: subgraphSummary(published),
          supergraphVersion: version.version,
          supergraphHash,
          supergraphChanged: supergraphHash !== latest?.supergraphHash,
          hints: composed.hints,
          ...(authorization ? { authorization } : {}),
        } as const;
      }),
    );
  }

  async check(request: CheckRequest): Promise<CheckResult> {
    const latest = await this.store.latestSupergraph(this.variant);
    const members = latest?.members ?? [];
    const current = members.find((member) => member.subgraph === request.subgraph);
    const routingUrl = request.routingUrl ?? current?.routingUrl ?? 'http://unpublished.invalid/graphql';
    const candidate = [
      ...members.filter((member) => member !== current).map(definitionOf),
      { name: request.subgraph, url: routingUrl, sdl: request.sdl },
    ].sort((a, b) => a.name.localeCompare(b.name));

    let compositionErrors: CompositionProblem[] = [];
    let hints: CompositionProblem[] = [];
    let composedSdl: string | undefined;
    try {
      const composed = composeSupergraph(candidate);
      composedSdl = composed.supergraphSdl;
      hints = composed.hints;
    } catch (error) {
      if (!(error instanceof CompositionError)) throw error;
      compositionErrors = [...error.problems];
    }

    // A new subgraph has no version to compare with: what it adds shows in the API changes.
    const proposedSchema = subgraphSchemaOf(request.sdl);
    const currentSchema = current ? subgraphSchemaOf(current.sdl) : undefined;
    const subgraphChanges: SchemaChange[] = proposedSchema && currentSchema ? await schemaChanges(currentSchema, proposedSchema) : [];
    const apiChanges: SchemaChange[] =
      composedSdl === undefined
        ? []
        : await schemaChanges(
            latest ? cachedApiSchemaOf(latest.supergraphSdl, latest.supergraphHash) : null,
            cachedApiSchemaOf(composedSdl, sha256(composedSdl)),
          );

    const windowDays = this.policy.usageWindowDays;
    const uses = await this.store.coordinateUses(
      this.variant,
      breakingCoordinates([...subgraphChanges, ...apiChanges]),
      new Date(Date.now() - windowDays * DAY_MS),
    );
    const checkedApiChanges = annotateUsage(apiChanges, uses, windowDays).map((change) =>
      change.severity === 'breaking'
        ? { ...change, blocking: this.policy.failOnUnusedBreakingChanges || (change.usage?.operations ?? 1) > 0 }
        : change,
    );
    const allowed = request.allowBreakingChanges ?? false;
    const blockingChanges = checkedApiChanges.filter((change) => change.blocking).length;
    const authorization = composedSdl === undefined ? undefined : this.#coverage(latest, composedSdl);
    const newlyExposedAllowed = this.#newlyExposedAllowed(request.allowNewlyExposedFields);
    const failures: CheckFailure[] = [];
    if (compositionErrors.length > 0) failures.push('COMPOSITION_FAILED');
    if (blockingChanges > 0 && !allowed) failures.push('BREAKING_CHANGES');
    if (authorization && authorization.newlyExposed > 0 && !newlyExposedAllowed) failures.push('NEWLY_EXPOSED_FIELDS');
    return {
      subgraph: request.subgraph,
      passed: failures.length === 0,
      failures,
      compositionErrors,
      hints,
      subgraphChanges: annotateUsage(subgraphChanges, uses, windowDays),
      apiChanges: checkedApiChanges,
      blockingChanges,
      breakingChangesAllowed: allowed,
      usageWindowDays: windowDays,
      ...(authorization ? { authorization: { ...authorization, newlyExposedAllowed } } : {}),
    };
  }

  /** The access rules' verdict on what the candidate changes; undefined without rules or a current supergraph to compare with. */
  #coverage(latest: SupergraphVersion | null | undefined, candidateSdl: string): AuthorizationCoverage | undefined {
    const rules = this.policy.accessRulesFor(this.ref);
    if (!rules || !latest) return undefined;
    return authorizationCoverage(
      rules,
      { apiSchema: cachedApiSchemaOf(latest.supergraphSdl, latest.supergraphHash), supergraphSdl: latest.supergraphSdl },
      { apiSchema: cachedApiSchemaOf(candidateSdl, sha256(candidateSdl)), supergraphSdl: candidateSdl },
    );
  }

  #newlyExposedAllowed(requested: boolean | undefined): boolean {
    return requested === true || this.policy.allowNewlyExposedFields;
  }

  async deleteSubgraph(request: { subgraph: string; actor: string; dryRun?: boolean | undefined }): Promise<DeleteResult> {
    return this.#auditRefusal({ action: 'subgraph.delete', subgraph: request.subgraph, actor: request.actor }, () =>
      this.store.writeVariant(this.variant, async (tx) => {
        const latest = await tx.latestSupergraph(this.variant);
        const current = latest?.members.find((member) => member.subgraph === request.subgraph);
        if (!latest || !current) throw subgraphNotFound(`there is no subgraph "${request.subgraph}" in ${this.describeRef()}`);
        const remaining = latest.members.filter((member) => member !== current);
        if (remaining.length === 0) {
          throw lastSubgraph(`"${request.subgraph}" is the last subgraph: a supergraph needs at least one, so it cannot be deleted`);
        }
        const composed = composeOrReject(`deleting subgraph "${request.subgraph}"`, remaining.map(definitionOf));
        if (request.dryRun) return { status: 'dry_run', subgraph: request.subgraph, hints: composed.hints } as const;
        const version = await tx.insertSupergraphVersion(this.variant, {
          supergraphSdl: composed.supergraphSdl,
          supergraphHash: sha256(composed.supergraphSdl),
          action: 'delete',
          subgraph: request.subgraph,
          restoredVersion: null,
          actor: request.actor,
          memberIds: remaining.map((member) => member.id),
        });
        await tx.appendAudit({
          actor: request.actor,
          action: 'subgraph.delete',
          variant: this.variant,
          subgraph: request.subgraph,
          outcome: 'accepted',
          detail: { supergraphVersion: version.version },
        });
        return { status: 'deleted', subgraph: request.subgraph, supergraphVersion: version.version, hints: composed.hints } as const;
      }),
    );
  }

  /** Makes an earlier version's supergraph (and subgraph versions) current again, as a new version. */
  async rollback(request: { version: number; actor: string }): Promise<RollbackResult> {
    return this.#auditRefusal({ action: 'supergraph.rollback', subgraph: null, actor: request.actor }, () =>
      this.store.writeVariant(this.variant, async (tx) => {
        const target = await tx.supergraphVersion(this.variant, request.version);
        if (!target) throw versionNotFound(`${this.describeRef()} has no supergraph version ${request.version}`);
        const latest = await tx.latestSupergraph(this.variant);
        const sameMembers = (a: SupergraphVersion, b: SupergraphVersion) =>
          a.members.map((member) => member.id).join() === b.members.map((member) => member.id).join();
        if (latest && latest.supergraphHash === target.supergraphHash && sameMembers(latest, target)) {
          return { status: 'unchanged', supergraphVersion: latest.version, restoredVersion: target.version } as const;
        }
        const version = await tx.insertSupergraphVersion(this.variant, {
          supergraphSdl: target.supergraphSdl,
          supergraphHash: target.supergraphHash,
          action: 'rollback',
          subgraph: null,
          restoredVersion: target.version,
          actor: request.actor,
          memberIds: target.members.map((member) => member.id),
        });
        await tx.appendAudit({
          actor: request.actor,
          action: 'supergraph.rollback',
          variant: this.variant,
          subgraph: null,
          outcome: 'accepted',
          detail: { restoredVersion: target.version, supergraphVersion: version.version },
        });
        return { status: 'rolled_back', supergraphVersion: version.version, restoredVersion: target.version } as const;
      }),
    );
  }

  /** Publishes several subgraphs as one version, only into an empty registry; false when it was not empty. */
  async seed(subgraphs: readonly SubgraphDefinition[], actor: string): Promise<boolean> {
    return this.store.writeVariant(this.variant, async (tx) => {
      if (await tx.latestSupergraph(this.variant)) return false;
      const missingUrl = subgraphs.find((subgraph) => subgraph.url === undefined);
      if (missingUrl) throw routingUrlRequired(`subgraph "${missingUrl.name}" has no routing_url to seed the registry with`);
      const composed = composeOrReject('seeding the registry', subgraphs);
      const memberIds: number[] = [];
      for (const subgraph of subgraphs) {
        const inserted = await tx.insertSubgraphVersion(this.variant, {
          subgraph: subgraph.name,
          sdl: subgraph.sdl,
          sdlHash: sha256(subgraph.sdl),
          routingUrl: subgraph.url ?? '',
          publishedBy: actor,
        });
        memberIds.push(inserted.id);
      }
      const version = await tx.insertSupergraphVersion(this.variant, {
        supergraphSdl: composed.supergraphSdl,
        supergraphHash: sha256(composed.supergraphSdl),
        action: 'seed',
        subgraph: null,
        restoredVersion: null,
        actor,
        memberIds,
      });
      await tx.appendAudit({
        actor,
        action: 'registry.seed',
        variant: this.variant,
        subgraph: null,
        outcome: 'accepted',
        detail: { subgraphs: subgraphs.map((subgraph) => subgraph.name), supergraphVersion: version.version },
      });
      return true;
    });
  }

  /** Records, for the audit log, a write that was refused (by composition, by permissions, …). */
  async auditRejected(entry: { actor: string; action: string; subgraph: string | null; reason: string; detail?: Record<string, unknown> }) {
    await this.store.appendAudit({
      actor: entry.actor,
      action: entry.action,
      variant: this.variant,
      subgraph: entry.subgraph,
      outcome: 'rejected',
      detail: { reason: entry.reason, ...entry.detail },
    });
  }

  /** Runs a write; when the registry refuses it (a RegistryError), the refusal is audit-logged too. */
  async #auditRefusal<T>(attempt: { action: string; subgraph: string | null; actor: string }, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof RegistryError) {
        await this.auditRejected({ ...attempt, reason: error.code, detail: error.details });
      }
      throw error;
    }
  }

  async latestSupergraph(): Promise<SupergraphInfo> {
    const latest = await this.store.latestSupergraph(this.variant);
    if (!latest) throw noSupergraph(`${this.describeRef()} has no supergraph yet: publish a subgraph first`);
    return supergraphInfo(latest);
  }

  async supergraphVersion(version: number): Promise<SupergraphInfo> {
    const found = await this.store.supergraphVersion(this.variant, version);
    if (!found) throw versionNotFound(`${this.describeRef()} has no supergraph version ${version}`);
    return supergraphInfo(found);
  }

  history(page: HistoryPage): Promise<SupergraphVersionSummary[]> {
    return this.store.supergraphHistory(this.variant, page);
  }

  async diff(from: number, to: number): Promise<SupergraphDiff> {
    const [before, after] = await Promise.all([
      this.store.supergraphVersion(this.variant, from),
      this.store.supergraphVersion(this.variant, to),
    ]);
    if (!before) throw versionNotFound(`${this.describeRef()} has no supergraph version ${from}`);
    if (!after) throw versionNotFound(`${this.describeRef()} has no supergraph version ${to}`);
    const changes = await schemaChanges(
      cachedApiSchemaOf(before.supergraphSdl, before.supergraphHash),
      cachedApiSchemaOf(after.supergraphSdl, after.supergraphHash),
    );
    const names = [...new Set([...before.members, ...after.members].map((member) => member.subgraph))].sort();
    const subgraphs = names.map((name) => {
      const old = before.members.find((member) => member.subgraph === name);
      const now = after.members.find((member) => member.subgraph === name);
      const status = !old ? 'added' : !now ? 'removed' : old.id === now.id ? 'unchanged' : 'updated';
      return { name, status, fromRevision: old?.revision ?? null, toRevision: now?.revision ?? null } as const;
    });
    return { from, to, subgraphs, changes: changes.map(({ usageCoordinate: _coordinate, ...change }) => change) };
  }

  async subgraphs(): Promise<SubgraphSummary[]> {
    const latest = await this.store.latestSupergraph(this.variant);
    return (latest?.members ?? []).map(subgraphSummary);
  }

  async subgraph(name: string): Promise<SubgraphDetail> {
    const latest = await this.store.latestSupergraph(this.variant);
    const current = latest?.members.find((member) => member.subgraph === name);
    if (!current) throw subgraphNotFound(`there is no subgraph "${name}" in ${this.describeRef()}`);
    return { ...subgraphSummary(current), sdl: current.sdl };
  }

  /** Every revision the subgraph published, newest first (also those no longer current). */
  async subgraphHistory(name: string, limit: number): Promise<SubgraphDetail[]> {
    const versions = await this.store.subgraphHistory(this.variant, name, limit);
    return versions.map((version) => ({ ...subgraphSummary(version), sdl: version.sdl }));
  }

  recordUsage(operations: readonly OperationUsage[]): Promise<void> {
    return this.store.recordUsage(this.variant, operations);
  }

  describeRef(): string {
    return formatGraphRef(this.ref);
  }
}

function supergraphInfo(version: SupergraphVersion): SupergraphInfo {
  return {
    version: version.version,
    supergraphHash: version.supergraphHash,
    createdAt: version.createdAt,
    supergraphSdl: version.supergraphSdl,
    subgraphs: version.members.map(subgraphSummary),
  };
}
