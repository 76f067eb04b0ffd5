import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { LiveEvent } from '../api/internal.js';
import type { Db } from '../db/database.js';
import type { EventsRepo } from '../repos/events.js';
import { Batcher } from '../repos/turn-batcher.js';
import { MemoryEventBus } from './memory.js';
import type { EventBus } from './types.js';
import { parseWire, type BusLogger, type Wire } from './wire.js';

export const CHANNEL = 'parley_live';
/** NOTIFY payloads must stay under 8000 bytes; larger events travel as a reference and are read back. */
const MAX_INLINE = 7000;

/**
 * PostgreSQL LISTEN/NOTIFY: every store instance on the database receives every event (including its
 * own, which is how local subscribers get them). One dedicated connection listens and reconnects on error.
 */
export class PgEventBus implements EventBus {
  private readonly local = new MemoryEventBus();
  private client: pg.Client | null = null;
  private closed = false;
  private ready: Promise<void> | null = null;
  /** Notifications published together go out in one statement, in publish order. */
  private readonly notifies: Batcher<string, void>;

  constructor(
    private readonly url: string,
    private readonly db: Db,
    private readonly events: EventsRepo,
    private readonly log: BusLogger,
  ) {
    this.notifies = new Batcher(async (payloads) => {
      await this.db.execute(
        sql`select pg_notify(${CHANNEL}, p)
          from jsonb_array_elements_text(${JSON.stringify(payloads)}::jsonb) with ordinality as u(p, i)`,
      );
      return payloads.map((): void => undefined);
    });
  }

  /** Connects and LISTENs; resolves when notifications will be received. */
  start(): Promise<void> {
    this.ready ??= this.connect();
    return this.ready;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (msg) => void this.onNotification(msg.payload));
    client.on('error', (err) => {
      this.onError(err);
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  private reconnect(old: pg.Client): void {
    if (this.closed || this.client !== old) return;
    this.client = null;
    const retry = (delay: number) => {
      if (this.closed) return;
      setTimeout(() => {
        this.connect().catch((err: unknown) => {
          this.onError(err);
          retry(Math.min(delay * 2, 10_000));
        });
      }, delay).unref();
    };
    retry(200);
  }

  private onError(err: unknown): void {
    this.log.warn({ err: String(err) }, 'event bus connection problem');
  }

  /** A notification from any store instance: delivered to local subscribers; a malformed one is skipped. */
  async onNotification(payload: string | undefined): Promise<void> {
    if (!payload) return;
    const wire = parseWire(payload, this.log);
    if (wire === null) return;
    try {
      if ('event' in wire) return this.local.deliver(wire.run_id, wire.event);
      const [e] = await this.events.after(wire.run_id, wire.seq - 1, 1);
      if (e) this.local.deliver(wire.run_id, e);
    } catch (err) {
      this.onError(err);
    }
  }

  async publish(runId: string, event: LiveEvent): Promise<void> {
    let payload = JSON.stringify({ run_id: runId, event } satisfies Wire);
    if (Buffer.byteLength(payload) > MAX_INLINE)
      payload = JSON.stringify({ run_id: runId, seq: event.seq } satisfies Wire);
    await this.notifies.add(payload);
  }

  subscribe(runId: string, fn: (e: LiveEvent) => void): () => void {
    return this.local.subscribe(runId, fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    await this.local.close();
    await c?.end().catch(() => undefined);
  }
}
