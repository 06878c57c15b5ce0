// Outbound HTTP for alert deliveries. Channel URLs are set by finance users,
// so the worker must not become a way into the internal network: every
// address a URL resolves to is checked when the connection is made (so DNS
// rebinding between a check and the request cannot slip through), and
// loopback, private, link-local and other non-public ranges are refused
// unless TOLLGATE_ALERTS_ALLOW_PRIVATE_URLS=true (local setups, tests).
// IP-literal hosts never reach the resolver, so the connector checks them
// itself. Deliveries never follow redirects (deliver-alert.ts), so no hop
// can lead somewhere the first URL could not.
import dns from "node:dns";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector } from "undici";

export class BlockedAddressError extends Error {}
/** A channel URL answered with a redirect: not followed, and not retried. */
export class RedirectRefusedError extends BlockedAddressError {}

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === "unicast";
}

/** `isAllowed` decides which resolved addresses may be reached (public ones; tests narrow it). */
export function createOutboundAgent(allowPrivate: boolean, isAllowed: (address: string) => boolean = isPublicAddress): Agent {
  if (allowPrivate) return new Agent({ connect: { timeout: 10_000 } });
  const lookup: typeof dns.lookup = ((hostname: string, options: dns.LookupOptions, callback: (err: Error | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as dns.LookupAddress[];
      const blocked = list.find((a) => !isAllowed(a.address));
      if (blocked || list.length === 0) return callback(new BlockedAddressError(`${hostname} resolves to a non-public address (${blocked?.address ?? "none"}); set TOLLGATE_ALERTS_ALLOW_PRIVATE_URLS=true to allow it`), "", 0);
      if (options.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  }) as typeof dns.lookup;
  const connect = buildConnector({ timeout: 10_000, lookup });
  return new Agent({
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[|\]$/g, "");
      if (ipaddr.isValid(host) && !isAllowed(host)) {
        return callback(new BlockedAddressError(`${host} is not a public address; set TOLLGATE_ALERTS_ALLOW_PRIVATE_URLS=true to allow it`), null);
      }
      return connect(options, callback);
    },
  });
}

/** IP literals never reach the resolver, so they are checked here. */
export function assertDeliverableUrl(url: string, allowPrivate: boolean): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivate && ipaddr.isValid(host) && !isPublicAddress(host)) {
    throw new BlockedAddressError(`${host} is not a public address; set TOLLGATE_ALERTS_ALLOW_PRIVATE_URLS=true to allow it`);
  }
}
