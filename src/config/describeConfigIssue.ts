// A zod issue as one line in our words: the key, what is accepted, and what was given
// (`server.workers: expected a number ≥ 1 or "auto", got "many"`), never zod's own text or JSON.
import { z } from 'zod';
import { closestName } from '../errors/index.ts';

type Issue = z.core.$ZodIssue;

/** Keys whose values are never repeated in an error (they end up in logs and CI output). */
const SECRET_KEY = /token|secret|password|key$|database_url/i;

function joinPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

function bound(issue: { origin: string; inclusive?: boolean }, value: number | bigint, lower: boolean): string {
  const sign = lower ? (issue.inclusive === false ? '>' : '≥') : issue.inclusive === false ? '<' : '≤';
  if (issue.origin === 'string') return `${lower ? 'at least' : 'at most'} ${value} characters`;
  if (issue.origin === 'array' || issue.origin === 'set') return `${lower ? 'at least' : 'at most'} ${value} items`;
  return `a number ${sign} ${value}`;
}

/** What the issue says is accepted, e.g. `a number ≥ 1`, `one of "a", "b"`; undefined when zod's message says it better. */
function accepted(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? issue.expected;
    case 'too_small':
      return bound(issue, issue.minimum, true);
    case 'too_big':
      return bound(issue, issue.maximum, false);
    case 'invalid_value':
      return issue.values.length === 1 ? shown(issue.values[0]) : `one of ${issue.values.map(shown).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'a URL' : `a ${issue.format}`;
    case 'invalid_union': {
      // Every branch refused the value itself (no deeper key): accepted is any branch's expectation.
      const branches = issue.errors.map((branch) =>
        branch.length === 1 && branch[0]?.path.length === 0 ? accepted(branch[0]) : undefined,
      );
      return branches.every((branch) => branch !== undefined) ? [...new Set(branches)].join(' or ') : undefined;
    }
    default:
      return undefined;
  }
}

/** Of a union's failed branches, the one the value was meant for: the branch with no unknown key at its root. */
function closestBranchIssue(issue: z.core.$ZodIssueInvalidUnion): Issue | undefined {
  const unknownAtRoot = (branchIssue: Issue) => branchIssue.code === 'unrecognized_keys' && branchIssue.path.length === 0;
  const meant = issue.errors.find((branch) => !branch.some(unknownAtRoot));
  const chosen = meant?.[0] ?? issue.errors.flat().find(unknownAtRoot);
  return chosen ? { ...chosen, path: [...issue.path, ...chosen.path] } : undefined;
}

/** zod's own messages start with these words; any other message was written by the schema or by suggestKnownKeys. */
const ZOD_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized)/;

/**
 * A zod error map for parsing config (`schema.safeParse(raw, { error: suggestKnownKeys })`): an unknown
 * key's message becomes the closest key its mapping knows, `did you mean "server"?`, which
 * describeConfigIssue adds to its line. Only here is the refusing object schema at hand: the finished
 * issue no longer holds it.
 */
export function suggestKnownKeys(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'unrecognized_keys' || !(issue.inst instanceof z.ZodObject)) return undefined;
  const known = Object.keys(issue.inst.shape);
  const suggestions = issue.keys.flatMap((key) => {
    const closest = closestName(key, known);
    return closest === undefined ? [] : [`"${closest}"${issue.keys.length > 1 ? ` for ${key}` : ''}`];
  });
  return suggestions.length > 0 ? `did you mean ${suggestions.join(', ')}?` : undefined;
}

/** ` (did you mean "server"?)` for an unknown key parsed with suggestKnownKeys, when a known key is close; else ''. */
export function knownKeySuggestion(issue: z.core.$ZodIssueUnrecognizedKeys): string {
  return ZOD_MESSAGE.test(issue.message) ? '' : ` (${issue.message})`;
}

/**
 * One line for a zod issue, its path prefixed by `prefix` (e.g. `subgraphs.products`). Parse with
 * `{ reportInput: true }` so the line can say what was given.
 */
export function describeConfigIssue(issue: Issue): string {
  const path = joinPath(issue.path) || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => (issue.path.length ? `${path}.${key}` : key));
    return `unknown key ${keys.join(', ')}${knownKeySuggestion(issue)}`;
  }
  const expectation = accepted(issue);
  if (issue.code === 'invalid_union' && expectation === undefined) {
    const closest = closestBranchIssue(issue);
    if (closest) return describeConfigIssue(closest);
  }
  // A message the schema wrote itself (a refinement, a union's or a pattern's own error) says what is accepted.
  const custom = !ZOD_MESSAGE.test(issue.message);
  const secret = SECRET_KEY.test(String(issue.path.at(-1) ?? ''));
  const given = 'input' in issue && issue.input !== undefined && !secret ? `, got ${shown(issue.input)}` : '';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${path}: required (${expectation})`;
  return `${path}: ${custom || expectation === undefined ? issue.message : `expected ${expectation}`}${given}`;
}
