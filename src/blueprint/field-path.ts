/**
 * The grammar of a condition's `field`, shared by the validator (static types) and the engine (values):
 *   <question key>.<capture field>   a structured field captured from the answer
 *   <question key>.answered          boolean: the node was answered
 *   <question key>.skipped           boolean: the node was declined or skipped
 *   <question key>.value             the typed answer of yes_no / choice / rating nodes
 *   <question key>.follow_ups        number of follow-ups asked at the node
 *   vars.<name>                      a declared variable
 *   participant.name|external_id|email, participant.metadata.<field>
 */
export type FieldPath =
  | { scope: 'node'; key: string; attr: 'answered' | 'skipped' | 'value' | 'follow_ups' }
  | { scope: 'capture'; key: string; field: string }
  | { scope: 'vars'; name: string }
  | { scope: 'participant'; field: 'name' | 'external_id' | 'email' }
  | { scope: 'participant_metadata'; field: string }
  | { scope: 'invalid'; reason: string };

const NODE_ATTRS = ['answered', 'skipped', 'value', 'follow_ups'] as const;

export function parseFieldPath(field: string): FieldPath {
  const parts = field.split('.');
  const [head, second, ...rest] = parts;
  if (head === undefined || second === undefined || head === '' || second === '') {
    return { scope: 'invalid', reason: 'a field is a dotted path such as key.field' };
  }
  if (head === 'vars') {
    return rest.length === 0 ? { scope: 'vars', name: second } : { scope: 'invalid', reason: 'vars.<name>' };
  }
  if (head === 'participant') {
    if (second === 'metadata') {
      const [metaField, ...more] = rest;
      return metaField !== undefined && more.length === 0
        ? { scope: 'participant_metadata', field: metaField }
        : { scope: 'invalid', reason: 'participant.metadata.<field>' };
    }
    if (rest.length === 0 && (second === 'name' || second === 'external_id' || second === 'email')) {
      return { scope: 'participant', field: second };
    }
    return {
      scope: 'invalid',
      reason: 'participant.name, participant.external_id, participant.email or participant.metadata.<field>',
    };
  }
  if (rest.length > 0)
    return { scope: 'invalid', reason: 'a node field has exactly two parts: <key>.<field>' };
  if ((NODE_ATTRS as readonly string[]).includes(second)) {
    return { scope: 'node', key: head, attr: second as (typeof NODE_ATTRS)[number] };
  }
  return { scope: 'capture', key: head, field: second };
}
