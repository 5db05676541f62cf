// The example graph's access policy, as graphql-shield rules (`authorization.rules: ./examples/permissions.ts`).
// Everything the standard benchmark query reads is public; personal data is for its owner, a profile
// reader or an admin; changing prices needs a scope; `me`, adding reviews and following them need a signed-in user.
import {
  allow,
  chain,
  definePermissions,
  deny,
  type GatehouseContext,
  hasRole,
  hasScope,
  isAuthenticated,
  or,
  rule,
  type ShieldRule,
} from 'gatehouse';

/** The signed-in user reading their own record: needs the parent User's id, which the gateway fetches. */
export const isSelf: ShieldRule = rule('isSelf', { fragment: 'fragment UserId on User { id }' })(
  (user: { id?: string }, _args: unknown, context: GatehouseContext) => user.id !== undefined && user.id === context.principal?.subject,
);

// chain: isSelf runs only for a signed-in caller, so for anonymous callers the field is decided (denied)
// before planning and never fetched; for others the id is fetched and isSelf decides per user.
const selfOrProfileReader = or(chain(isAuthenticated, isSelf), hasScope('read:profile'));
const admin = hasRole('admin');

export default definePermissions(
  {
    Query: { '*': allow, me: isAuthenticated },
    Mutation: { updatePrice: hasScope('write:products'), addReview: isAuthenticated },
    Subscription: { reviewAdded: isAuthenticated },
    User: { '*': allow, email: selfOrProfileReader, birthday: selfOrProfileReader, ssn: admin, paymentMethods: admin },
    PaymentMethod: admin,
    Product: allow,
    Review: allow,
  },
  { fallbackRule: deny },
);
