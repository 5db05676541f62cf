// Test fixture: a one-subgraph graph with what the example graph lacks — an interface, a union,
// non-null fields at every level, and the supergraph auth directives — served on 127.0.0.1 with a
// record of every operation it receives.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { composeSupergraph } from '../../../src/compose/index.ts';

export const BANK_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated", "@requiresScopes", "@policy"])

type Query {
  accounts: [Account!]!
  search(term: String): [SearchResult]
  account(id: ID!): Account
  vault: Vault
  luckyNumber: Int! @requiresScopes(scopes: [["numbers:read", "numbers:list"], ["numbers:admin"]])
  documents: [Document]
}

interface Account {
  id: ID!
  owner: String
  balance: Int
}

type Person implements Account @key(fields: "id") {
  id: ID!
  owner: String
  balance: Int
  ssn: String
}

type Company implements Account @key(fields: "id") {
  id: ID!
  owner: String
  balance: Int
  taxId: String!
}

union SearchResult = Person | Company

type Vault @authenticated {
  code: String
}

type Document {
  title: String
  body: String @policy(policies: [["reader"], ["editor", "staff"]])
}
`;

const PEOPLE = [
  { __typename: 'Person', id: 'p1', owner: 'Ada', balance: 100, ssn: '111' },
  { __typename: 'Person', id: 'p2', owner: 'Bob', balance: 200, ssn: '222' },
];
const COMPANIES = [{ __typename: 'Company', id: 'c1', owner: 'Acme', balance: 9000, taxId: 'T-1' }];

const resolvers = {
  Query: {
    accounts: () => [...PEOPLE, ...COMPANIES],
    search: () => [PEOPLE[0], COMPANIES[0]],
    account: (_: unknown, args: { id: string }) => [...PEOPLE, ...COMPANIES].find((account) => account.id === args.id),
    vault: () => ({ code: '1234' }),
    luckyNumber: () => 7,
    documents: () => [{ title: 'Plan', body: 'secret plan' }],
  },
  Account: { __resolveType: (account: { __typename: string }) => account.__typename },
  SearchResult: { __resolveType: (result: { __typename: string }) => result.__typename },
};

export interface BankGraph {
  supergraphSdl: string;
  /** The query text of every operation the subgraph received, oldest first. */
  received: string[];
  close(): Promise<void>;
}

export async function startBankGraph(): Promise<BankGraph> {
  const received: string[] = [];
  const handler = createHandler({
    schema: buildSubgraphSchema({ typeDefs: parse(BANK_SDL), resolvers }),
    onSubscribe: (_request, params) => {
      received.push(params.query);
    },
  });
  const server: Server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const { supergraphSdl } = composeSupergraph([{ name: 'bank', url: `http://127.0.0.1:${port}/graphql`, sdl: BANK_SDL }]);
  return {
    supergraphSdl,
    received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
