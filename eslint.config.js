import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ["node_modules/**", ".next/**", ".data/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through lib/env (or workers/env.ts), parsed once at start-up.",
        },
      ],
    },
  },
  {
    // Entry points and process supervision (which passes env on to children) read env.
    files: ["lib/env.ts", "lib/env/**", "workers/env.ts", "scripts/**", "prisma/seed.ts", "tests/**", "bench/**", "instrumentation.ts", "lib/runtime/**", "prisma.config.ts", "playwright.config.ts", "vitest.config.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
];

export default config;
