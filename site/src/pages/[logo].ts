import type { APIRoute } from "astro";
import { loadSite } from "../lib/site.ts";

/** The page logo, copied from `logo_url` into the site (`/logo.svg`, `/logo.png`...). */
export async function getStaticPaths() {
  const { logo } = await loadSite();
  return logo ? [{ params: { logo: logo.file } }] : [];
}

export const GET: APIRoute = async () => {
  const { logo } = await loadSite();
  return new Response(logo ? new Uint8Array(logo.bytes) : null);
};
