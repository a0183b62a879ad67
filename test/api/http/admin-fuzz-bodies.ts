import fc from "fast-check";

/** What the admin API fuzzing sends as a body's type and as broken JSON. */

export const jsonTypes = ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON"];
const otherTypes = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=xyz",
  "application/xml",
  "application/jsonx",
  "application/json;",
  "application/vnd.api+json",
  "*/*",
  "",
];
export const contentTypeArb = fc.oneof(
  fc.constantFrom(...otherTypes),
  fc.string({ unit: fc.constantFrom(..."abcjson/+;=- ".split("")), maxLength: 30 }),
);
export const malformedJsonArb = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    "{]",
    "{'name': 'x'}",
    '{"name": "x",}',
    "NaN",
    "undefined",
    "\ufeff{}",
    "[".repeat(5000),
  ),
  fc.json().map((json) => `${json.slice(0, -1)}}}`), // valid JSON, cut short and over-closed
  fc.string({ unit: "binary", maxLength: 50 }),
);
