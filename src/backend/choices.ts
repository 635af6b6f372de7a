/**
 * The --backend vocabulary, kept apart from select.ts so that the CLI can describe its options
 * without loading TensorFlow.js (commands that never train start in a fraction of the time).
 */

/** What the user may ask for (`--backend`). */
export const backendChoiceDescriptions = {
  auto: 'tfjs-node if it loads, else wasm, else cpu',
  tensorflow: 'native TensorFlow via the optional @tensorflow/tfjs-node (fastest)',
  wasm: 'WebAssembly, no native install needed (every core for images, one thread for tables; LABELSLEUTH_WASM_THREADS=n to choose)',
  cpu: 'plain JavaScript (slow: tiny data only)',
} as const satisfies Record<string, string>;

export type BackendChoice = keyof typeof backendChoiceDescriptions;

/** The choices in preference order, for commander's `.choices()`. */
export const backendChoices = Object.keys(backendChoiceDescriptions) as BackendChoice[];

export type BackendName = Exclude<BackendChoice, 'auto'>;

/** Which backend a run used, and why (echoed in every report). */
export interface BackendInfo {
  /** The backend tfjs is running on now. */
  name: BackendName;
  requested: BackendChoice;
  /** Why a preferred backend was skipped ('auto' only). */
  fallbackReason?: string;
  /** Kernels replaced by our own (wasm only; empty elsewhere). */
  kernelFixes: string[];
  /** Threads the wasm backend computes on (wasm only). */
  threads?: number;
}

/** "wasm, 2 threads", for the terminal and the HTML report. */
export function describeBackend(b: { readonly name: BackendName; readonly threads?: number }): string {
  return b.threads === undefined ? b.name : `${b.name}, ${b.threads} thread${b.threads === 1 ? '' : 's'}`;
}
