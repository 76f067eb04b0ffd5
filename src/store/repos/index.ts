import type { Db } from '../db/database.js';
import { DrizzleOutboxStore } from '../db/outbox.js';
import type { Ids } from '../ids.js';
import { AgentsRepo } from './agents.js';
import { ApiKeysRepo } from './api-keys.js';
import { BlueprintsRepo } from './blueprints.js';
import { EventsRepo } from './events.js';
import { ResultsRepo } from './results.js';
import { RunsRepo } from './runs.js';
import { TurnsRepo } from './turns.js';
import { WebhookEndpointsRepo } from './webhook-endpoints.js';
import { EmailOutbox } from '../email/outbox.js';
import { VariablesRepo } from './variables.js';
import { DocumentsRepo } from './documents.js';

/** One repository per resource; the HTTP layer never writes SQL. */
export interface Repos {
  keys: ApiKeysRepo;
  agents: AgentsRepo;
  blueprints: BlueprintsRepo;
  runs: RunsRepo;
  turns: TurnsRepo;
  events: EventsRepo;
  results: ResultsRepo;
  endpoints: WebhookEndpointsRepo;
  outbox: DrizzleOutboxStore;
  emails: EmailOutbox;
  variables: VariablesRepo;
  documents: DocumentsRepo;
}

export function createRepos(db: Db, ids: Ids, opts: { maxActiveKeys?: number } = {}): Repos {
  return {
    keys: new ApiKeysRepo(db, ids, opts.maxActiveKeys),
    agents: new AgentsRepo(db, ids),
    blueprints: new BlueprintsRepo(db, ids),
    runs: new RunsRepo(db, ids),
    turns: new TurnsRepo(db, ids),
    events: new EventsRepo(db),
    results: new ResultsRepo(db, ids),
    endpoints: new WebhookEndpointsRepo(db, ids),
    outbox: new DrizzleOutboxStore(db, ids),
    emails: new EmailOutbox(db, ids),
    variables: new VariablesRepo(db, ids),
    documents: new DocumentsRepo(db),
  };
}
