// Web security as a browser meets it: the pages run under the nonce CSP,
// session-cookie writes from another origin are refused, sign-in never
// redirects off the site, sign-out ends the session on the server, and
// repeated wrong passwords lock the account with a clear message.
import { expect, test } from "@playwright/test";
import { owner, signIn, signOut } from "./helpers";

test("pages work under the Content-Security-Policy", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(msg.text())) violations.push(msg.text());
  });
  const signin = await page.goto("/signin");
  const csp = signin!.headers()["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(signin!.headers()["x-content-type-options"]).toBe("nosniff");
  await signIn(page);
  for (const path of ["/budgets", "/keys", "/requests", "/models"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // Client-side navigation needs the scripts: it works only if they ran.
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("heading", { name: "Spend overview" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a cross-site write with the session cookie is refused; the app's own is not", async ({ page }) => {
  await signIn(page);
  const body = JSON.stringify({ name: "csrf", role: "owner" });
  const crossSite = await page.request.post("/api/manage/v1/tokens", { headers: { origin: "https://evil.example", "content-type": "text/plain" }, data: body });
  expect(crossSite.status()).toBe(403);
  const textPlain = await page.request.post("/api/manage/v1/tokens", { headers: { "content-type": "text/plain" }, data: body });
  expect(textPlain.status()).toBe(415);
  const own = await page.request.post("/api/manage/v1/tokens", { headers: { "content-type": "application/json" }, data: body });
  expect(own.status()).toBe(201);
});

test("sign-in never leaves the site, whatever callbackUrl says", async ({ page, baseURL }) => {
  for (const callbackUrl of ["/\\evil.example", "/\t/evil.example", "//evil.example", "https://evil.example/"]) {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Spend overview" })).toBeVisible();
    expect(new URL(page.url()).origin, callbackUrl).toBe(new URL(baseURL!).origin);
    await page.context().clearCookies();
  }
});

test("sign-out ends the session on the server: a copied cookie stops working", async ({ page, browser, baseURL }) => {
  await signIn(page);
  const copied = await page.context().cookies();
  expect((await page.request.get("/api/manage/v1/me")).status()).toBe(200);
  await signOut(page);
  const elsewhere = await browser.newContext({ baseURL });
  await elsewhere.addCookies(copied);
  expect((await elsewhere.request.get("/api/manage/v1/me")).status()).toBe(401);
  await elsewhere.close();
});

test("ten wrong passwords lock the account: the form says so, the server answers 429", async ({ page }) => {
  const email = `locked-${Date.now()}@e2e.test`;
  await page.goto("/signin");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill(email);
  const answers: number[] = [];
  page.on("response", (r) => r.url().includes("/api/auth/callback/credentials") && answers.push(r.status()));
  for (let i = 0; i < 11; i++) {
    await page.getByLabel("Password").fill(`wrong password ${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("p[role=alert]")).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await expect(page.locator("p[role=alert]")).toHaveText(/Too many failed attempts/);
  expect(answers.at(-1)).toBe(429);
  expect(answers.slice(0, 10).every((s) => s === 401 || s === 200)).toBe(true);
});
