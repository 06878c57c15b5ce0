"use client";

import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { changeMemberRoleSchema } from "@/lib/members/member-role-schema";
import { createManagementTokenSchema, type CreateManagementTokenInput } from "@/lib/tokens/token-schemas";
import { resolveWithApiSchema } from "@/lib/ui/resolve-with-api-schema";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useApiSubmit } from "../_components/api-form";
import { ConfirmActionButton } from "../_components/confirm-action-button";
import { SecretShownOnce } from "../_components/secret-shown-once";

const ROLES = ["owner", "admin", "finance", "engineer", "viewer"] as const;

/** One select, sent on change: the API's schema checks the choice first, the result is a toast. */
export function MemberRoleSelect({ userId, email, value }: { userId: string; email: string; value: string }) {
  const { submit, error, pending } = useApiSubmit();
  const [invalid, setInvalid] = useState<string | null>(null);
  async function change(role: string) {
    const parsed = changeMemberRoleSchema.safeParse({ role });
    setInvalid(parsed.success ? null : (parsed.error.issues[0]?.message ?? "invalid role"));
    if (parsed.success && (await submit("PATCH", `/api/manage/v1/members/${userId}`, parsed.data))) toast.success(`${email} is now ${role}`);
  }
  return (
    <>
      <Select className="inline-block w-auto" aria-label={`Role of ${email}`} defaultValue={value} disabled={pending} onChange={(e) => void change(e.target.value)}>
        {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
      </Select>
      {(invalid ?? error) && <span role="alert" className="ml-1 text-sm text-destructive">{invalid ?? error}</span>}
    </>
  );
}

export function RemoveMemberButton({ userId, email }: { userId: string; email: string }) {
  return <ConfirmActionButton label="Remove" title={`Remove ${email}?`} confirmLabel="Remove member" done={`${email} removed`} url={`/api/manage/v1/members/${userId}`} confirmText="They lose access at once, and the management tokens they created are revoked." />;
}

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  return <ConfirmActionButton label="Revoke" title={`Revoke token "${name}"?`} confirmLabel="Revoke token" done={`Token "${name}" revoked`} url={`/api/manage/v1/tokens/${tokenId}`} confirmText="Its next request is refused. This cannot be undone." />;
}

interface TokenFields { name: string; role: string; expiresAt: string; projectIds: string[] | string | false }

/**
 * The one place the inputs become the API's body: the day picked becomes the end of that day in UTC (none: the
 * API's default expiry), and only engineer and viewer tokens send the projects they may see.
 */
function toBody(f: TokenFields) {
  const end = f.expiresAt ? new Date(`${f.expiresAt}T23:59:59Z`) : null;
  const projectIds = Array.isArray(f.projectIds) ? f.projectIds : f.projectIds ? [f.projectIds] : [];
  return {
    name: f.name,
    role: f.role,
    ...(end ? { expiresAt: Number.isNaN(end.getTime()) ? f.expiresAt : end.toISOString() } : {}),
    ...(isScoped(f.role) ? { projectIds } : {}),
  };
}

const isScoped = (role: string) => role === "engineer" || role === "viewer";
const resolver = resolveWithApiSchema(createManagementTokenSchema, toBody);

export function CreateTokenForm({ projects }: { projects: { id: string; name: string }[] }) {
  const { submit, error, pending } = useApiSubmit();
  const [created, setCreated] = useState<string | null>(null);
  const { register, handleSubmit, control, reset, formState: { errors } } = useForm<TokenFields, unknown, CreateManagementTokenInput>({ resolver, defaultValues: { name: "", role: "viewer", expiresAt: "", projectIds: [] } });
  const scoped = isScoped(useWatch({ control, name: "role" }));
  const onSubmit = handleSubmit(async (body) => {
    const data = await submit("POST", "/api/manage/v1/tokens", body);
    if (!data?.token) return;
    setCreated(String(data.token));
    toast.success(`Token "${body.name}" created`);
    reset();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 flex flex-wrap items-start gap-2" aria-label="New management token">
      <FormField label="New token name" error={errors.name?.message}><Input maxLength={100} {...register("name")} /></FormField>
      <FormField label="Role" error={errors.role?.message}><Select {...register("role")}>{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</Select></FormField>
      <FormField label="Expires (default in 90 days)" error={errors.expiresAt?.message}><Input type="date" {...register("expiresAt")} /></FormField>
      {scoped && (
        <fieldset className="m-0 basis-full border-0 p-0">
          <legend className="text-sm font-medium">Projects this token may see</legend>
          {projects.map((p) => (
            <label key={p.id} className="mr-3 inline-flex items-center gap-1.5"><input type="checkbox" value={p.id} {...register("projectIds")} /> {p.name}</label>
          ))}
          {errors.projectIds?.message && <p className="text-xs text-destructive">{errors.projectIds.message}</p>}
        </fieldset>
      )}
      <Button type="submit" className="mt-6" disabled={pending}>{pending ? "Creating…" : "Create token"}</Button>
      <FormError message={errors.root?.message ?? error} className="basis-full" />
      {created && <SecretShownOnce what="token" secret={created} testId="new-token" />}
    </form>
  );
}
