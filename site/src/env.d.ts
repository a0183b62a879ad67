/** Set by astro.config.mjs from SITE_API_URL and SITE_LIVE_API_URL, without trailing slash. */
declare const __VIGIE_BUILD__: { apiUrl: string; liveApiUrl: string };
