// What the management API and the API keys page accept for a new key and for a change to one (no server imports: the form uses it too).
import { z } from "zod";
import { MAX_TAGS, TAG_PATTERN } from "../proxy/parse-tags";

/** The offending value in a message, bounded (a tag is at most 64 characters; the value may be far longer). */
const quote = (value: unknown) => JSON.stringify(String(value).length > 70 ? `${String(value).slice(0, 70)}…` : String(value));

/** Fixed tags on one key: half of a request's MAX_TAGS, so the caller's x-tollgate-tags always has room. */
export const MAX_FIXED_TAGS = MAX_TAGS / 2;

/** Tags every request with the key carries (lib/proxy/effective-tags.ts): the x-tollgate-tags alphabet, no repeats. */
export const fixedTagsSchema = z
  .array(z.string().regex(TAG_PATTERN, { error: (issue) => `${quote(issue.input)} is not a tag: up to 64 letters, digits and _ . : / -, starting with a letter or digit` }))
  .max(MAX_FIXED_TAGS, `at most ${MAX_FIXED_TAGS} fixed tags`)
  .superRefine((tags, ctx) => {
    tags.forEach((tag, i) => {
      if (tags.indexOf(tag) !== i) ctx.addIssue({ code: "custom", path: [i], message: `${quote(tag)} is listed twice` });
    });
  })
  .describe("Tags every request with this key carries, whatever its x-tollgate-tags header says; a header tag with the same key (\"team\" of \"team:search\") and another value is dropped");

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  expiresAt: z.iso.datetime({ offset: true }).optional().refine((v) => !v || new Date(v) > new Date(), "must be in the future"),
  fixedTags: fixedTagsSchema.default([]),
});

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export const updateApiKeySchema = z.strictObject({
  fixedTags: fixedTagsSchema,
});

export type UpdateApiKeyInput = z.infer<typeof updateApiKeySchema>;
