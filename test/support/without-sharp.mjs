// Preloaded with `node --import` by test/cli/optional-sharp.e2e.test.ts: makes `sharp` unresolvable,
// as after `npm install --omit=optional`, to check what a user without it sees.
import { register } from 'node:module';

register('./without-sharp-hooks.mjs', import.meta.url);
