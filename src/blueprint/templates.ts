/**
 * `{{participant.name}}` / `{{vars.x}}` templates in blueprint text. Pure: no I/O.
 */
const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface TemplateRef {
  /** The name inside the braces, e.g. `vars.competitor`. */
  name: string;
  /** Offset of the opening braces in the text. */
  index: number;
}

export function templateRefs(text: string): TemplateRef[] {
  return [...text.matchAll(TEMPLATE)].map((m) => ({ name: m[1] ?? '', index: m.index }));
}

export interface TemplateScope {
  participant: { name?: string | undefined; external_id?: string | undefined; email?: string | undefined };
  vars: Record<string, string>;
}

/** Participant fields a template (or a condition) may name. */
export const participantTemplateFields = ['name', 'external_id', 'email'] as const;

export function isKnownTemplateName(name: string, declaredVars: ReadonlySet<string>): boolean {
  const [scope, field, ...rest] = name.split('.');
  if (rest.length > 0 || field === undefined) return false;
  switch (scope) {
    case 'participant':
      return (participantTemplateFields as readonly string[]).includes(field);
    case 'vars':
      return declaredVars.has(field);
    default:
      return false;
  }
}

/** Replace every template with its value; unknown or missing values become an empty string. */
export function renderTemplate(text: string, scope: TemplateScope): string {
  return text.replace(TEMPLATE, (_whole, rawName: string) => {
    const [kind, field] = rawName.split('.');
    if (kind === 'vars' && field !== undefined) return scope.vars[field] ?? '';
    if (kind === 'participant' && field !== undefined) {
      const p = scope.participant;
      switch (field) {
        case 'name':
          return p.name ?? '';
        case 'external_id':
          return p.external_id ?? '';
        case 'email':
          return p.email ?? '';
        default:
          return '';
      }
    }
    return '';
  });
}
