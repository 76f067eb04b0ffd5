import {
  newDeliverySchema,
  webhookAttemptSchema,
  webhookDeliverySchema,
  type NewDelivery,
  type OutboxStore,
  type WebhookAttempt,
  type WebhookDelivery,
} from '../../../src/store/webhooks/types.js';

/** In-memory OutboxStore for tests: same semantics as the database one, single process. */
export class MemoryOutbox implements OutboxStore {
  readonly rows = new Map<string, WebhookDelivery>();
  readonly attempts: WebhookAttempt[] = [];
  readonly disabledEndpoints: string[] = [];
  private seq = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  async enqueue(input: NewDelivery): Promise<WebhookDelivery> {
    const d = newDeliverySchema.parse(input);
    const now = this.now();
    const row = webhookDeliverySchema.parse({
      id: `whd_${++this.seq}`,
      organization_id: d.organization_id,
      endpoint_id: d.endpoint_id,
      run_id: d.run_id,
      event_type: d.event_type,
      message_id: d.message_id,
      url: d.url,
      method: d.method,
      headers: d.headers,
      payload: d.payload,
      secret: d.secret,
      attempt: 0,
      status: 'pending',
      next_attempt_at: d.next_attempt_at ?? now,
      last_status_code: null,
      last_error: null,
      created_at: d.created_at ?? now,
    });
    this.rows.set(row.id, row);
    return structuredClone(row);
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<WebhookDelivery[]> {
    const due = [...this.rows.values()]
      .filter(
        (r) =>
          (r.status === 'pending' || r.status === 'failed' || r.status === 'delivering') &&
          r.next_attempt_at <= now,
      )
      .sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.created_at - b.created_at)
      .slice(0, limit);
    for (const r of due) {
      r.status = 'delivering';
      r.next_attempt_at = now + leaseMs;
    }
    return due.map((r) => structuredClone(r));
  }

  async recordAttempt(a: WebhookAttempt): Promise<void> {
    this.attempts.push(webhookAttemptSchema.parse(a));
  }

  private row(id: string): WebhookDelivery {
    const r = this.rows.get(id);
    if (!r) throw new Error(`no delivery ${id}`);
    return r;
  }

  async markDelivered(id: string, statusCode: number, _now: number): Promise<void> {
    const r = this.row(id);
    Object.assign(r, {
      status: 'delivered',
      attempt: r.attempt + 1,
      last_status_code: statusCode,
      last_error: null,
    });
  }

  async markRetry(
    id: string,
    nextAttemptAt: number,
    statusCode: number | null,
    error: string | null,
  ): Promise<void> {
    const r = this.row(id);
    Object.assign(r, {
      status: 'failed',
      attempt: r.attempt + 1,
      next_attempt_at: nextAttemptAt,
      last_status_code: statusCode,
      last_error: error,
    });
  }

  async markDead(id: string, statusCode: number | null, error: string | null): Promise<void> {
    const r = this.row(id);
    Object.assign(r, {
      status: 'dead',
      attempt: r.attempt + 1,
      last_status_code: statusCode,
      last_error: error,
    });
  }

  async disableEndpoint(endpointId: string): Promise<void> {
    this.disabledEndpoints.push(endpointId);
  }

  get(id: string): WebhookDelivery {
    return structuredClone(this.row(id));
  }

  attemptsOf(id: string): WebhookAttempt[] {
    return this.attempts.filter((a) => a.delivery_id === id);
  }
}
