import * as tfl from '@tensorflow/tfjs-layers';
import type { Rng } from '../util/rng.js';
import type { MlpSpec } from './specs.js';

export function createMlp(spec: MlpSpec, inputSize: number, numClasses: number, rng: Rng): tfl.Sequential {
  const model = tfl.sequential();
  // Each layer gets its own seed from the run's generator: same --seed, same initial weights,
  // bit-identical on cpu and wasm (tfjs-wasm.md, point 7).
  const init = () => tfl.initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform', seed: rng.uint32() });
  spec.hidden.forEach((units, i) => {
    model.add(
      tfl.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: init(),
        ...(i === 0 ? { inputShape: [inputSize] } : {}),
      }),
    );
  });
  model.add(
    tfl.layers.dense({
      units: numClasses,
      kernelInitializer: init(),
      ...(spec.hidden.length === 0 ? { inputShape: [inputSize] } : {}),
    }),
  );
  return model;
}
