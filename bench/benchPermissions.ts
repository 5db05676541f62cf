// The benchmark's access policy: what real policies run on the fields the standard query reads. Wildcard
// allows, a scope rule and role rules decided before planning, and one rule that needs the parent object
// ("not hidden by moderation") on Review.body, which the query reads for every review of every list. The
// benchmark's token has no admin role, so that rule runs over each fetched review; it allows them all, so
// the answer stays the expected one.
import { allow, chain, definePermissions, deny, hasRole, hasScope, isAuthenticated, or, rule } from 'gatehouse';
import { isSelf } from '../examples/permissions.ts';

const HIDDEN_REVIEWS = new Set(['hidden-by-moderation']);

/** A per-object rule (its answer depends on the review), so graphql-shield's per-request cache must not share it. */
const reviewNotHidden = rule('reviewNotHidden', { fragment: 'fragment ReviewId on Review { id }', cache: 'no_cache' })(
  (review: { id?: string }) => review.id !== undefined && !HIDDEN_REVIEWS.has(review.id),
);
const admin = hasRole('admin');
const selfOrProfileReader = or(chain(isAuthenticated, isSelf), hasScope('read:profile'));

// examples/permissions.ts, plus the scope rule on User.username and the per-object rule on Review.body.
export default definePermissions(
  {
    Query: { '*': allow, me: isAuthenticated },
    Mutation: { updatePrice: hasScope('write:products') },
    User: {
      '*': allow,
      username: or(hasScope('read:profile'), admin),
      email: selfOrProfileReader,
      birthday: selfOrProfileReader,
      ssn: admin,
      paymentMethods: admin,
    },
    PaymentMethod: admin,
    Product: allow,
    Review: { '*': allow, body: or(admin, reviewNotHidden) },
  },
  { fallbackRule: deny },
);
