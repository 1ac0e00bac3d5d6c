import type { TranscriptRecord } from '../transcript/types.js';

const SAMPLE_NOTICE = "The sample's words are synthetic and nobody's: its panelists are never suggested.";
const NO_ROSTER = "No roster: only names the captions give (voices) can be suggested; give the panel's names to read introductions and hand-offs.";

/**
 * Whom a talk's suggestions may name: the roster given, else its panelists; never the panelists
 * of a synthetic sample, whose words are nobody's (not even when given by hand).
 */
export function rosterFor(record: TranscriptRecord, given?: readonly string[]): { roster: string[]; never: string[]; notice?: string } {
  const panelists = (record.metadata.panelists ?? []).map((p) => p.name);
  const sample = record.source === 'sample';
  const roster = [...(given ?? (sample ? [] : panelists))];
  if (sample) return { roster, never: panelists, notice: SAMPLE_NOTICE };
  return { roster, never: [], ...(roster.length ? {} : { notice: NO_ROSTER }) };
}
