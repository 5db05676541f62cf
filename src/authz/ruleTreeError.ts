// A rule tree or rule module that cannot be used: named type or field missing, bad fragment, bad export.
export class RuleTreeError extends Error {
  override readonly name = 'RuleTreeError';
}
