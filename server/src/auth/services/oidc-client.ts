import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { APP_CONFIG, type AppConfig, type OidcConfig } from '../../config/config.js';
import { DomainError } from '../../common/errors.js';

export interface OidcStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The OpenID Connect relying party (openid-client): the one place that talks to the provider. */
@Injectable()
export class OidcClient {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get settings(): OidcConfig {
    if (!this.config.oidc) throw new DomainError('not_found', 'OpenID Connect sign-in is not configured (OIDC_ISSUER_URL).');
    return this.config.oidc;
  }

  get enabled(): boolean {
    return this.config.oidc !== null;
  }

  /** Provider metadata, discovered on first use (the provider may be down when Bearing starts) and kept. */
  private discover(): Promise<oidc.Configuration> {
    const s = this.settings;
    this.configuration ??= oidc
      .discovery(new URL(s.issuerUrl), s.clientId, undefined, oidc.ClientSecretBasic(s.clientSecret), s.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        this.configuration = null; // retry discovery next time
        throw new DomainError('upstream_unavailable', `OpenID Connect provider unreachable: ${(err as Error).message}`);
      });
    return this.configuration;
  }

  /** The provider's authorization URL for a new sign-in (authorization code flow with PKCE, state and nonce). */
  async start(): Promise<OidcStart> {
    const configuration = await this.discover();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * Exchanges the callback's code for tokens, validates the ID token (issuer, audience, nonce,
   * signature) and returns its claims merged with the UserInfo claims.
   */
  async finish(callbackQuery: string, checks: { state: string; nonce: string; codeVerifier: string }): Promise<Record<string, unknown>> {
    const configuration = await this.discover();
    const current = new URL(this.settings.redirectUrl);
    current.search = callbackQuery;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new DomainError('unauthorized', `OpenID Connect sign-in failed: ${(err as Error).message}`);
    }
    const claims = { ...(tokens.claims() as Record<string, unknown>) };
    if (configuration.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub as string);
      Object.assign(claims, info);
    }
    return claims;
  }
}
