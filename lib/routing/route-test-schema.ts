// What "test a request" accepts (no server imports: the Routing page's form
// uses it too): a request body as an app would send it, who sends it, and
// optionally its size and the live state to assume (load on local models,
// bursts, cooled-down deployments).
import { z } from "zod";
import { ROUTE_ENDPOINTS } from "./policy-schema";

const id = z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, "an id: letters, digits, _ and - only");
const alias = z.string().min(1).max(128).regex(/^[\w.:/-]+$/, "a model alias: letters, digits and . _ : / - only");

export const routeTestSchema = z
  .strictObject({
    body: z.record(z.string(), z.unknown()).describe("The JSON body the app would send to the proxy (nothing is sent upstream)"),
    endpoint: z.enum(ROUTE_ENDPOINTS).default("chat.completions"),
    projectId: id.optional().describe("The calling project (or give apiKeyId: its project is used)"),
    apiKeyId: id.optional(),
    tags: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/, "a tag as x-tollgate-tags takes it")).max(20).default([]),
    sessionId: z.string().min(1).max(256).optional().describe("As the x-tollgate-session header"),
    requestId: z.string().min(1).max(128).optional().describe("Buckets splits that are not sticky; random when absent"),
    estimatedInputTokens: z.number().int().min(0).max(100_000_000).optional().describe("Input tokens to assume instead of counting the body's (to try a size band without pasting a long prompt)"),
    state: z
      .strictObject({
        localInFlight: z.record(alias, z.number().int().min(0).max(1_000_000)).optional(),
        burstActive: z.record(alias, z.boolean()).optional(),
        cooledDown: z.array(z.string().min(1).max(128)).max(1_000).optional().describe("Deployment ids or model aliases"),
      })
      .optional()
      .describe("Live state to assume; by default nothing is loaded, bursting or cooled down"),
  })
  .refine((t) => t.projectId !== undefined || t.apiKeyId !== undefined, { path: ["projectId"], message: "give projectId or apiKeyId" });
export type RouteTestInput = z.output<typeof routeTestSchema>;
