/**
 * Set by astro.config.mjs from SITE_API_URL, SITE_LIVE_API_URL (without trailing slash) and
 * SITE_LOGO_FILE (the logo the server fetched and cleaned; empty for none).
 */
declare const __VIGIE_BUILD__: { apiUrl: string; liveApiUrl: string; logoFile: string };
