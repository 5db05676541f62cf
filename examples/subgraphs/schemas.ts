// Builds each example subgraph's executable schema from its SDL in schema/ and its resolvers.
import { EventEmitter, on } from 'node:events';
import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { type GraphQLSchema, parse } from 'graphql';
import { packageFile } from '../../src/packageRoot.ts';
import type { ExampleData, ProductRecord, ReviewRecord } from './data.ts';
import { IN_STOCK } from './data.ts';
import { shippingEstimate } from './shippingEstimate.ts';

export const EXAMPLE_SUBGRAPH_NAMES = ['accounts', 'products', 'reviews', 'inventory'] as const;
export type ExampleSubgraphName = (typeof EXAMPLE_SUBGRAPH_NAMES)[number];

/** What a subgraph knows of the request: the caller, when the gateway names one (header `x-user-id`). */
export type ExampleContext = { userId?: string };

export function readExampleSdl(name: ExampleSubgraphName): string {
  return readFileSync(packageFile(`schema/${name}.graphql`), 'utf8');
}

// The benchmark's reviews subgraph says every review was written by user 1 ("urigo") and
// gives every user the first two reviews; the expected answer depends on both.
const BENCHMARK_AUTHOR = { id: '1', username: 'urigo' };
const REVIEWS_PER_USER = 2;

function resolversFor(name: ExampleSubgraphName, data: ExampleData): GraphQLResolverMap<ExampleContext> {
  const productByUpc = (upc: string) => data.products.find((product) => product.upc === upc);
  switch (name) {
    case 'accounts':
      return {
        Query: {
          // The benchmark's `me` is user 1; a gateway that names the caller (header x-user-id) gets that user.
          me: (_: unknown, _args: unknown, context: ExampleContext) =>
            context.userId === undefined ? data.users[0] : (data.users.find((user) => user.id === context.userId) ?? null),
          user: (_: unknown, args: { id: string }) => data.users.find((user) => user.id === args.id),
          users: () => data.users,
        },
        User: {
          __resolveReference: (reference: { id: string }) => data.users.find((user) => user.id === reference.id),
        },
      };
    case 'products':
      return {
        Query: {
          topProducts: (_: unknown, args: { first?: number }) => data.products.slice(0, args.first ?? 5),
        },
        Mutation: {
          updatePrice: (_: unknown, args: { upc: string; price: number }) => {
            const product = productByUpc(args.upc);
            if (product) product.price = args.price;
            return product;
          },
        },
        Product: {
          __resolveReference: (reference: { upc: string }) => productByUpc(reference.upc),
        },
      };
    case 'reviews': {
      // reviewAdded's events: one emitter per server, with as many listeners as there are subscriptions.
      const added = new EventEmitter().setMaxListeners(0);
      return {
        Mutation: {
          addReview: (_: unknown, args: { upc: string; body: string }) => {
            const review: ReviewRecord = { id: String(data.reviews.length + 1), body: args.body, productUpc: args.upc };
            data.reviews.push(review);
            added.emit('review', review);
            return review;
          },
        },
        Subscription: {
          reviewAdded: {
            subscribe: async function* (_: unknown, args: { upc?: string | null }) {
              for await (const [review] of on(added, 'review') as AsyncIterableIterator<[ReviewRecord]>) {
                if (!args.upc || review.productUpc === args.upc) yield { reviewAdded: review };
              }
            },
          },
        },
        Review: {
          __resolveReference: (reference: { id: string }) => data.reviews.find((review) => review.id === reference.id),
          author: () => BENCHMARK_AUTHOR,
          product: (review: { productUpc: string }) => ({ upc: review.productUpc }),
        },
        User: {
          __resolveReference: (reference: { id: string }) => reference,
          reviews: () => data.reviews.slice(0, REVIEWS_PER_USER),
        },
        Product: {
          __resolveReference: (reference: { upc: string }) => reference,
          reviews: (product: { upc: string }) => data.reviews.filter((review) => review.productUpc === product.upc),
        },
      };
    }
    case 'inventory':
      return {
        Product: {
          __resolveReference: (reference: Partial<ProductRecord> & { upc: string }) => reference,
          inStock: (product: { upc: string }) => IN_STOCK[product.upc] ?? false,
          shippingEstimate: (product: { price?: number | null; weight?: number | null }) => {
            if (product.price == null || product.weight == null) return null;
            return shippingEstimate(product.price, product.weight);
          },
        },
      };
  }
}

export function buildExampleSubgraphSchema(name: ExampleSubgraphName, data: ExampleData): GraphQLSchema {
  // Resolvers read the context startExampleSubgraphs builds; buildSubgraphSchema types contexts as unknown.
  return buildSubgraphSchema({ typeDefs: parse(readExampleSdl(name)), resolvers: resolversFor(name, data) as GraphQLResolverMap<unknown> });
}
