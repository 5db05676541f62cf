// Test fixture: a gateway that verifies real JWTs from a test issuer (JWKS on 127.0.0.1) and
// authorizes fields; `as(principal)` gives the Authorization header of a token for that principal.
import type { CreateGatewayOptions } from '../../../src/index.ts';
import { startTestIssuer, type TestIssuer } from '../../auth/support/testIssuer.ts';
import { startTestGateway, type TestGateway } from '../../support/exampleGraph.ts';

export interface Caller {
  sub?: string;
  scope?: string;
  roles?: string[];
}

export interface SignedInGateway extends TestGateway {
  issuer: TestIssuer;
  /** Headers for a request as this caller; no argument: anonymous. */
  as(caller?: Caller): Promise<Record<string, string>>;
}

/** With `sharedIssuer`, tokens come from it (and closing the gateway leaves it running). */
export async function startSignedInGateway(
  options: Partial<CreateGatewayOptions> & Pick<CreateGatewayOptions, 'supergraph'>,
  sharedIssuer?: TestIssuer,
): Promise<SignedInGateway> {
  const issuer = sharedIssuer ?? (await startTestIssuer());
  const gateway = await startTestGateway({
    auth: { allow_anonymous: true, issuers: [{ issuer: issuer.issuer, audience: issuer.audience, jwks_url: issuer.jwksUrl }] },
    ...options,
  });
  return {
    ...gateway,
    issuer,
    async as(caller): Promise<Record<string, string>> {
      if (!caller) return {};
      return { authorization: `Bearer ${await issuer.sign({ ...caller })}` };
    },
    async close() {
      await gateway.close();
      if (!sharedIssuer) await issuer.close();
    },
  };
}
