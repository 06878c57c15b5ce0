// What the policy editor and the test panel offer to pick from: the org's
// catalog models (local ones marked, unpriced ones said to be), the projects
// and API keys the signed-in person sees. Built on the server.
import type { ModelOption } from "../../benchmarks/_components/model-options";

export type { ModelOption };

export interface RoutingOptions {
  models: ModelOption[];
  projects: { id: string; name: string }[];
  keys: { id: string; label: string }[];
  /** Owners and admins: org-wide policies can be chosen as the scope. */
  mayEditOrgWide: boolean;
}
