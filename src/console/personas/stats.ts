import type { FieldValue } from '../../engine/types.js';
import type { ConsoleParticipant } from '../participant.js';
import type { PersonaMode } from './schema.js';

/** What a simulated participant reports about how it was played (for the coverage report). */
export interface PersonaStats {
  mode: PersonaMode;
  /** `provider:model` when played by a model. */
  model: string | null;
  /** Model calls made, retries included. */
  calls: number;
  /** Calls that were a retry (after invalid output, an error or a timeout). */
  retries: number;
  /** Utterances the scripted persona of the same style said because the model failed twice. */
  fallbacks: number;
}

export interface SimParticipant extends ConsoleParticipant {
  stats(): PersonaStats;
  /** The value the persona meant at each typed node (scripted personas), for misroutes. */
  readonly intended?: Readonly<Record<string, FieldValue>>;
}
