/** Takes a notes database back before schema 5 (team mode): no author columns, no users or jobs tables. */
export const DROP_SCHEMA_5 = [
  'DROP TABLE users;',
  'DROP INDEX jobs_by_update;',
  'DROP TABLE jobs;',
  'ALTER TABLE notes DROP COLUMN author;',
  'ALTER TABLE speaker_turns DROP COLUMN author;',
].join(' ');
