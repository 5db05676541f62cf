// rover 0.41.0's requests, as it sends them: the operation documents it posts (test/fixtures/rover, byte
// for byte), the variables it recorded, and its headers, with the key in `x-api-key`.
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../fixtures/rover/', import.meta.url);

export const ROVER_OPERATIONS = [
  'ConfigWhoAmIQuery',
  'IsFederatedGraph',
  'SubgraphCheckMutation',
  'SubgraphCheckWorkflowQuery',
  'SubgraphCheckWorkflowStatusQuery',
  'SubgraphDeleteMutation',
  'SubgraphFetchQuery',
  'SubgraphListQuery',
  'SubgraphPublishMutation',
  'SubgraphRoutingUrlQuery',
  'SupergraphFetchQuery',
  'VariantListQuery',
] as const;

export type RoverOperation = (typeof ROVER_OPERATIONS)[number];

/** The document rover posts: the fixture without its `#` header lines. */
export function roverDocument(operation: RoverOperation): string {
  const lines = readFileSync(new URL(`${operation}.graphql`, FIXTURES), 'utf8').split('\n');
  const firstLine = lines.findIndex((line) => !line.startsWith('#'));
  return lines.slice(firstLine).join('\n');
}

/** The variables rover sent for the operation in the recorded run (null for whoami). */
export function roverVariables(operation: RoverOperation): Record<string, unknown> | null {
  return JSON.parse(readFileSync(new URL(`variables/${operation}.json`, FIXTURES), 'utf8')) as Record<string, unknown> | null;
}

export interface RoverAnswer {
  status: number;
  data: Record<string, unknown> | null | undefined;
  errors: { message: string; extensions?: { code?: string } }[] | undefined;
}

/** Posts an operation as rover does. */
export async function sendAsRover(
  endpoint: string,
  key: string,
  operation: RoverOperation,
  variables: Record<string, unknown> | null,
): Promise<RoverAnswer> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'x-api-key': key,
      'apollographql-client-name': 'rover-client',
      'apollographql-client-version': '0.41.0',
      'user-agent': 'rover/0.41.0',
      'content-type': 'application/json',
      accept: '*/*',
    },
    body: JSON.stringify({ variables, query: roverDocument(operation), operationName: operation }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as Pick<RoverAnswer, 'data' | 'errors'>;
  return { status: response.status, data: body.data, errors: body.errors };
}
