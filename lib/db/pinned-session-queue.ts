// The embedded Postgres is one PGlite session shared by every connection of
// the socket server. The server's own queue (pglite-socket 0.2.17) hands the
// session to another connection after every protocol message, so two pooled
// connections' extended-protocol batches (Parse, Bind, Execute, Sync)
// interleave: one's Bind binds the other's unnamed statement, and a query
// reads rows of another's shape ("portal does not exist", a missing column).
// Upstream: electric-sql/pglite#1046.
//
// This queue keeps the session with one connection until the backend says it
// is ready for a new query cycle outside a transaction (ReadyForQuery 'I'),
// which covers extended batches, transactions and COPY alike.
import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { BackendMessageTracker } from "./backend-message-tracker";

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

const TERMINATE = 0x58; // 'X'
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]); // 'S', length 4
const ROLLBACK = simpleQuery("ROLLBACK");

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, "utf8");
  const message = Buffer.alloc(5 + text.length);
  message.write("Q", 0, "latin1");
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

export class PinnedSessionQueue {
  private queue: QueuedMessage[] = [];
  private processing = false;
  /** The connection holding the session, between its first message and its ReadyForQuery 'I'. */
  private owner: number | null = null;
  private readonly tracker = new BackendMessageTracker();

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.processQueue();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((queued) => {
      if (queued.handlerId !== handlerId) return true;
      queued.reject(new Error("Handler disconnected"));
      return false;
    });
  }

  /** A connection that went away while holding the session: end its batch and roll back its transaction. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    // A Sync ends a half-sent batch (and leaves an error state), then the
    // rollback ends any transaction. Their output has no reader.
    const track = { onRawData: (data: Uint8Array) => this.tracker.feed(data) };
    await this.db.runExclusive(async () => {
      this.tracker.startMessage();
      await this.db.execProtocolRawStream(SYNC, track);
      if (this.tracker.transactionStatus !== "I") await this.db.execProtocolRawStream(ROLLBACK, track);
    });
    this.owner = null;
    await this.processQueue();
  }

  private next(): QueuedMessage | undefined {
    if (this.owner === null) return this.queue.shift();
    const index = this.queue.findIndex((queued) => queued.handlerId === this.owner);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async processQueue(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let queued = this.next(); queued; queued = this.next()) {
        const current = queued;
        let bytes = 0;
        this.tracker.startMessage();
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length;
                this.tracker.feed(data);
                current.onData(data);
              },
            }),
          );
        } catch (error) {
          current.reject(error instanceof Error ? error : new Error(String(error)));
          this.owner = null;
          continue;
        }
        const released = current.message[0] === TERMINATE || (this.tracker.readyForQuery && this.tracker.transactionStatus === "I");
        this.owner = released ? null : current.handlerId;
        current.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }
}

/** Replaces the socket server's queue; call before start(). */
export function installPinnedSessionQueue(server: PGLiteSocketServer, db: PGlite): PinnedSessionQueue {
  const queue = new PinnedSessionQueue(db);
  // queryQueue is private in the package's types; handlers read it from the
  // server when a connection arrives, so replacing it before start() covers all.
  (server as unknown as { queryQueue: PinnedSessionQueue }).queryQueue = queue;
  return queue;
}
