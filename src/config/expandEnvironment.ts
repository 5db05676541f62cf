// `${env.NAME}` and `${env.NAME:-default}` expansion, as rover does in supergraph.yaml and we do in gatehouse.yaml.

const ENV_REFERENCE = /\$\{env\.([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export class MissingEnvironmentVariableError extends Error {
  override readonly name = 'MissingEnvironmentVariableError';
}

export function expandEnvironmentReferences(text: string, source: string, environment: NodeJS.ProcessEnv = process.env): string {
  return text.replace(ENV_REFERENCE, (_match, name: string, fallback: string | undefined) => {
    const value = environment[name];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    throw new MissingEnvironmentVariableError(
      `${source}: \${env.${name}} is used but the environment variable ${name} is not set (set it, or write \${env.${name}:-default})`,
    );
  });
}
