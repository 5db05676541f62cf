// `gatehouse config check` past the file itself: loads what a valid config names the way `gatehouse start`
// does — the supergraph, read (or composed) and validated as the gateway validates it, and the
// authorization rule module, imported (through tsx when it is TypeScript) and fitted to that supergraph.
// Nothing listens and no subgraph is called; a registry is not asked (CI may not reach it, and the
// gateway starts from its cache file when it is down). Each failure is one line naming the key.
import { type AccessRules, accessRulesFit, loadAccessRules, RuleTreeError, unmarkEnforcedSecurityFeatures } from '../../authz/index.ts';
import { CompositionError, composeSupergraphConfig, SupergraphConfigError } from '../../compose/index.ts';
import type { GatewayConfig } from '../../config/index.ts';
import { InvalidSupergraphError, readSupergraphFile, type ValidSupergraph, validateSupergraphSdl } from '../../supergraph/index.ts';
import { CliError } from '../cliError.ts';

export interface ConfigCheckReport {
  /** One line per thing loaded, e.g. `supergraph.file schema/supergraph.graphql: 4 subgraphs (…)`. */
  readonly checked: string[];
  /** What the gateway would log as warnings when it starts (composition's warnings and hints, a @policy nothing defines), as stderr lines. */
  readonly warnings: string[];
}

/** Where the supergraph comes from, as the config writes it: `supergraph.file schema/supergraph.graphql`. */
interface NamedSupergraph {
  readonly key: string;
  readonly source: string;
}

function failure(key: string, reason: string): CliError {
  return new CliError(`error: ${key}: ${reason.split('\n')[0]}`);
}

async function composed(path: string, warnings: string[]): Promise<string> {
  try {
    const result = await composeSupergraphConfig(path);
    warnings.push(
      ...result.warnings.map((warning) => `warning: ${warning}`),
      ...result.hints.map((hint) => `hint[${hint.code}]: ${hint.message}`),
    );
    return result.supergraphSdl;
  } catch (error) {
    if (error instanceof CompositionError) {
      const [first] = error.problems;
      const more =
        error.problems.length > 1 ? ` (and ${error.problems.length - 1} more: \`gatehouse compose --config ${path}\` lists them)` : '';
      throw failure('supergraph.compose', `${path} does not compose: ${first?.code}: ${first?.message}${more}`);
    }
    if (error instanceof SupergraphConfigError) throw failure('supergraph.compose', error.message);
    throw failure('supergraph.compose', `${path}: ${(error as Error).message}`);
  }
}

/** The supergraph's SDL as the config names it, or undefined when a registry serves it. */
async function supergraphText(config: GatewayConfig, warnings: string[]): Promise<{ named: NamedSupergraph; sdl: string | undefined }> {
  const { file, compose, sdl, registry } = config.supergraph;
  if (file !== undefined) {
    const text = await readSupergraphFile(file).catch((error: Error) => {
      throw failure('supergraph.file', error.message);
    });
    return { named: { key: 'supergraph.file', source: file }, sdl: text };
  }
  if (compose !== undefined) return { named: { key: 'supergraph.compose', source: compose }, sdl: await composed(compose, warnings) };
  if (registry !== undefined) return { named: { key: 'supergraph.registry', source: registry.url }, sdl: undefined };
  return { named: { key: 'supergraph.sdl', source: '(inline)' }, sdl: sdl ?? '' };
}

function validated(named: NamedSupergraph, sdl: string): ValidSupergraph {
  try {
    return validateSupergraphSdl(sdl);
  } catch (error) {
    if (error instanceof InvalidSupergraphError) throw failure(named.key, `${named.source}: ${error.message}`);
    throw error;
  }
}

async function accessRulesIn(authorization: NonNullable<GatewayConfig['authorization']>): Promise<AccessRules> {
  try {
    return await loadAccessRules(authorization);
  } catch (error) {
    // Its messages start with the key already.
    if (error instanceof RuleTreeError) throw new CliError(`error: ${error.message.split('\n')[0]}`);
    throw error;
  }
}

export async function checkGatewayConfig(config: GatewayConfig): Promise<ConfigCheckReport> {
  const checked: string[] = [];
  const warnings: string[] = [];
  const { authorization } = config;
  const { named, sdl } = await supergraphText(config, warnings);
  // With authorization on, the gateway is handed the supergraph with its security links unmarked (authz/authDirectivesSource).
  const served = sdl === undefined ? undefined : validated(named, authorization ? unmarkEnforcedSecurityFeatures(sdl) : sdl);
  if (served) {
    const names = served.subgraphs.map((subgraph) => subgraph.name);
    checked.push(`${named.key} ${named.source}: ${names.length} subgraph${names.length === 1 ? '' : 's'} (${names.join(', ')})`);
  } else {
    checked.push(`${named.key} ${named.source}: not fetched (the gateway follows the registry at run time)`);
  }

  if (!authorization) return { checked, warnings };
  const rules = await accessRulesIn(authorization);
  const rulesKey = authorization.rules === undefined ? 'authorization' : 'authorization.rules';
  if (!served) {
    if (authorization.rules !== undefined) {
      checked.push(`${rulesKey} ${authorization.rules}: loaded; not fitted to a supergraph (the registry serves it at run time)`);
    }
    return { checked, warnings };
  }
  const fit = accessRulesFit(rules, served.sdl);
  if (fit.problems.length > 0) {
    const subject = authorization.rules === undefined ? 'the rules do' : `${authorization.rules} does`;
    throw failure(rulesKey, `${subject} not fit ${named.key} ${named.source}: ${fit.problems.join('; ')}`);
  }
  for (const name of fit.unknownPolicies) {
    warnings.push(`warning: @policy "${name}" is defined neither in authorization.policies nor in the rule module: it denies`);
  }
  const from = [
    ...(authorization.rules === undefined ? [] : [authorization.rules]),
    ...(authorization.enforce_directives ? ["the supergraph's directives"] : []),
  ];
  checked.push(
    `authorization: ${fit.guardedFields} of ${fit.fields} fields have a rule${from.length ? ` (from ${from.join(' and ')})` : ''}`,
  );
  return { checked, warnings };
}
