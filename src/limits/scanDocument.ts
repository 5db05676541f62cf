// The lexical pass that runs before a document is parsed: it counts tokens the way graphql-js's parser
// does (comments excluded) and the deepest nesting of brackets, and stops at `maxTokens`, so a huge
// document costs no more than its first `maxTokens` tokens.
import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';

export interface DocumentScan {
  /** Tokens counted; `maxTokens + 1` when the document has more (lexing stopped there). */
  tokens: number;
  /** Deepest nesting of `{`, `[` and `(` among the tokens counted. */
  nesting: number;
  /** The lexer found a syntax error: the parser will report it. */
  malformed: boolean;
}

const OPENING = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

export function scanDocument(source: string, maxTokens: number): DocumentScan {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  let depth = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > maxTokens) break;
      if (OPENING.has(token.kind)) {
        depth += 1;
        if (depth > nesting) nesting = depth;
      } else if (CLOSING.has(token.kind)) {
        depth -= 1;
      }
    }
  } catch (error) {
    if (error instanceof GraphQLError) return { tokens, nesting, malformed: true };
    throw error;
  }
  return { tokens, nesting, malformed: false };
}
