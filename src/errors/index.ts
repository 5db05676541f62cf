export { closestName } from './closestName.ts';
export {
  badRequest,
  defineError,
  type GatehouseErrorOptions,
  internalServerError,
  notFound,
  payloadTooLarge,
  supergraphNotLoaded,
} from './gatehouseError.ts';
export { ListenError, listenError } from './listenError.ts';
