// Headers that describe one HTTP connection or one message's framing, not the request: forwarding
// them to a subgraph would corrupt that connection (RFC 9110 §7.6.1), so no rule can.

export const NEVER_FORWARDED: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // Framing and content negotiation of the subgraph request are the fetcher's own.
  'host',
  'content-length',
  'content-type',
  'content-encoding',
  'accept',
  'accept-encoding',
]);
