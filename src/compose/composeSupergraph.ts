// Subgraph SDLs → supergraph SDL with @apollo/composition, the library rover's `supergraph` plugin runs.
import { createRequire } from 'node:module';
import { composeServices } from '@apollo/composition';
import { type DocumentNode, GraphQLError, parse } from 'graphql';
import { CompositionError, type CompositionProblem, SupergraphConfigError } from './errors.ts';
import type { SubgraphDefinition } from './loadSubgraphSdl.ts';

export interface ComposedSupergraph {
  supergraphSdl: string;
  /** Composition hints, as `CODE: message`, for stderr. */
  hints: CompositionProblem[];
}

const installedCompositionVersion: string = (createRequire(import.meta.url)('@apollo/composition/package.json') as { version: string })
  .version;

export function compositionVersion(): string {
  return installedCompositionVersion;
}

/**
 * A warning when supergraph.yaml asks for a federation version other than the one installed, or an
 * error, as rover gives, for Federation 1 (`1`, `=1.x`, and `=0.x` in rover's numbering), which
 * @apollo/composition 2 does not compose, and for majors above 2, which do not exist.
 */
export function checkFederationVersion(requested: string | undefined): string | undefined {
  if (requested === undefined) return undefined;
  const version = requested.replace(/^=/, '').trim();
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  if (major < 2) {
    throw new SupergraphConfigError(
      `federation_version ${requested}: Federation 1 composition is not supported; use federation_version: =${installedCompositionVersion}`,
    );
  }
  if (major > 2) {
    throw new SupergraphConfigError(
      `federation_version ${requested}: there is no Federation ${major}; use federation_version: =${installedCompositionVersion} (or 2)`,
    );
  }
  if (requested.startsWith('=') && version !== installedCompositionVersion) {
    return `federation_version ${requested} was requested but composition ${installedCompositionVersion} is installed; composing with ${installedCompositionVersion}`;
  }
  if (
    !requested.startsWith('=') &&
    version !== '2' &&
    !installedCompositionVersion.startsWith(`${version}.`) &&
    version !== installedCompositionVersion
  ) {
    return `federation_version ${requested} does not match the installed composition ${installedCompositionVersion}; composing with ${installedCompositionVersion}`;
  }
  return undefined;
}

function errorCode(error: GraphQLError): string {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : 'INVALID_GRAPHQL';
}

function parseSubgraph(subgraph: SubgraphDefinition): DocumentNode | CompositionProblem {
  try {
    return parse(subgraph.sdl);
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : String(error);
    return { code: 'INVALID_GRAPHQL', message: `[${subgraph.name}] ${message}` };
  }
}

/** Composes; throws CompositionError with every error's code and message when it fails. */
export function composeSupergraph(subgraphs: readonly SubgraphDefinition[]): ComposedSupergraph {
  const problems: CompositionProblem[] = [];
  const services = [];
  for (const subgraph of subgraphs) {
    const typeDefs = parseSubgraph(subgraph);
    if ('kind' in typeDefs) services.push({ name: subgraph.name, url: subgraph.url, typeDefs });
    else problems.push(typeDefs);
  }
  if (problems.length > 0) throw new CompositionError(problems);
  const result = composeServices(services);
  if (result.errors) {
    throw new CompositionError(result.errors.map((error) => ({ code: errorCode(error), message: error.message })));
  }
  return {
    supergraphSdl: result.supergraphSdl,
    hints: result.hints.map((hint) => ({ code: hint.definition.code, message: hint.message })),
  };
}
