// Preloaded with `node --import` by test/entry-loads.test.ts: records the URL of every module the
// ES loader loads (CommonJS packages imported from ESM pass through it too) into the file named by
// LABELSLEUTH_LOAD_TRACE, so a test can assert what an entry point does NOT load.
import { register } from 'node:module';

register('./load-trace-hooks.mjs', import.meta.url);
