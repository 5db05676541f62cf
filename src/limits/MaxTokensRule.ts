// Lexical tokens, counted by `scanDocument` before parsing; lexing stops one token past the limit.
import { maxTokensExceeded } from './limitErrors.ts';
import type { LimitRule } from './limitRule.ts';

export const MaxTokensRule: LimitRule = {
  limit: 'max_tokens',
  measured: 'tokens',
  maximum: 'maxTokens',
  error: maxTokensExceeded,
  describe: (_value, max) => `The document has more than ${max} tokens; parsing stopped there.`,
};
