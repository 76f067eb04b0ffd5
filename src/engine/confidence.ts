/**
 * Confidence of an interpretation, 0..1. An answer whose confidence is below this is uncertain: a
 * decisive route on it is confirmed first (edge `confirm: uncertain`, the default for decisive edges).
 */
export const UNCERTAIN_CONFIDENCE = 0.8;

/** Absent confidence means certain (1). */
export function isUncertain(confidence: number | undefined): boolean {
  return (confidence ?? 1) < UNCERTAIN_CONFIDENCE;
}
