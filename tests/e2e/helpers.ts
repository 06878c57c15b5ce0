import pg from "pg";
import { expect, type Page } from "@playwright/test";

export const owner = { email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! };

export async function signIn(page: Page, credentials = owner) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  // The form signs in from script: let it load before using it.
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Spend overview" })).toBeVisible();
}

let memberCount = 0;

/** Adds an org member with `role` through the management API (the page must be signed in as an owner or admin). */
export async function addMember(page: Page, role: "admin" | "finance" | "engineer" | "viewer") {
  const credentials = { email: `${role}-${Date.now()}-${++memberCount}@e2e.test`, password: `e2e-${role}-password-long` };
  const res = await page.request.post("/api/manage/v1/members", { data: { ...credentials, role, name: `E2E ${role}` } });
  expect(res.status()).toBe(201);
  return { ...credentials, id: (await res.json()).data.id as string };
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
}

/** RFC 4180 rows (quoted cells, doubled quotes, CRLF). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; } else if (c === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; } else if (c !== "\r") cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

export async function queryDb<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** `npm run up` starts the demo's benchmark runs once the proxy answers; specs that count spend wait for them to end. */
export async function waitForDemoBenchmarks(timeoutMs = 60_000) {
  await expect
    .poll(async () => (await queryDb<{ active: string; total: string }>("SELECT count(*) FILTER (WHERE status IN ('queued','running'))::text AS active, count(*)::text AS total FROM benchmark_run WHERE trigger <> 'demo-synthetic'"))[0], { timeout: timeoutMs })
    .toMatchObject({ active: "0", total: expect.not.stringMatching(/^0$/) });
}

const SHOTS = "test-results/e2e/pages";

/**
 * Screenshots of the page as it is, at 1280 and 1440 px, light and dark, as `test-results/e2e/pages/<name>-<scheme>-<width>.png`
 * (then back to light at 1440). `checkOverflow` (default on) fails when the document is wider than the viewport;
 * `fullPage: false` keeps only the viewport (e.g. a section scrolled into view).
 */
export async function shots(page: Page, name: string, { fullPage = true, checkOverflow = true }: { fullPage?: boolean; checkOverflow?: boolean } = {}) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      if (checkOverflow) expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} overflows at ${width}`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}/${name}-${scheme}-${width}.png`, fullPage });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1440, height: 900 });
}
