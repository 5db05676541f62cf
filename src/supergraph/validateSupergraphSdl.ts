// Checks a candidate supergraph the way @apollo/gateway will load it, before it may replace the serving one.
import { createHash } from 'node:crypto';
import { Supergraph } from '@apollo/federation-internals';

export class InvalidSupergraphError extends Error {
  override readonly name = 'InvalidSupergraphError';
}

export interface ValidSupergraph {
  sdl: string;
  /** sha256 of the SDL: the supergraph's identity in logs, metrics and ETags. */
  id: string;
  subgraphs: { name: string; url: string }[];
}

export function supergraphId(sdl: string): string {
  return createHash('sha256').update(sdl).digest('hex');
}

export function validateSupergraphSdl(sdl: string): ValidSupergraph {
  if (sdl.trim() === '') throw new InvalidSupergraphError('the supergraph is empty');
  let supergraph: Supergraph;
  try {
    supergraph = Supergraph.build(sdl, { validateSupergraph: true });
  } catch (error) {
    // Federation's messages put the reason after a "Caused by:" line: keep all of it, on one line.
    const reason = (error as Error).message.replace(/\s*\n\s*/g, ' ').trim();
    throw new InvalidSupergraphError(`not a valid supergraph: ${reason.length > 600 ? `${reason.slice(0, 600)}…` : reason}`);
  }
  const subgraphs = supergraph.subgraphsMetadata().map(({ name, url }) => ({ name, url }));
  return { sdl, id: supergraphId(sdl), subgraphs };
}
