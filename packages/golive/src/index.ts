// The package's root entry: the one call a host app makes (docs/architecture.md, "The host").
// Everything else is imported from a concept's entry, e.g. @golive/next/livestream.
import { bindHostIdentity, bindTemplateUrl } from "./config";
import { bindDatabase, type Database } from "./db";
import { type GetSessionUser, type GoliveActions, goliveActions, type GoliveRoutes, goliveRoutes, type PageSession, pageSession } from "./http";

export type GoliveHost = {
  /** The host's Drizzle Postgres database, opened on first call. golive's tables must be migrated into it. */
  db: () => Promise<Database>;
  /** The signed-in user of a request, or null; `fresh: true` checks the session in the host's database (writes). */
  getSessionUser: GetSessionUser;
  /** Display names of the given user ids; ids it doesn't know may be left out. */
  getUserNames: (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;
  /** At least 32 characters: signs golive's own ids and tokens (invite and share links). */
  secret: () => string;
  /** The app's public URL, if known: the same-origin check trusts its host, and invite and share links are built on it. */
  publicUrl?: () => string | undefined;
  /** Where a signed-out visit to a page that needs a user goes, with `?next=<the page>`; "/sign-in" unless set. */
  signInPath?: string;
  /**
   * The path of golive's composite template page on `publicUrl`, "/golive/template" unless set;
   * `false` opts out: the egress uses LiveKit's built-in layouts (docs/architecture.md, "The composite template").
   */
  templatePath?: string | false;
};

/** Where the registry item puts the template page (src/app/golive/template/page.tsx). */
export const DEFAULT_TEMPLATE_PATH = "/golive/template";

export type Golive = {
  /** Method handlers per golive route, for one-line route files: `export const { GET, POST } = golive.routes.rooms`. */
  routes: GoliveRoutes;
  /** Server-action bodies, for a host's "use server" files to wrap. */
  actions: GoliveActions;
} & PageSession;

/**
 * Binds golive to the host app and answers its routes and actions. Call it once, at module
 * load of the host file. The database and identity bindings live on globalThis (config/host.ts,
 * db/handle.ts): each of Next's module graphs that loads the host file binds the same values.
 */
export function createGolive(host: GoliveHost): Golive {
  bindDatabase(host.db);
  bindHostIdentity({ secret: host.secret, userNames: host.getUserNames });
  const templatePath = host.templatePath ?? DEFAULT_TEMPLATE_PATH;
  // Without a public origin the egress (another machine) could not reach the page: built-in layouts then.
  bindTemplateUrl(templatePath === false ? undefined : () => {
    const origin = host.publicUrl?.();
    return origin ? new URL(templatePath, origin).href : undefined;
  });
  const session = { getSessionUser: host.getSessionUser, publicUrl: host.publicUrl };
  return { routes: goliveRoutes(session), actions: goliveActions(session), ...pageSession(session, host.signInPath ?? "/sign-in") };
}

export type { Database };
export type { ActionResult, GetSessionUser, PageSession, SessionUser } from "./http";
