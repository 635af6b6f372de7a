import * as tf from '@tensorflow/tfjs-core';
import { allocF32 } from '../wasm-kernels/heap.js';
import { simdKernels, type AdamScalars } from './simd-kernels.js';

interface Moments {
  readonly m: tf.Variable;
  readonly v: tf.Variable;
}

/**
 * tf.train.adam for the wasm backend, one C kernel call per variable and step (kernels.c's
 * adam_update) instead of its ~16 tensor ops. A small table's MLP step is mostly such tiny ops,
 * each paying the engine's bookkeeping and a wake-up of the thread pool; the CNN's Adam reads
 * its 421k weights sixteen times. The arithmetic is tfjs's own, float32 operation for
 * operation, so the weights are bit-identical to tf.train.adam's (test/backend/fused-adam.test.ts).
 */
export class FusedAdam extends tf.Optimizer {
  static get className(): string {
    return 'Adam';
  }

  /** Read on every step, so a schedule may change it between epochs (as tf.train.adam's). */
  learningRate: number;
  private accBeta1: number;
  private accBeta2: number;
  private readonly epsilon: number;
  private readonly moments = new Map<string, Moments>();

  constructor(
    learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
  ) {
    super();
    this.learningRate = learningRate;
    // tfjs keeps these as float32 scalar tensors; the same values, rounded the same way.
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
    this.epsilon = tf.backend().epsilon();
  }

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const entries: Array<[string, tf.Tensor | undefined]> = Array.isArray(variableGradients) ? variableGradients.map((g) => [g.name, g.tensor]) : Object.entries(variableGradients);
    const backend = tf.backend();
    const kernels = simdKernels(backend);
    const f = Math.fround;
    // Each scalar exactly as tfjs's tensor ops see it: JS arithmetic, then a float32 tensor.
    const scalars: AdamScalars = {
      beta1: f(this.beta1),
      oneMinusBeta1: f(1 - this.beta1),
      beta2: f(this.beta2),
      oneMinusBeta2: f(1 - this.beta2),
      oneMinusAccBeta1: f(1 - this.accBeta1),
      oneMinusAccBeta2: f(1 - this.accBeta2),
      epsilon: f(this.epsilon),
      negLearningRate: f(-this.learningRate),
    };
    for (const [name, g] of entries) {
      if (g == null) continue;
      const value = tf.engine().registeredVariables[name];
      if (value === undefined) throw new Error(`FusedAdam: no variable named ${name}`);
      const moments = this.momentsOf(name, value);
      const out = { value: allocF32(backend, value.shape), m: allocF32(backend, value.shape), v: allocF32(backend, value.shape) };
      kernels.adamUpdate({ value, g, m: moments.m, v: moments.v }, out, scalars);
      const [newValue, newM, newV] = [out.value, out.m, out.v].map((t) => tf.engine().makeTensorFromTensorInfo(t));
      moments.m.assign(newM!);
      moments.v.assign(newV!);
      value.assign(newValue!);
      tf.dispose([newValue!, newM!, newV!]);
    }
    this.accBeta1 = f(this.accBeta1 * scalars.beta1);
    this.accBeta2 = f(this.accBeta2 * scalars.beta2);
    this.incrementIterations();
  }

  private momentsOf(name: string, value: tf.Variable): Moments {
    let moments = this.moments.get(name);
    if (moments === undefined) {
      if (value.dtype !== 'float32') throw new Error(`FusedAdam: ${name} is ${value.dtype}, not float32`);
      const zeros = (): tf.Variable => tf.tidy(() => tf.zerosLike(value).variable(false));
      moments = { m: zeros(), v: zeros() };
      this.moments.set(name, moments);
    }
    return moments;
  }

  override dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
