import { createRequire } from "node:module";
import {
  type CountryCode,
  type Examples,
  getExampleNumber,
  type MetadataJson,
  type PhoneNumber,
  parsePhoneNumberFromString,
} from "libphonenumber-js/core";

export type { CountryCode, PhoneNumber };

/**
 * libphonenumber's full metadata, the data `libphonenumber-js/max` holds: some 150 KiB of JSON and
 * about 2 MiB once parsed, read on the first phone number rather than when the server starts (a
 * server whose subscribers all use email never reads it). Required at run time, not bundled.
 */
let metadata: MetadataJson | undefined;
let mobileExamples: Examples | undefined;

function phoneMetadata(): MetadataJson {
  metadata ??= createRequire(import.meta.url)("libphonenumber-js/metadata.max.json") as MetadataJson;
  return metadata;
}

/** `parsePhoneNumberFromString` of `libphonenumber-js/max`: undefined when `text` is no number. */
export function parsePhoneNumber(text: string, defaultCountry?: CountryCode): PhoneNumber | undefined {
  return defaultCountry
    ? parsePhoneNumberFromString(text, defaultCountry, phoneMetadata())
    : parsePhoneNumberFromString(text, phoneMetadata());
}

/** libphonenumber's example of a mobile number in `country`. */
export function exampleMobileNumber(country: CountryCode): PhoneNumber | undefined {
  mobileExamples ??= createRequire(import.meta.url)("libphonenumber-js/mobile/examples") as Examples;
  return getExampleNumber(country, mobileExamples, phoneMetadata());
}
