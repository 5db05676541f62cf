// The known name a mistyped one was meant to be, for did-you-mean in config and command-line errors. Found
// as graphql-js finds its own suggestions (`Did you mean "first"?`): an edit distance that allows more
// for longer names, case ignored. suggestionList is marked internal to graphql-js, which is pinned here.
import { suggestionList } from 'graphql/jsutils/suggestionList.js';

/** The known name closest to `given`, or undefined when none is close enough to suggest. */
export function closestName(given: string, known: readonly string[]): string | undefined {
  return suggestionList(given, known)[0];
}
