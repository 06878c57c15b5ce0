// Follows a Postgres backend's output stream, chunk by chunk (a message may be
// split across chunks), and remembers what the last complete message said
// about the session: whether it was ReadyForQuery ('Z'), and its transaction
// status ('I' idle, 'T' in a transaction, 'E' in a failed one).
//
// The embedded Postgres serves many connections on one session; a connection
// may hand the session to another only when its last message was
// ReadyForQuery with status 'I' (pinned-session-queue.ts).

const READY_FOR_QUERY = 0x5a; // 'Z'
const HEADER_BYTES = 5; // type byte + int32 length (which counts itself, not the type)

export class BackendMessageTracker {
  private header = Buffer.alloc(HEADER_BYTES);
  private headerFilled = 0;
  private bodyLeft = 0;
  private currentType = 0;
  private statusPending = false;
  /** The type byte of the last complete message, or 0 before any. */
  lastType = 0;
  /** The transaction status of the last ReadyForQuery seen. */
  transactionStatus: "I" | "T" | "E" = "I";

  /** True when the last complete message was ReadyForQuery and no message is partly read. */
  get readyForQuery(): boolean {
    return this.lastType === READY_FOR_QUERY && this.headerFilled === 0 && this.bodyLeft === 0;
  }

  /** Forget the last message's type before a new frontend message, so "ready" means this message's output ended with it. */
  startMessage(): void {
    this.lastType = 0;
  }

  feed(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, chunk.length - offset);
        // ReadyForQuery's body is its one status byte.
        if (this.statusPending) {
          this.transactionStatus = String.fromCharCode(chunk[offset] ?? 0) as "I" | "T" | "E";
          this.statusPending = false;
        }
        offset += take;
        this.bodyLeft -= take;
        if (this.bodyLeft === 0) this.lastType = this.currentType;
        continue;
      }
      const take = Math.min(HEADER_BYTES - this.headerFilled, chunk.length - offset);
      this.header.set(chunk.subarray(offset, offset + take), this.headerFilled);
      this.headerFilled += take;
      offset += take;
      if (this.headerFilled < HEADER_BYTES) break;
      this.headerFilled = 0;
      this.currentType = this.header[0] ?? 0;
      this.bodyLeft = this.header.readInt32BE(1) - 4;
      this.statusPending = this.currentType === READY_FOR_QUERY && this.bodyLeft > 0;
      if (this.bodyLeft <= 0) {
        this.bodyLeft = 0;
        this.lastType = this.currentType;
      }
    }
  }
}
