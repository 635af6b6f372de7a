import * as tfl from '@tensorflow/tfjs-layers';
import type { Rng } from '../util/rng.js';
import type { SmallCnnSpec } from './specs.js';

export function createSmallCnn(spec: SmallCnnSpec, sampleShape: readonly number[], numClasses: number, rng: Rng): tfl.Sequential {
  const [h, w, c] = sampleShape;
  if (sampleShape.length !== 3 || h === undefined || w === undefined || c === undefined) {
    throw new Error(`the CNN needs [height, width, channels] samples, got [${sampleShape.join(', ')}]`);
  }
  const shrink = 2 ** spec.filters.length;
  if (h % shrink !== 0 || w % shrink !== 0) {
    throw new Error(`the CNN's ${spec.filters.length} 2x2 pools need sides divisible by ${shrink}, got ${h}x${w}`);
  }
  // torch's Conv2d/Linear default scale (uniform +-1/sqrt(fan_in)), seeded per layer from the run's
  // generator: the init that gave the MLP its best detection, and bit-identical on cpu and wasm.
  const init = () => tfl.initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform', seed: rng.uint32() });
  const model = tfl.sequential();
  spec.filters.forEach((filters, i) => {
    model.add(
      tfl.layers.conv2d({
        filters,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: init(),
        ...(i === 0 ? { inputShape: [h, w, c] } : {}),
      }),
    );
    // Pool before the ReLU: max and ReLU commute, so the outputs and gradients are those of
    // conv-relu-pool, but the ReLU and its gradient run on a quarter of the values (on the
    // first block's [128,28,28,32] activations, ~25 ms of a ~350 ms wasm training step).
    model.add(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    model.add(tfl.layers.activation({ activation: 'relu' }));
  });
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: spec.dense, activation: 'relu', kernelInitializer: init() }));
  model.add(tfl.layers.dense({ units: numClasses, kernelInitializer: init() }));
  return model;
}
