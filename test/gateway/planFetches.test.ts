import { describe, expect, it } from 'vitest';
import { PlanFetches, type SubgraphOperation, type SubgraphResponse } from '../../src/gateway/subgraphFetcher/planFetches.ts';

const traffic = { batching: false, deduplicate_entities: true };
const entitiesQuery = (name: string) =>
  `query ${name}($representations:[_Any!]!){_entities(representations:$representations){...on User{name}}}`;

/** A subgraph that names each user after its id, and fails on the user "bad" with an error at its index. */
function userSubgraph(sent: SubgraphOperation[][]) {
  return async (operations: readonly SubgraphOperation[]): Promise<SubgraphResponse[]> => {
    sent.push([...operations]);
    return operations.map((operation) => {
      const representations = operation.variables?.representations as { id: string }[];
      const bad = representations.findIndex((representation) => representation.id === 'bad');
      return {
        data: {
          _entities: representations.map((representation) => (representation.id === 'bad' ? null : { name: `user ${representation.id}` })),
        },
        ...(bad === -1 ? {} : { errors: [{ message: 'no such user', path: ['_entities', bad, 'name'] }] }),
      };
    });
  };
}

describe('the fetches of one query plan', () => {
  it('merges entity fetches of one selection, answers each in its own order with errors at its own indices', async () => {
    const sent: SubgraphOperation[][] = [];
    const send = userSubgraph(sent);
    const plan = PlanFetches.of({});
    const fetch = (name: string, ids: string[]) =>
      plan.fetch('accounts', {
        operation: { query: entitiesQuery(name), variables: { representations: ids.map((id) => ({ __typename: 'User', id })) } },
        traffic,
        send,
      });
    const [first, second] = await Promise.all([fetch('Q__accounts__1', ['1', 'bad', '1']), fetch('Q__accounts__2', ['2', 'bad'])]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.[0]?.variables?.representations).toEqual([
      { __typename: 'User', id: '1' },
      { __typename: 'User', id: 'bad' },
      { __typename: 'User', id: '2' },
    ]);
    expect(first).toEqual({
      data: { _entities: [{ name: 'user 1' }, null, { name: 'user 1' }] },
      errors: [{ message: 'no such user', path: ['_entities', 1, 'name'] }],
    });
    expect(second).toEqual({
      data: { _entities: [{ name: 'user 2' }, null] },
      errors: [{ message: 'no such user', path: ['_entities', 1, 'name'] }],
    });
    // Each fetch gets its own copy: the gateway merges into what it receives.
    const entities = (first.data?._entities ?? []) as object[];
    expect(entities[0]).not.toBe(entities[2]);

    // Later in the plan, the same selection for users already fetched sends nothing; a new one only the new user.
    const later = await fetch('Q__accounts__3', ['2', '3']);
    expect(later).toEqual({ data: { _entities: [{ name: 'user 2' }, { name: 'user 3' }] } });
    expect(sent).toHaveLength(2);
    expect(sent[1]?.[0]?.variables?.representations).toEqual([{ __typename: 'User', id: '3' }]);
  });

  it('fails every merged fetch when the operation fails', async () => {
    const plan = PlanFetches.of({});
    const failure = { message: 'Subgraph "accounts" is unavailable (ECONNREFUSED)', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } };
    const send = async (operations: readonly SubgraphOperation[]) => operations.map(() => ({ errors: [failure] }));
    const fetch = (name: string) =>
      plan.fetch('accounts', {
        operation: { query: entitiesQuery(name), variables: { representations: [{ __typename: 'User', id: name }] } },
        traffic,
        send,
      });
    expect(await Promise.all([fetch('A'), fetch('B')])).toEqual([{ errors: [failure] }, { errors: [failure] }]);
  });
});
