import { listAlerts } from "@/lib/alerts/list-alerts";
import { listChannels } from "@/lib/alerts/manage-channels";
import { ALL_ROLES, BUDGET_EDITORS } from "@/lib/auth/principal";
import { getEncryptionKey } from "@/lib/crypto/get-encryption-key";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { CreateChannelForm, DeleteChannelButton, MarkReadButton } from "./channel-forms";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal }) => {
  const db = getDb();
  const [{ alerts }, channels] = await Promise.all([listAlerts(db, principal, { limit: 100 }), listChannels(db, principal, getEncryptionKey())]);
  const canEdit = BUDGET_EDITORS.includes(principal.role);
  return (
    <>
      <h1>Alerts</h1>
      <section className="card" aria-labelledby="history">
        <h2 id="history">History {alerts.some((a) => !a.readAt) && <MarkReadButton />}</h2>
        <Table data-testid="alerts">
          <THead><Tr><Th>When</Th><Th>Kind</Th><Th>Alert</Th><Th>Delivered to</Th></Tr></THead>
          <TBody>
            {alerts.map((a) => (
              <Tr key={a.id} style={a.readAt ? undefined : { fontWeight: 600 }}>
                <Td>{a.firedAt.toISOString().slice(0, 16).replace("T", " ")}</Td>
                <Td>{a.kind.replace("_", " ")}{a.threshold ? ` ${a.threshold}%` : ""}</Td>
                <Td>{a.message}</Td>
                <Td className="text-muted-foreground">
                  {a.deliveries.length === 0 ? "in-app" : a.deliveries.map((d) => `${d.channel}: ${d.status}${d.attempts > 1 ? ` after ${d.attempts} tries` : ""}${d.status !== "delivered" && d.lastError ? ` (${d.lastError})` : ""}`).join("; ")}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        {alerts.length === 0 && <p className="text-muted-foreground">No alerts yet.</p>}
      </section>
      <section className="card" style={{ marginTop: 16 }} aria-labelledby="channels">
        <h2 id="channels">Channels</h2>
        <p className="text-muted-foreground">Budgets choose which channels to notify; anomaly alerts go to every channel. Webhooks are signed: <code>x-tollgate-signature: t=&lt;unix&gt;,v1=HMAC-SHA256(secret, &quot;t.body&quot;)</code>.</p>
        <Table data-testid="channels">
          <THead><Tr><Th>Name</Th><Th>Kind</Th><Th>Sends to</Th>{canEdit && <Th><span className="text-muted-foreground">Actions</span></Th>}</Tr></THead>
          <TBody>
            {channels.map((c) => (
              <Tr key={c.id}><Td>{c.name}</Td><Td>{c.kind}</Td><Td>{c.target}</Td>{canEdit && <Td><DeleteChannelButton channelId={c.id} name={c.name} /></Td>}</Tr>
            ))}
          </TBody>
        </Table>
        {canEdit && <CreateChannelForm />}
      </section>
    </>
  );
});
