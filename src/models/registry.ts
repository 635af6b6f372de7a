import type * as tfl from '@tensorflow/tfjs-layers';
import type { Rng } from '../util/rng.js';
import { createMlp } from './mlp.js';
import { createSmallCnn } from './small-cnn.js';
import type { ModelKind, ModelSpec } from './specs.js';

type Builder<S extends ModelSpec> = (spec: S, sampleShape: readonly number[], numClasses: number, rng: Rng) => tfl.LayersModel;

const builders: { [K in ModelKind]: Builder<Extract<ModelSpec, { kind: K }>> } = {
  mlp: (spec, shape, numClasses, rng) =>
    createMlp(
      spec,
      shape.reduce((a, b) => a * b, 1),
      numClasses,
      rng,
    ),
  cnn: (spec, shape, numClasses, rng) => createSmallCnn(spec, shape, numClasses, rng),
};

export function buildModel(spec: ModelSpec, sampleShape: readonly number[], numClasses: number, rng: Rng): tfl.LayersModel {
  const build = builders[spec.kind] as Builder<ModelSpec>;
  return build(spec, sampleShape, numClasses, rng);
}
