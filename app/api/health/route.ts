import { checkHealth } from "@/lib/web/check-health";

export const dynamic = "force-dynamic";

// Public liveness/readiness for load balancers; reveals nothing but up/down.
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.ok ? 200 : 503 });
}
