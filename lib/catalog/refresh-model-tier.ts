import type { Prisma } from "../generated/prisma/client";
import { priceInEffect } from "../pricing/price-in-effect";
import { tierForPrice } from "../pricing/tier-for-price";

/** Re-derives a model's tier from the price in effect now (an admin override still wins when reading). */
export async function refreshModelTier(tx: Prisma.TransactionClient, modelId: string): Promise<void> {
  const prices = await tx.modelPrice.findMany({ where: { modelId }, orderBy: { effectiveFrom: "asc" }, select: { effectiveFrom: true, inputPerMTok: true, outputPerMTok: true } });
  const current = priceInEffect(prices, new Date()) ?? prices[0];
  if (!current) return;
  await tx.model.update({ where: { id: modelId }, data: { tier: tierForPrice(current.inputPerMTok.toString(), current.outputPerMTok.toString()) } });
}
