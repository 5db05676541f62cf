export { type CreateGatewayOptions, createGateway, type Gatehouse } from './createGateway.ts';
export { createHttpServer, type HttpServerOptions } from './createHttpServer.ts';
