import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { collectSchemaCoordinates } from '../../src/registry/index.ts';

const schema = buildSchema(`
  type Query { user(id: ID!): User, search(filter: Filter): [Result], node: Node }
  interface Node { id: ID! }
  type User implements Node { id: ID!, name: String, email: String, role: Role }
  type Product implements Node { id: ID!, title: String }
  union Result = User | Product
  input Filter { role: Role, text: String }
  enum Role { ADMIN, MEMBER }
`);

describe('the schema coordinates an operation uses', () => {
  it('names fields by their parent type, and arguments under their field', () => {
    const document = parse('{ user(id: "1") { name ... on User { email } } }');
    expect(collectSchemaCoordinates(schema, document)).toEqual(['Query.user', 'Query.user.id', 'User', 'User.email', 'User.name']);
  });

  it('names input fields and enum values given as literals, variable types and fragment conditions', () => {
    const document = parse(`
      query Search($text: String) { search(filter: { role: ADMIN, text: $text }) { ...P ... on User { role } } }
      fragment P on Product { title }
    `);
    expect(collectSchemaCoordinates(schema, document, 'Search')).toEqual([
      'Filter.role',
      'Filter.text',
      'Product',
      'Product.title',
      'Query.search',
      'Query.search.filter',
      'Role.ADMIN',
      'String',
      'User',
      'User.role',
    ]);
  });

  it('counts only the operation that ran, with the fragments it spreads, and leaves out __typename and introspection', () => {
    const document = parse(`
      query A { node { __typename id } __schema { queryType { name } } }
      query B { user(id: "1") { ...U } }
      fragment U on User { email }
    `);
    expect(collectSchemaCoordinates(schema, document, 'A')).toEqual(['Node.id', 'Query.node']);
    expect(collectSchemaCoordinates(schema, document, 'B')).toEqual(['Query.user', 'Query.user.id', 'User', 'User.email']);
  });
});
