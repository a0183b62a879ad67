import { describe, expect, it } from "vitest";
import { checkUrl } from "../../../api/net/check-url.ts";

const reasonOf = (url: string, allowPrivate = false) => {
  const result = checkUrl(url, { allowPrivate });
  return result.ok ? null : result.reason;
};

describe("checkUrl", () => {
  it("accepts http(s) URLs on public hosts, any port", () => {
    for (const url of [
      "https://example.com/hook",
      "http://hooks.example.com:8443/a?b=c",
      "https://93.184.215.14/",
    ]) {
      expect(reasonOf(url), url).toBeNull();
    }
    const ok = checkUrl("https://Example.COM./x");
    expect(ok.ok && { host: ok.host, ip: ok.ip }).toEqual({ host: "example.com.", ip: null });
    const literal = checkUrl("http://[2606:4700:4700::1111]:8080/");
    expect(literal.ok && literal.ip).toBe("2606:4700:4700::1111");
  });

  it("refuses other schemes, credentials and malformed URLs with a reason", () => {
    expect(reasonOf("ftp://example.com/")).toBe("only http and https URLs are allowed");
    expect(reasonOf("file:///etc/passwd")).toBe("only http and https URLs are allowed");
    expect(reasonOf("javascript:alert(1)")).toBe("only http and https URLs are allowed");
    expect(reasonOf("https://user:pw@example.com/")).toBe("the URL must not contain a user name or password");
    expect(reasonOf("https://user@example.com/")).toBe("the URL must not contain a user name or password");
    expect(reasonOf("example.com/hook")).toMatch(/not a valid URL/);
    expect(reasonOf("http://..")).toMatch(/host name ".." is not valid/);
    expect(reasonOf(`https://example.com/${"a".repeat(2048)}`)).toMatch(/longer than 2048/);
  });

  it("recognises decimal, octal, hex and short IPv4 spellings", () => {
    for (const url of [
      "http://2130706433/",
      "http://0x7f.1/",
      "http://017700000001",
      "http://0177.0.0.1/",
      "http://127.1/",
      "http://0x7f000001/",
      "http://①②⑦.0.0.1/",
    ]) {
      expect(reasonOf(url), url).toBe("the address 127.0.0.1 is a loopback address (this machine)");
    }
    expect(reasonOf("http://2852039166/")).toMatch(/169\.254\.169\.254 is link-local/);
    expect(reasonOf("http://0/")).toMatch(/0\.0\.0\.0 is unspecified/);
  });

  it("refuses localhost names unless private targets are allowed", () => {
    expect(reasonOf("http://localhost:8080/")).toBe("localhost is this machine");
    expect(reasonOf("http://api.LOCALHOST./")).toBe("api.localhost. is this machine");
    expect(reasonOf("http://localhost:8080/", true)).toBeNull();
    expect(reasonOf("http://127.0.0.1:8080/", true)).toBeNull();
    expect(reasonOf("http://169.254.169.254/", true)).toMatch(/link-local/);
  });
});
