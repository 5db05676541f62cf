// Content negotiation for URLs that answer both browsers and API clients: a browser asks for text/html
// first, an API client (curl's */*, fetch, rover) for JSON or anything.
import Negotiator from 'negotiator';

/** Whether the request's Accept header ranks text/html above JSON (a browser opening the URL). */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined || !accept.includes('text/html')) return false;
  return new Negotiator({ headers: { accept } }).mediaType(['application/json', 'text/html']) === 'text/html';
}
