import { describe, expect, it } from "vitest";
import { fixedClock } from "../../../../api/domain/clock.ts";
import { defaultLoginLimits, LoginLimiter } from "../../../../api/http/console/login-limiter.ts";

const admitted = (limiter: LoginLimiter, email: string, address: string) => {
  const admission = limiter.admit(email, address);
  if (!("attempt" in admission)) throw new Error(`held for ${admission.wait} s`);
  return admission.attempt;
};

describe("LoginLimiter", () => {
  it("does not count a try whose password was never checked (server busy or failing)", () => {
    const limiter = new LoginLimiter(defaultLoginLimits, fixedClock(new Date("2026-12-01T10:00:00Z")));
    for (let i = 0; i < 30; i++) admitted(limiter, "owner@example.com", "192.0.2.1").cancel();
    // Neither the account, the pair nor the address carries anything: 3 real failures are still free.
    for (let i = 0; i < 3; i++) admitted(limiter, "owner@example.com", "192.0.2.1");
    expect(limiter.admit("owner@example.com", "192.0.2.1")).toEqual({ wait: 1 });
  });

  it("counts an account by its normalised email, with a bounded key", () => {
    const limiter = new LoginLimiter(defaultLoginLimits, fixedClock(new Date("2026-12-01T10:00:00Z")));
    for (const email of [" Owner@Example.com", "owner@example.com", "OWNER@EXAMPLE.COM "])
      admitted(limiter, email, "192.0.2.1");
    expect(limiter.admit("owner@example.com", "192.0.2.1")).toEqual({ wait: 1 });
    const long = `${"a".repeat(400)}@example.com`;
    for (let i = 0; i < 3; i++) admitted(limiter, `${long}${i}`, "192.0.2.2");
    expect(limiter.admit(`${long}x`, "192.0.2.2")).toEqual({ wait: 1 });
  });
});
