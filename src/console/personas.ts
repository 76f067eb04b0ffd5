/**
 * Simulated participants for `parley simulate`: personas of six styles (cooperative, terse, rambling,
 * off_topic, refusing, contradicting), played by a model when a provider is configured, or scripted —
 * seeded deterministically by run index so that a scripted simulation is reproducible.
 *
 * ```yaml
 * vars: { topic: payments }            # optional, for blueprints with required variables
 * llm:                                 # optional: model-played personas
 *   mode: auto                         # auto (default) | llm | scripted
 *   model: anthropic:claude-3-5-haiku-latest   # default: the agent's model_config.generation
 *   timeout_ms: 15000                  # per model call (default 15000)
 *   concurrency: 4                     # runs in parallel when a model plays (default 4)
 * personas:
 *   - { name: cooperative, style: cooperative, weight: 2 }
 *   - { name: terse, style: terse, description: A busy CFO who answers between meetings }
 *   - name: skeptic
 *     style: contradicting
 *     mode: scripted                   # optional: always scripted
 *     answers: { current_role: ["I'm a director at Acme for 3 years."] }   # optional per-key pools
 * ```
 *
 * Who plays (src/console/personas/plan.ts): `auto` = a model when the persona model's provider has an
 * API key (OPENAI_API_KEY / ANTHROPIC_API_KEY, base URLs OPENAI_BASE_URL / ANTHROPIC_BASE_URL), else the
 * script. CLI flags win over the file: `--llm-personas` (error INVALID_CONFIG, exit 2, when the key is
 * missing), `--scripted-personas`, `--persona-model provider:model`, `--concurrency n`. A model-played
 * participant (personas/llm.ts) gets a persona prompt per style (personas/prompt.ts); a failed call is
 * retried once and then the scripted persona of the same style answers (a counted fallback). Answer pools
 * win in both modes.
 */
export {
  defaultPersonas,
  loadPersonasFile,
  parseModelSpec,
  parsePersonasSource,
  personaForRun,
  type Persona,
  type PersonaModeSetting,
} from './personas/schema.js';
export { seededRandom } from './personas/random.js';
export { PersonaParticipant } from './personas/scripted.js';
export { checkUtterance } from './personas/llm.js';
export { STYLE_GUIDES, personaSystemPrompt, personaUserPrompt } from './personas/prompt.js';
export { planPersonas } from './personas/plan.js';
