import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { marked, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

function tokensOf(file: string): Token[] {
  const tokens: Token[] = [];
  marked.walkTokens(marked.lexer(readFileSync(join(root, file), 'utf8')), (token) => void tokens.push(token));
  return tokens;
}

/** The anchors GitHub gives a page's headings. */
function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  return new Set(
    tokensOf(file)
      .filter((token): token is Tokens.Heading => token.type === 'heading')
      .map((heading) => slugger.slug(heading.text.replaceAll('`', ''))),
  );
}

/** Every relative link of a page (in text, not in code), as written. */
function relativeLinksOf(file: string): string[] {
  return tokensOf(file)
    .filter((token): token is Tokens.Link => token.type === 'link')
    .map((link) => link.href)
    .filter((href) => !/^[a-z][a-z+.-]*:/i.test(href));
}

describe('the README and docs/ pages', () => {
  it('include every docs page, and the README links each one', () => {
    expect(pages.length).toBeGreaterThan(7);
    const fromReadme = new Set(relativeLinksOf('README.md').map((href) => href.split('#')[0]));
    expect(pages.filter((page) => page !== 'README.md' && !fromReadme.has(page))).toEqual([]);
  });

  it.each(pages)('%s: every relative link reaches a file, and every #anchor a heading in it', (page) => {
    const broken = relativeLinksOf(page).filter((href) => {
      const [path = '', anchor] = href.split('#');
      const target = path === '' ? join(root, page) : resolve(dirname(join(root, page)), decodeURI(path));
      if (!existsSync(target)) return true;
      if (anchor === undefined || statSync(target).isDirectory()) return false;
      return !target.endsWith('.md') || !anchorsOf(relative(root, target)).has(anchor);
    });
    expect(broken).toEqual([]);
  });
});
