import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Principal } from '../../src/auth/principal.ts';
import { limitsConfigSchema } from '../../src/config/limitsConfig.ts';
import { LimitProfiles } from '../../src/limits/limitProfiles.ts';

function principal(overrides: Partial<Principal>): Principal {
  return { authenticated: true, subject: 'someone', scopes: [], roles: [], claims: {}, ...overrides };
}

describe('limitProfiles: limits per principal', () => {
  const profiles = new LimitProfiles(
    limitsConfigSchema.parse({
      max_depth: 8,
      max_cost: 100,
      rate: { budget: 1000 },
      principals: [
        { role: 'admin', max_cost: 10_000, max_depth: 20, budget: 0 },
        { scope: 'reports:read', max_cost: 5_000 },
        { authenticated: true, budget: 5000 },
      ],
    }),
  );

  it('gives anonymous callers and unmatched principals the defaults', () => {
    expect(profiles.limitsFor(undefined)).toMatchObject({ max_depth: 8, max_cost: 100, budget: 1000 });
    expect(profiles.limitsFor(ANONYMOUS)).toBe(profiles.defaults);
  });

  it('applies the first matching entry, by role, then scope, then authentication', () => {
    expect(profiles.limitsFor(principal({ roles: ['admin'], scopes: ['reports:read'] }))).toMatchObject({
      max_cost: 10_000,
      max_depth: 20,
      budget: 0,
    });
    expect(profiles.limitsFor(principal({ scopes: ['reports:read'] }))).toMatchObject({ max_cost: 5_000 });
    expect(profiles.limitsFor(principal({}))).toMatchObject({ max_cost: 100, budget: 5000 });
  });

  it('lets an entry inherit every limit it does not name from the configured defaults', () => {
    expect(profiles.limitsFor(principal({ scopes: ['reports:read'] }))).toMatchObject({ max_depth: 8, max_aliases: 30, budget: 1000 });
  });

  it('bounds the analysis by the highest guarding limit of any principal', () => {
    const generous = new LimitProfiles(limitsConfigSchema.parse({ principals: [{ role: 'importer', max_tokens: 50_000 }] }));
    expect(generous.bounds(['pageInfo'])).toEqual({
      maxTokens: 50_000,
      maxNesting: 100,
      maxSelections: 10_000,
      depthIgnore: new Set(['pageInfo']),
    });
  });

  it('refuses a principals entry that says nothing about whom it is for', () => {
    expect(() => limitsConfigSchema.parse({ principals: [{ max_cost: 5 }] })).toThrow(/say whom the entry is for/);
  });
});
