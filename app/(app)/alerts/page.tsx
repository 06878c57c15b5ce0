import { listAlerts } from "@/lib/alerts/list-alerts";
import { listChannels } from "@/lib/alerts/manage-channels";
import { ALL_ROLES, BUDGET_EDITORS } from "@/lib/auth/principal";
import { getEncryptionKey } from "@/lib/crypto/get-encryption-key";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { CreateChannelForm, DeleteChannelButton, MarkReadButton } from "./channel-forms";

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
        <table data-testid="alerts">
          <thead><tr><th>When</th><th>Kind</th><th>Alert</th><th>Delivered to</th></tr></thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.id} style={a.readAt ? undefined : { fontWeight: 600 }}>
                <td>{a.firedAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                <td>{a.kind}{a.threshold ? ` ${a.threshold}%` : ""}</td>
                <td>{a.message}</td>
                <td className="muted">
                  {a.deliveries.length === 0 ? "in-app" : a.deliveries.map((d) => `${d.channel}: ${d.status}${d.attempts > 1 ? ` after ${d.attempts} tries` : ""}${d.status !== "delivered" && d.lastError ? ` (${d.lastError})` : ""}`).join("; ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {alerts.length === 0 && <p className="muted">No alerts yet.</p>}
      </section>
      <section className="card" style={{ marginTop: 16 }} aria-labelledby="channels">
        <h2 id="channels">Channels</h2>
        <p className="muted">Budgets choose which channels to notify; anomaly alerts go to every channel. Webhooks are signed: <code>x-tollgate-signature: t=&lt;unix&gt;,v1=HMAC-SHA256(secret, &quot;t.body&quot;)</code>.</p>
        <table data-testid="channels">
          <thead><tr><th>Name</th><th>Kind</th><th>Sends to</th>{canEdit && <th><span className="muted">Actions</span></th>}</tr></thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.id}><td>{c.name}</td><td>{c.kind}</td><td>{c.target}</td>{canEdit && <td><DeleteChannelButton channelId={c.id} name={c.name} /></td>}</tr>
            ))}
          </tbody>
        </table>
        {canEdit && <CreateChannelForm />}
      </section>
    </>
  );
});
