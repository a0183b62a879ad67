import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locales } from "../../../api/domain/types.ts";
import { emailHeaders } from "../../../api/notifier/email-headers.ts";
import {
  createTemplateRenderer,
  sampleInput,
  type TemplateRenderer,
  templateKeys,
} from "../../../api/templates/index.ts";
import { templatesDir } from "./helpers.ts";

/**
 * SpamAssassin (Debian's `spamassassin`, local tests only: `-L`, no network) scores every email in
 * every language, as the notifier sends it (both parts, its headers), under 1.0.
 */

let renderer: TemplateRenderer;
const scores: string[] = [];
beforeAll(async () => {
  renderer = createTemplateRenderer({ templatesDir });
  await renderer.parseAll();
});
afterAll(() => {
  // Written next to the screenshots, so a run's figures can be read afterwards.
  const dir = join(import.meta.dirname, "..", "..", "..", "test-output");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "spamassassin-scores.txt"), `${scores.sort().join("\n")}\n`);
});

function spamassassin(message: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "spamassassin",
      ["-L", "-t", "-x"],
      { timeout: 60_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout) => {
        if (error && !stdout)
          reject(new Error(`spamassassin failed (apt-get install spamassassin): ${error.message}`));
        else resolve(stdout);
      },
    );
    child.stdin?.end(message);
  });
}

const pairs = templateKeys.flatMap((key) => locales.map((locale) => ({ key, locale })));

describe("SpamAssassin", () => {
  it.each(pairs)(
    "scores $key in $locale under 1.0",
    async ({ key, locale }) => {
      const email = renderer.render(key, locale, sampleInput(key, locale));
      const { messageId, headers } = emailHeaders({
        delivery: {
          id: "dlv_sample",
          kind: key,
          incidentId: key === "confirmation" ? null : "inc_sample",
          subscriberId: "sub_sample",
        },
        pageId: "page_sample",
        pageName: "Acme Cloud",
        base: "https://status.example.com",
        unsubscribeUrl: "https://status.example.com/subscribe/unsubscribe?token=sample-token",
      });
      const raw = await new MailComposer({
        from: "Acme Cloud <status@example.com>",
        to: "ada@example.org",
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers,
        messageId,
        date: new Date("2026-03-14T14:05:00Z"),
      })
        .compile()
        .build();
      const report = await spamassassin(raw);
      const status = /^X-Spam-Status: \w+, score=(-?[\d.]+)[^\n]*(?:\n\s[^\n]*)*/m.exec(report);
      expect(status, report.slice(0, 2000)).not.toBeNull();
      const score = Number(status![1]);
      scores.push(`${key} ${locale}: ${score} (${status![0].replace(/\s+/g, " ")})`);
      expect(score, status![0]).toBeLessThan(1.0);
    },
    90_000,
  );
});
