import type * as tfl from '@tensorflow/tfjs-layers';
import type { Rng } from '../util/rng.js';
import { createMlp, type MlpSpec } from './mlp.js';
import { createSmallCnn, type SmallCnnSpec } from './small-cnn.js';

/** Every model labelsleuth can train. A new kind must be added here, and the compiler says where else. */
export type ModelSpec = MlpSpec | SmallCnnSpec;
export type ModelKind = ModelSpec['kind'];

type Builder<S extends ModelSpec> = (spec: S, sampleShape: readonly number[], numClasses: number, rng: Rng) => tfl.LayersModel;

const builders: { [K in ModelKind]: Builder<Extract<ModelSpec, { kind: K }>> } = {
  mlp: (spec, shape, numClasses, rng) => createMlp(spec, shape.reduce((a, b) => a * b, 1), numClasses, rng),
  cnn: (spec, shape, numClasses, rng) => createSmallCnn(spec, shape, numClasses, rng),
};

export function buildModel(spec: ModelSpec, sampleShape: readonly number[], numClasses: number, rng: Rng): tfl.LayersModel {
  const build = builders[spec.kind] as Builder<ModelSpec>;
  return build(spec, sampleShape, numClasses, rng);
}
