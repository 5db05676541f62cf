// What every resolver of the platform API sees: who is calling (from `x-api-key`), the registry's
// graph variants, the check runs it remembers, and the base URL links are built on.
import type { RegistryPrincipal } from '../access/registryPrincipal.ts';
import type { RegistryGraphs } from '../service/registryGraphs.ts';
import type { CheckWorkflows } from './checkWorkflows.ts';

export interface PlatformContext {
  /** undefined when the key is missing, unknown or revoked: every lookup then answers null. */
  principal: RegistryPrincipal | undefined;
  graphs: RegistryGraphs;
  checks: CheckWorkflows;
  /** The registry's base URL as the caller reached it, e.g. http://registry:4001. */
  frontendUrlRoot: string;
}
