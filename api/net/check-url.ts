import { isIP } from "node:net";
import { refuseAddress } from "./ip-ranges.ts";

export interface CheckUrlOptions {
  /** On-premises installs: loopback, private and CGNAT targets pass (see ip-ranges.ts). */
  allowPrivate?: boolean;
}

export type UrlCheck =
  | {
      ok: true;
      /** The parsed URL; fetch exactly its `href`, never the raw input, so both read the same host. */
      url: URL;
      /** Host name or IP literal, without the brackets of an IPv6 literal. */
      host: string;
      /** Set when the host is an IP literal (already checked); null for a name still to resolve. */
      ip: string | null;
    }
  | { ok: false; reason: string };

const maxLength = 2048;

/**
 * Checks a URL given by a user before anything is fetched from it: http(s) only, no credentials,
 * and a host that is a plausible name or an allowed IP literal. Names are checked again once
 * resolved (safe-fetch.ts). WHATWG parsing turns decimal, octal and hex IPv4 spellings
 * (`http://2130706433/`, `http://0x7f.1/`) into dotted quads, so they are checked like any literal.
 */
export function checkUrl(input: string, { allowPrivate = false }: CheckUrlOptions = {}): UrlCheck {
  if (input.length > maxLength) return refuse(`the URL is longer than ${maxLength} characters`);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse("this is not a valid URL (expected something like https://example.com/path)");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return refuse("only http and https URLs are allowed");
  if (url.username !== "" || url.password !== "")
    return refuse("the URL must not contain a user name or password");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) {
    const reason = refuseAddress(host, allowPrivate);
    return reason ? refuse(reason) : { ok: true, url, host, ip: host };
  }
  const labels = host.replace(/\.$/, "").split(".");
  if (labels.some((label) => label === ""))
    return refuse(`the host name ${JSON.stringify(host)} is not valid`);
  // RFC 6761: these names always mean this machine, whatever a resolver says.
  if (!allowPrivate && labels.at(-1) === "localhost") return refuse(`${host} is this machine`);
  return { ok: true, url, host, ip: null };
}

function refuse(reason: string): UrlCheck {
  return { ok: false, reason };
}
