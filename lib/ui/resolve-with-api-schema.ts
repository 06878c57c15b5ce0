// A react-hook-form resolver over the zod schema the management API validates
// with. A form's fields are what inputs hold (strings, a date, a list typed as
// "80, 100"); toBody is the one place that turns them into the API's body. The
// resolver validates that body with the API's own schema and puts each issue
// under the form field its path starts with (or the field fieldFor names for a
// nested body path, e.g. "deployments.0.upstreamModel"), so the message shows
// under the field before any request is sent. On success, handleSubmit receives the
// parsed body, ready to send.
import type { FieldErrors, FieldValues, Resolver } from "react-hook-form";
import type { z } from "zod";

export function resolveWithApiSchema<TForm extends FieldValues, TSchema extends z.ZodType>(
  schema: TSchema,
  toBody: (values: TForm) => unknown,
  fieldFor: Record<string, keyof TForm & string> = {},
): Resolver<TForm, unknown, z.output<TSchema>> {
  return async (values) => {
    const parsed = await schema.safeParseAsync(toBody(values));
    if (parsed.success) return { values: parsed.data, errors: {} };
    return { values: {}, errors: fieldErrorsFrom(parsed.error.issues, values, fieldFor) as FieldErrors<TForm> };
  };
}

/** The first issue per form field; an issue on no field of the form goes to root. */
export function fieldErrorsFrom(issues: readonly z.core.$ZodIssue[], values: FieldValues, fieldFor: Record<string, string> = {}): Record<string, { type: string; message: string }> {
  const errors: Record<string, { type: string; message: string }> = {};
  for (const issue of issues) {
    const path = issue.path.join(".");
    const mapped = Object.keys(fieldFor).find((prefix) => path === prefix || path.startsWith(`${prefix}.`));
    const head = issue.path[0];
    const field = mapped ? fieldFor[mapped]! : typeof head === "string" && head in values ? head : "root";
    const message = field === "root" && path ? `${path}: ${issue.message}` : issue.message;
    errors[field] ??= { type: issue.code, message };
  }
  return errors;
}
