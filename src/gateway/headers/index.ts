export { type BuildSubgraphHeaders, compileHeaderRules, type IncomingHeaders, type SubgraphHeaders } from './compileHeaderRules.ts';
export { NEVER_FORWARDED } from './hopByHopHeaders.ts';
