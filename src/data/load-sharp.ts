/**
 * sharp (libvips, a ~30 MB native addon) is an optional dependency: only images need it, and a
 * table-only user may install without it (`npm install --omit=optional`, or a platform without a
 * prebuilt binary). Everything that decodes images asks for it here, so its absence is one line
 * that says how to add it, not a module-resolution stack.
 */
import { UserError } from '../errors.js';

type Sharp = typeof import('sharp').default;

let loaded: Promise<Sharp> | undefined;

export function loadSharp(): Promise<Sharp> {
  loaded ??= import('sharp').then(
    (m: { default: Sharp }) => {
      // Caching decoded files only holds memory for a one-pass loader.
      m.default.cache(false);
      return m.default;
    },
    (e: unknown) => {
      loaded = undefined;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Could not load the "sharp" module/.test(String((e as Error).message))) {
        throw new UserError('file', `reading images needs the optional package sharp, which is not installed (or has no binary for this platform); add it with: npm install sharp`);
      }
      throw e;
    },
  );
  return loaded;
}
