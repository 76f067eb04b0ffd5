import { z } from 'zod';
import { ParleyError } from '../../errors/parley-error.js';
import type { Analyzer, AnalysisLogger } from '../analyzer.js';
import { analyzeOffline } from '../offline.js';
import { emptyAnalysis, participantEntries, sortedTranscript } from '../prepare.js';
import type { AnalysisInput, AnalysisResult } from '../types.js';
import { finalizeLlmOutput } from './finalize.js';
import { buildPrompt } from './prompt.js';
import type { LlmProvider, ProviderOutput } from './provider.js';
import { llmJsonSchema, llmOutputSchema, type LlmOutput } from './schema.js';

/**
 * The LLM analyzer: one request, validation with one corrective retry, then finalize.ts. When the output
 * is still invalid after the retry, or the provider fails, the offline analysis is returned with
 * `metadata.fallback` set.
 */

type Validation = { ok: true; value: LlmOutput } | { ok: false; error: string; kind: string };

function validate(out: ProviderOutput, schema: z.ZodType): Validation {
  if (out.problem !== undefined) return { ok: false, error: out.problem, kind: 'unreadable' };
  const parsed = schema.safeParse(out.value);
  if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error), kind: 'schema' };
  return { ok: true, value: parsed.data as LlmOutput };
}

export class LlmAnalyzer implements Analyzer {
  readonly model: string;

  constructor(
    private readonly provider: LlmProvider,
    private readonly now: () => number,
    private readonly logger?: AnalysisLogger,
  ) {
    this.model = provider.model;
  }

  async analyze(input: AnalysisInput): Promise<AnalysisResult> {
    const started = this.now();
    const transcript = sortedTranscript(input.transcript);
    if (participantEntries(transcript).length === 0) {
      // Nothing to analyse: no request is made.
      return emptyAnalysis(
        input.blueprint,
        this.model,
        this.provider.kind,
        new Date(this.now()).toISOString(),
      );
    }
    const prompt = buildPrompt(input);
    const schema = llmOutputSchema(input.blueprint);
    const jsonSchema = llmJsonSchema(input.blueprint);
    let retries = 0;
    try {
      let out = await this.provider.complete(prompt, jsonSchema, null);
      let result = validate(out, schema);
      if (!result.ok) {
        this.logger?.warn(
          { analyzer: this.provider.kind, model: this.model, problem: result.kind },
          'analysis output invalid, retrying once',
        );
        retries = 1;
        out = await this.provider.complete(prompt, jsonSchema, { previous: out, error: result.error });
        result = validate(out, schema);
      }
      if (!result.ok) {
        return this.fallback(
          input,
          'invalid_output',
          `output failed validation twice (${result.kind})`,
          retries,
        );
      }
      const analysis = finalizeLlmOutput(input, result.value, {
        model: this.model,
        analyzer: this.provider.kind,
        retries,
        generatedAt: new Date(this.now()).toISOString(),
      });
      this.logger?.info(
        {
          analyzer: this.provider.kind,
          model: this.model,
          retries,
          dropped_quotes: analysis.metadata.dropped_quotes,
          duration_ms: this.now() - started,
        },
        'analysis generated',
      );
      return analysis;
    } catch (err) {
      return this.fallback(input, 'provider_error', describeError(err), retries);
    }
  }

  private fallback(
    input: AnalysisInput,
    reason: 'invalid_output' | 'provider_error',
    detail: string,
    retries: number,
  ): AnalysisResult {
    this.logger?.warn(
      { analyzer: this.provider.kind, model: this.model, reason, detail, retries },
      'analysis fell back to the offline analyzer',
    );
    const offline = analyzeOffline(input, this.now);
    return {
      ...offline,
      metadata: {
        ...offline.metadata,
        retries,
        fallback: { from: this.provider.kind, model: this.model, reason, detail },
      },
    };
  }
}

const statusDetailSchema = z.object({ status: z.number() });

/** Error class, HTTP status and code only — SDK messages may echo request content. */
function describeError(err: unknown): string {
  if (err !== null && typeof err === 'object') {
    const e = err as { name?: unknown; status?: unknown; code?: unknown };
    const parts = [typeof e.name === 'string' ? e.name : 'Error'];
    // the model-client layer's MODEL_ERROR carries the provider's HTTP status in its details
    const status =
      err instanceof ParleyError ? statusDetailSchema.safeParse(err.details).data?.status : e.status;
    if (typeof status === 'number') parts.push(`status ${status}`);
    if (typeof e.code === 'string') parts.push(`code ${e.code}`);
    return parts.join(', ');
  }
  return 'unknown error';
}
