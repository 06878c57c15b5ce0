import { ALL_ROLES, PRICE_EDITORS } from "@/lib/auth/principal";
import { exportPriceBook } from "@/lib/catalog/export-price-book";
import { importPriceBook } from "@/lib/catalog/import-price-book";
import { priceBookSchema } from "@/lib/catalog/price-book-schema";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

/** The price book as JSON (the same format POST imports). */
export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => {
  const book = await exportPriceBook(getDb(), principal.orgId);
  return new Response(JSON.stringify(book, null, 2), {
    headers: { "content-type": "application/json", "content-disposition": 'attachment; filename="tollgate-price-book.json"' },
  });
});

export const POST = withRoute({ roles: PRICE_EDITORS, body: priceBookSchema }, async ({ principal, body, requestId }) =>
  importPriceBook(getDb(), getRedis(), principal, body, requestId),
);
