import { describe, expect, it } from "vitest";
import { createUpdateBodyRenderer } from "../../../api/templates/index.ts";

const render = createUpdateBodyRenderer();

describe("the plain-text part of an update", () => {
  it("says what the markdown says, without its syntax", () => {
    const { body_text } = render(
      "We are **investigating** elevated [error rates](https://status.test/a) on `api`.",
    );
    expect(body_text).toBe("We are investigating elevated error rates (https://status.test/a) on api.");
  });

  it("keeps line breaks, lists on consecutive lines and blocks apart", () => {
    const { body_text } = render(
      "First line\nsecond line\n\n- one\n- *two*\n\n1. first\n2. second\n\n> quoted",
    );
    expect(body_text).toBe("First line\nsecond line\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted");
  });

  it("does not repeat a bare link, and leaves raw HTML as the text it is", () => {
    const { body_text, body_html } = render("See https://status.test/x <b>now</b>");
    expect(body_text).toBe("See https://status.test/x <b>now</b>");
    expect(body_html).not.toContain("<b>");
  });
});
