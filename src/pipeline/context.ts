// What every stage of a request can see. Each part adds its own fields by declaration merging
// (`declare module '../pipeline/context.ts' { interface GatehouseContext { principal: Principal } }`),
// so this file names none of them.

export interface GatehouseContext {
  /** The request's id: from `x-request-id` when the client sent a sane one, else generated. */
  requestId: string;
}
