import { nameKey } from "./states.ts";

/**
 * Azure region display names as the status feed writes them. Needed to match longest first: an event
 * in "West US 2" must not count for a dependency on "West US".
 */
export const azureRegionNames = [
  "East US",
  "East US 2",
  "East US 3",
  "Central US",
  "North Central US",
  "South Central US",
  "West Central US",
  "West US",
  "West US 2",
  "West US 3",
  "US Gov Virginia",
  "US Gov Arizona",
  "US Gov Texas",
  "US DoD East",
  "US DoD Central",
  "Canada Central",
  "Canada East",
  "Mexico Central",
  "Brazil South",
  "Brazil Southeast",
  "Chile Central",
  "North Europe",
  "West Europe",
  "UK South",
  "UK West",
  "France Central",
  "France South",
  "Germany West Central",
  "Germany North",
  "Switzerland North",
  "Switzerland West",
  "Norway East",
  "Norway West",
  "Sweden Central",
  "Sweden South",
  "Poland Central",
  "Italy North",
  "Spain Central",
  "Austria East",
  "Belgium Central",
  "Denmark East",
  "East Asia",
  "Southeast Asia",
  "Japan East",
  "Japan West",
  "Korea Central",
  "Korea South",
  "Australia East",
  "Australia Southeast",
  "Australia Central",
  "Australia Central 2",
  "Central India",
  "South India",
  "West India",
  "Jio India West",
  "Jio India Central",
  "UAE North",
  "UAE Central",
  "Qatar Central",
  "Israel Central",
  "South Africa North",
  "South Africa West",
  "New Zealand North",
  "Indonesia Central",
  "Malaysia West",
  "Taiwan North",
  "China East",
  "China East 2",
  "China East 3",
  "China North",
  "China North 2",
  "China North 3",
];

/**
 * The regions a text names, each span claimed by the longest name that fits so a shorter name
 * cannot match inside it. Names outside our list are matched too when the admin watches them.
 */
export function regionsMentioned(text: string, extraNames: string[] = []): Set<string> {
  let haystack = nameKey(text.replace(/<[^>]*>/g, " "));
  const candidates = [...new Set([...azureRegionNames, ...extraNames].map(nameKey))].sort(
    (a, b) => b.length - a.length,
  );
  const found = new Set<string>();
  for (const name of candidates) {
    if (!haystack.includes(name)) continue;
    const pattern = new RegExp(`(?<![a-z0-9])${escapeRegExp(name)}(?![a-z0-9])`, "g");
    haystack = haystack.replace(pattern, (match) => {
      found.add(name);
      return " ".repeat(match.length);
    });
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
