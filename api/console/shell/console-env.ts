import type { Actor, Deps } from "../../domain/context.ts";
import type { PublishTargetPolicy } from "../../domain/settings/publish-target-policy.ts";
import type { LoginLimiter } from "../../domain/users/login-limiter.ts";
import type { HashParams } from "../../domain/users/password-hash.ts";
import type { UserInfo } from "../../domain/users/user-store.ts";
import type { ProviderStatus } from "../../notifier/provider-status.ts";
import type { TestEmailSender } from "../../notifier/test-email.ts";
import type { TemplateRenderer } from "../../templates/index.ts";
import type { CookieNames } from "./cookies.ts";
import type { HashGate } from "./hash-gate.ts";

/** What the console's middleware puts in the context for handlers and the layout. */
export interface ConsoleEnv {
  Variables: {
    /** Set when signed in: `user:<id>` with the user's role, as domain verbs expect. */
    actor: Actor;
    user: UserInfo;
    sessionId: string;
    /** The token forms of this page must send back in `_csrf` (or the `X-CSRF-Token` header). */
    csrfToken: string;
    /** The installation's console key (CSRF tokens, signed notices). */
    consoleKey: Buffer;
    /** Where the public status page is (with ADMIN_URL, another host than the console's). */
    publicUrl: string;
    /** The status page's time zone (its settings): every time the console shows or takes is in it. */
    timeZone: string;
  };
}

export interface ConsoleOptions {
  deps: Deps;
  publicUrl: string;
  /** Where the console is served (ADMIN_URL), when not at the public URL: cookies and CSRF follow it. */
  consoleUrl?: string | undefined;
  /** scrypt parameters for new hashes and for unknown-account checks; OWASP's by default. */
  hashParams?: HashParams | undefined;
  /** The compiled email templates, for previews of what subscribers will get (loaded on demand if absent). */
  templates?: TemplateRenderer | undefined;
  /** Rebuilds the static page now; absent when this process does not publish it. */
  rebuildSite?: (() => Promise<unknown>) | undefined;
  /** What sends email and SMS, for the settings page; absent when this process sends nothing. */
  providers?: ProviderStatus | undefined;
  /** Where an owner may set directory publish targets (PUBLISH_ROOT); nowhere when absent. */
  publishPolicy?: PublishTargetPolicy | undefined;
  /** Sends a test email through the real channel; absent when this process sends none. */
  sendTestEmail?: TestEmailSender | undefined;
}

/** What every console route module receives. */
export interface ConsoleContext {
  deps: Deps;
  publicUrl: string;
  hashParams: HashParams | undefined;
  templates: TemplateRenderer | undefined;
  rebuildSite: (() => Promise<unknown>) | undefined;
  providers: ProviderStatus | undefined;
  publishPolicy: PublishTargetPolicy | undefined;
  sendTestEmail: TestEmailSender | undefined;
  cookies: CookieNames;
  limiter: LoginLimiter;
  /** Bounds the password hashes of sign-ins running at once. */
  hashGate: HashGate;
}
