import type { FastifyInstance } from 'fastify';

/** Staff roles, as PRODUCT.md describes them. */
export const roles = ['admin', 'moderator', 'senior_moderator', 'legal', 'auditor'] as const;
export type Role = (typeof roles)[number];

/** Platform API-key scopes. Each integration gets only what it needs. */
export const scopes = ['events:write', 'decisions:read', 'reports:write', 'media:check', 'accounts:read'] as const;
export type Scope = (typeof scopes)[number];

/** Roles that may do nothing until their session has passed two-factor authentication. */
export const rolesRequiringTwoFactor: ReadonlySet<Role> = new Set(['admin', 'senior_moderator', 'legal']);

export const allStaff: readonly Role[] = roles;

/**
 * What a route declares about who may call it. Every route under /v1 must declare one:
 * buildApp refuses to start otherwise, and the access-walk test checks each declaration.
 */
export type Access =
  | { public: true }
  | {
      /** Staff roles that may call it with a session cookie. */
      roles: readonly Role[];
      /** API-key scopes, any one of which allows the call. */
      scopes?: readonly Scope[];
      /** Child-safety data: every role needs a two-factor session. */
      twoFactor?: boolean;
      /** Reachable while a sign-in still waits for two-factor (session, sign-out, enrolment). */
      duringSignIn?: boolean;
    };

/** Every /v1 route declares who may call it; an undeclared one stops the app from starting. */
export function installAccessGuard(app: Pick<FastifyInstance, 'addHook'>): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/v1') && !route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access (config.access)`);
    }
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}
