// The standard federation benchmark's data (graphql-hive/graphql-gateways-benchmark), plus the
// sensitive fields the access-control demo needs. Each server gets its own copy (see createExampleData).

export interface UserRecord {
  id: string;
  name: string;
  username: string;
  birthday: number;
  email: string;
  ssn: string;
  paymentMethods: { id: string; brand: string; last4: string }[];
}

export interface ProductRecord {
  upc: string;
  name: string;
  price: number;
  weight: number;
}

export interface ReviewRecord {
  id: string;
  body: string;
  productUpc: string;
}

const USERS: readonly [string, string][] = [
  ['Uri Goldshtein', 'urigo'],
  ['Dotan Simha', 'dotansimha'],
  ['Kamil Kisiela', 'kamilkisiela'],
  ['Arda Tanrikulu', 'ardatan'],
  ['Gil Gardosh', 'gilgardosh'],
  ['Laurin Quast', 'laurin'],
];

const PRODUCTS: readonly ProductRecord[] = [
  { upc: '1', name: 'Table', price: 899, weight: 100 },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000 },
  { upc: '3', name: 'Glass', price: 15, weight: 20 },
  { upc: '4', name: 'Chair', price: 499, weight: 100 },
  { upc: '5', name: 'TV', price: 1299, weight: 1000 },
];

export const IN_STOCK: Readonly<Record<string, boolean>> = {
  '1': true,
  '2': false,
  '3': false,
  '4': false,
  '5': true,
};

const BODIES = [
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.',
  'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam, eaque ipsa quae ab illo inventore veritatis et quasi architecto beatae vitae dicta sunt explicabo. Nemo enim ipsam voluptatem quia voluptas sit aspernatur aut odit aut fugi',
  'sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt. Neque porro quisquam est, qui dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, sed quia non numquam eius modi tempora incidunt ut labore et dolore magnam aliquam quaerat voluptatem.',
  'Ut enim ad minima veniam, quis nostrum exercitationem ullam corporis suscipit laboriosam, nisi ut aliquid ex ea commodi consequatur? Quis autem',
  'At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium voluptatum deleniti atque corrupti quos dolores et quas molestias excepturi sint occaecati cupiditate non provident, similique sunt in culpa qui officia deserunt mollitia animi, id est laborum et dolorum fuga. Et harum quidem rerum facilis est et expedita distinctio. Nam libero tempore, cum soluta nobis est eligendi optio cumque nihil impedit quo minus id quod maxime placeat facere possimus, omnis voluptas assumenda est, omnis dolor repellendus. Temporibus autem quibusdam et aut officiis debitis aut rerum necessitatibus saepe eveniet ut et voluptates repudiandae sint et molestiae non recusandae. Itaque earum rerum hic tenetur a sapiente delectus, ut aut reiciendis voluptatibus maiores alias consequatur aut perferendis doloribus asperiores repellat.',
] as const;

const REVIEWS: readonly [number, string][] = [
  [0, '1'],
  [1, '1'],
  [2, '1'],
  [3, '1'],
  [0, '2'],
  [1, '2'],
  [2, '2'],
  [3, '2'],
  [3, '3'],
  [3, '4'],
  [4, '4'],
];

export interface ExampleData {
  users: UserRecord[];
  products: ProductRecord[];
  reviews: ReviewRecord[];
}

/** A fresh copy of the example data, so a mutation in one test never leaks into another. */
export function createExampleData(): ExampleData {
  return {
    users: USERS.map(([name, username], index) => {
      const id = String(index + 1);
      return {
        id,
        name,
        username,
        birthday: 1234567890,
        email: `${username}@example.com`,
        ssn: `000-00-000${id}`,
        paymentMethods: [{ id: `pm-${id}`, brand: 'visa', last4: `424${id}` }],
      };
    }),
    products: PRODUCTS.map((product) => ({ ...product })),
    reviews: REVIEWS.map(([body, productUpc], index) => ({
      id: String(index + 1),
      body: BODIES[body] ?? '',
      productUpc,
    })),
  };
}
