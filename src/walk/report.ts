import type { Blueprint } from '../blueprint/schema.js';
import type { FieldValue } from '../engine/types.js';
import type { WalkOutcome } from './driver.js';

/** Plain-text report of a walk: transcript, path, probe ledger, responses. No colours, stable output. */

function fmtValue(value: FieldValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  return String(value);
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds % 60);
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export function formatWalkReport(blueprint: Blueprint, outcome: WalkOutcome): string {
  const out: string[] = [];
  out.push(`${blueprint.name} (${blueprint.id} v${blueprint.version})`);
  out.push(`status: ${outcome.status}${outcome.end_reason !== null ? ` (${outcome.end_reason})` : ''}`);
  out.push('');
  out.push('Transcript');
  for (const line of outcome.transcript) {
    const who = line.role === 'agent' ? 'agent' : 'participant';
    out.push(`  ${clock(line.at_s)}  ${who.padEnd(11)}  ${line.text}`);
  }
  out.push('');
  out.push(`Path taken: ${outcome.path_taken.length > 0 ? outcome.path_taken.join(' → ') : '(none)'}`);
  out.push('');
  out.push('Probe ledger');
  if (outcome.probe_ledger.length === 0) out.push('  (no follow-ups)');
  else {
    const rows = [['#', 'key', 'technique', 'turn', 'reason']];
    for (const e of outcome.probe_ledger) {
      rows.push([String(e.index), e.key, e.technique, e.turn === undefined ? '' : String(e.turn), e.reason]);
    }
    out.push(...table(rows).map((l) => `  ${l}`));
  }
  out.push('');
  out.push('Responses');
  if (outcome.responses.length === 0) out.push('  (none)');
  else {
    const rows = [['key', 'status', 'value', 'follow-ups', 'complete', 'fields']];
    for (const r of outcome.responses) {
      const status = r.decline_reason !== undefined ? `${r.status} (${r.decline_reason})` : r.status;
      const fields = Object.entries(r.fields)
        .map(([k, v]) => `${k}=${fmtValue(v)}`)
        .join(' ');
      rows.push([
        r.key,
        status,
        fmtValue(r.value),
        String(r.follow_ups),
        r.probing_complete ? 'yes' : 'no',
        fields,
      ]);
    }
    out.push(...table(rows).map((l) => `  ${l}`));
  }
  if (outcome.unused_answers > 0) {
    out.push('');
    out.push(`note: ${outcome.unused_answers} scripted answer(s) were not used`);
  }
  return `${out.join('\n')}\n`;
}
