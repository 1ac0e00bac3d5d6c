/**
 * `npm run openapi`: writes the document openapi.ts builds to server/openapi.json, which the
 * server serves and the repository keeps (so a change to the API shows in review as a change
 * to the document). tests/openapi.test.ts fails while the two differ.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { openApiDocument } from './openapi.js';

const file = resolve(PROJECT_ROOT, 'server', 'openapi.json');
writeFileSync(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);
