import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_SUBGRAPH_NAMES, readExampleSdl } from '../../../examples/subgraphs/schemas.ts';
import { composeSupergraph } from '../../../src/compose/index.ts';
import { type CostModel, compileOperationCost, SlicingArgumentError } from '../../../src/limits/cost/compileOperationCost.ts';
import { evaluate } from '../../../src/limits/cost/costAmount.ts';
import { readCostDirectives } from '../../../src/limits/cost/readCostDirectives.ts';
import { benchQuery } from '../../support/exampleGraph.ts';
import { expandedOf } from '../support/limitedGateway.ts';

// The example graph (users @listSize 6, paymentMethods 3, User.reviews 2, Product.reviews 4,
// topProducts sliced by `first` (default 5), shippingEstimate @cost 2) plus the `catalog` fixture
// subgraph, which adds an interface, a union, a connection and costed arguments.
const catalogSdl = readFileSync(new URL('../../fixtures/limits/catalog.graphql', import.meta.url), 'utf8');
const { supergraphSdl } = composeSupergraph([
  ...EXAMPLE_SUBGRAPH_NAMES.map((name) => ({ name, url: `http://${name}.test/graphql`, sdl: readExampleSdl(name) })),
  { name: 'catalog', url: 'http://catalog.test/graphql', sdl: catalogSdl },
]);
const model: CostModel = {
  schema: Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema(),
  directives: readCostDirectives(supergraphSdl),
  defaultListSize: 10,
  mutationCost: 10,
};

function costOf(query: string, variables: Record<string, unknown> = {}): number {
  return evaluate(compileOperationCost(model, expandedOf(query)), variables);
}

// Each row: the operation, its variables, the cost worked out by hand, and how.
const TABLE: [string, Record<string, unknown>, number, string][] = [
  ['{ me { id name } }', {}, 1, 'one object, scalars free'],
  ['{ __typename }', {}, 0, 'introspection is free'],
  ['{ users { id } }', {}, 6, 'users: @listSize(assumedSize: 6) × 1'],
  ['{ users { reviews { id } } }', {}, 18, '6 × (1 + reviews 2 × 1)'],
  ['{ a: users { id } b: users { id } }', {}, 12, 'each alias is fetched: 6 + 6'],
  ['{ topProducts { name } }', {}, 5, 'slicing argument first: its default 5'],
  ['{ topProducts(first: 2) { name shippingEstimate } }', {}, 6, '2 × (1 + shippingEstimate @cost 2)'],
  ['query($n: Int) { topProducts(first: $n) { name } }', { n: 20 }, 20, 'first from a variable'],
  ['query($n: Int = 7) { topProducts(first: $n) { name } }', {}, 7, "the variable's default"],
  ['{ topProducts(first: 3) { reviews { author { reviews { id } } } } }', {}, 51, 'nested lists: 3 × (1 + 4 × (1 + (1 + 2 × 1)))'],
  ['{ me { ...U } } fragment U on User { reviews { product { name } } }', {}, 5, 'fragment: 1 + 2 × (1 + 1)'],
  [
    '{ me { ...P } users { ...P } } fragment P on User { paymentMethods { id } }',
    {},
    28,
    'one fragment, two places: (1 + 3) + 6 × (1 + 3)',
  ],
  ['mutation { updatePrice(upc: "1", price: 5) { upc price } }', {}, 11, 'mutation base 10 + 1'],
  ['mutation { updatePrice(upc: "1", price: 5) { reviews { id } shippingEstimate } }', {}, 17, '10 + (1 + 4 × 1 + 2)'],
  ['{ users @skip(if: true) { id } me { id } }', {}, 1, 'a skipped field costs nothing'],
  ['query($on: Boolean!) { users @include(if: $on) { id } }', { on: true }, 6, '@include from a variable: included'],
  ['query($on: Boolean!) { users @include(if: $on) { id } }', { on: false }, 0, '@include from a variable: left out'],
  [
    '{ node(id: "1") { id ... on Product { reviews { id } } ... on User { paymentMethods { id } } } }',
    {},
    5,
    'interface: 1 + the dearer type, max(Product 4 × 1, User 3 × 1)',
  ],
  [
    '{ search(text: "x", first: 3) { ... on Product { name } ... on User { reviews { id } } } }',
    {},
    12,
    'union list: 3 × (1 + max(0, 2 × 1)) + argument text @cost 3',
  ],
  [
    '{ productPage(first: 7) { totalCount pageInfo { hasNextPage } edges { cursor node { name reviews { id } } } } }',
    {},
    49,
    'sizedFields: 1 + totalCount 5 + pageInfo 1 + edges 7 × (1 + (1 + 4 × 1))',
  ],
  ['{ recommendations(limit: 4, filter: { tags: ["a", "b"] }) { name } }', {}, 8, '4 × 1 + input field tags @cost 2 per element'],
  [
    'query($f: RecommendationFilter) { recommendations(filter: $f) { name } }',
    { f: { tags: ['a', 'b', 'c'] } },
    14,
    'assumedSize 8 + 3 × 2 from a variable',
  ],
  ['{ lastReport { rows } }', {}, 7, 'type Report @cost 7; a list of scalars is free'],
  ['{ report { rows } }', {}, 50, 'the field @cost 50 wins over the type'],
];

describe('demand control: the static cost of operations over the example graph', () => {
  it.each(TABLE)('%s %j costs %i (%s)', (query, variables, expected) => {
    expect(costOf(query, variables)).toBe(expected);
  });

  it('prices the benchmark query at 749: users 6 × 89 + topProducts 5 × 43', () => {
    expect(costOf(benchQuery)).toBe(749);
  });

  it('compiles a cost no variable touches to a number, once per document', () => {
    expect(typeof compileOperationCost(model, expandedOf('{ users { reviews { id } } }'))).toBe('number');
    expect(typeof compileOperationCost(model, expandedOf('query($n: Int) { topProducts(first: $n) { name } }'))).toBe('function');
    // A variable no cost depends on leaves the cost a number.
    expect(typeof compileOperationCost(model, expandedOf('query($id: ID!) { user(id: $id) { reviews { id } } }'))).toBe('number');
  });

  it('requires exactly one slicing argument where @listSize says so', () => {
    expect(() => costOf('{ search(text: "x") { __typename } }')).toThrow(SlicingArgumentError);
    expect(() => costOf('{ search(text: "x", first: 1, last: 2) { __typename } }')).toThrow(/Query.search needs exactly one/);
    expect(costOf('{ search(text: "x", last: 2) { __typename } }')).toBe(2 + 3);
  });

  it('prices a fragment fan-out bomb without expanding it', () => {
    let document = 'query { ...F0 }\n';
    for (let level = 0; level < 30; level++) document += `fragment F${level} on Query { ...F${level + 1} ...F${level + 1} }\n`;
    document += 'fragment F30 on Query { me { id } }';
    expect(costOf(document)).toBe(2 ** 30);
  });
});
