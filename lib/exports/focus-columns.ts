// FOCUS 1.2 (FinOps Open Cost and Usage Specification) columns Tollgate
// writes, in order. The mapping from Tollgate's data is documented in
// docs/focus-export.md; x_ columns are Tollgate's own, as FOCUS allows.
export const FOCUS_COLUMNS = [
  "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd",
  "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory", "ChargeClass", "ChargeDescription",
  "BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "ListUnitPrice", "ContractedUnitPrice",
  "PricingQuantity", "PricingUnit", "ConsumedQuantity", "ConsumedUnit",
  "InvoiceIssuerName", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
  "SkuId", "SkuMeter", "SkuPriceId", "SubAccountId", "SubAccountName", "Tags",
  "x_Model", "x_Requests",
] as const;

export type FocusRow = Record<(typeof FOCUS_COLUMNS)[number], string>;
