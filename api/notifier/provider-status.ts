/** One line per channel saying which provider carries it (never a credential): the settings page shows it. */
export interface ProviderStatus {
  email: string;
  sms: string;
}
