/**
 * What a model folder written by retrain holds, as plain data (no tfjs): its file names and the
 * manifest beside the network. saved-model.ts writes and reads the folder; the output writer
 * recognises an earlier one from here without loading a training stack.
 */
import type { InputSpec } from '../data/input-spec.js';
import type { ModelSpec } from './specs.js';

export const MODEL_KIND = 'labelsleuth-model';
export const MODEL_VERSION = 1;

export interface ModelManifest {
  readonly kind: typeof MODEL_KIND;
  readonly version: typeof MODEL_VERSION;
  readonly toolVersion: string;
  readonly classNames: readonly string[];
  readonly sampleShape: readonly number[];
  readonly input: InputSpec;
  readonly model: ModelSpec;
  /** sha256 of weights.bin: a changed or truncated file is refused, not silently mis-used. */
  readonly weightsSha256: string;
  /** What the model was trained with (retrain settings), for the record. */
  readonly training: Readonly<Record<string, unknown>>;
}

export const modelFiles = { topology: 'model.json', weights: 'weights.bin', manifest: 'labelsleuth-model.json' } as const;
