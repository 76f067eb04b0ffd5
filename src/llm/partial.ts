import { Allow, parse } from 'partial-json';

/**
 * Reads a structured output that is still streaming: the incomplete JSON text so far → the object as far
 * as it goes, with only complete strings (a string is reported once its closing quote has arrived), or
 * undefined when nothing can be read yet.
 */
export function partialObject(jsonSoFar: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = parse(jsonSoFar, Allow.ALL & ~Allow.STR);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
