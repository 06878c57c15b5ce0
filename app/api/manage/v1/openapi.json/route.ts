import { buildOpenApi } from "@/lib/http/build-openapi";
import { managementRoutes } from "../route-registry";

// Public: it describes the API, it holds no data.
export function GET() {
  return Response.json(buildOpenApi(managementRoutes));
}
