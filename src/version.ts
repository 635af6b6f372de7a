import { createRequire } from 'node:module';

// Read from package.json so the report's tool version can never drift from the published one.
const require = createRequire(import.meta.url);
export const toolVersion: string = (require('../package.json') as { version: string }).version;
