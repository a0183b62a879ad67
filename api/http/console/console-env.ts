import type { Actor, Deps } from "../../domain/context.ts";
import type { HashParams } from "../../domain/users/password-hash.ts";
import type { UserInfo } from "../../domain/users/user-store.ts";
import type { CookieNames } from "./cookies.ts";
import type { LoginLimiter } from "./login-limiter.ts";

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
  };
}

export interface ConsoleOptions {
  deps: Deps;
  publicUrl: string;
  /** scrypt parameters for new hashes and for unknown-account checks; OWASP's by default. */
  hashParams?: HashParams | undefined;
  /** Wakes the notifier after a console action queued messages (publishing a draft). */
  onNotify?: (() => void) | undefined;
}

/** What every console route module receives. */
export interface ConsoleContext {
  deps: Deps;
  publicUrl: string;
  hashParams: HashParams | undefined;
  onNotify: () => void;
  cookies: CookieNames;
  limiter: LoginLimiter;
}
