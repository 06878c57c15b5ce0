// Browser tests in Debian's Chromium against Tollgate started the way a user
// starts it (`npm run up`), pointed at the test run's private Postgres and
// Redis through DATABASE_URL / REDIS_URL. scripts/test.ts provides the E2E_* env.
import { defineConfig } from "@playwright/test";

const port = process.env.E2E_PORT;
if (!port) throw new Error("run the browser tests through `npm test` (scripts/test.ts sets up their services)");

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    // The management API accepts session-cookie writes only from the app's own origin (README, "Security").
    // Browsers send Origin on every fetch that changes something; Playwright's API requests do not, so the
    // tests that call the API with the signed-in page's cookie send it too (security.spec.ts overrides it).
    extraHTTPHeaders: { origin: `http://localhost:${port}` },
    viewport: { width: 1440, height: 900 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "node --import tsx scripts/up.ts",
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 400_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: port,
      DATABASE_URL: process.env.E2E_DATABASE_URL!,
      REDIS_URL: process.env.E2E_REDIS_URL!,
      TOLLGATE_DATA_DIR: process.env.E2E_DATA_DIR!,
      TOLLGATE_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL!,
      TOLLGATE_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD!,
      TOLLGATE_LOG_LEVEL: "warn",
      // The test's webhook receiver listens on loopback.
      TOLLGATE_ALERTS_ALLOW_PRIVATE_URLS: "true",
    },
  },
});
