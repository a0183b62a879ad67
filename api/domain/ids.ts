import { randomBytes } from "node:crypto";

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

/** Random lowercase base36 string; rejection sampling keeps every character equally likely. */
export function randomString(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 252 && out.length < length) out += alphabet[byte % 36];
    }
  }
  return out;
}

export const idPrefixes = {
  page: "page",
  component: "cmp",
  incident: "inc",
  maintenance: "mnt",
  update: "upd",
  token: "tok",
  event: "evt",
  subscriber: "sub",
  delivery: "dlv",
  batch: "bat",
  dependency: "dep",
  oncallContact: "onc",
  user: "usr",
  session: "ses",
} as const;

export type IdKind = keyof typeof idPrefixes;

/** Opaque prefixed ids (`cmp_…`, `inc_…`): the prefix tells a human what an id points at. */
export function newId(kind: IdKind): string {
  return `${idPrefixes[kind]}_${randomString(16)}`;
}
