/**
 * What the models are, as plain data (no tfjs): the spec a run trains, echoes in its report and
 * saves beside the weights. The builders (mlp.ts, small-cnn.ts) turn a spec into a network.
 */

/** An MLP for tabular features: dense-ReLU blocks, then a linear layer of logits (no softmax). */
export interface MlpSpec {
  readonly kind: 'mlp';
  /** Width of each hidden layer, input side first. @default [256, 128] */
  readonly hidden: readonly number[];
}

/**
 * A small CNN for image folders: conv3x3(32, same)-relu-maxpool2 -> conv3x3(64, same)-relu-maxpool2
 * -> flatten -> dense-relu -> dense logits (no softmax), with each pool placed before its ReLU. 'same' convolutions then 2x2 pools keep the
 * fixed wasm kernels on their fast, exact path (tfjs-wasm.md, point 8), so the image side must be a
 * multiple of 4.
 */
export interface SmallCnnSpec {
  readonly kind: 'cnn';
  /** Filters of each conv block, input side first. @default [32, 64] */
  readonly filters: readonly number[];
  /** Width of the dense layer before the logits. @default 128 */
  readonly dense: number;
}

/** Every model labelsleuth can train. A new kind must be added here, and the compiler says where else. */
export type ModelSpec = MlpSpec | SmallCnnSpec;
export type ModelKind = ModelSpec['kind'];

export const defaultSmallCnnSpec: SmallCnnSpec = { kind: 'cnn', filters: [32, 64], dense: 128 };

/** The model audit and retrain train on a source: the small CNN for image folders, an MLP of the given widths for tables. */
export function modelSpecFor(source: 'csv' | 'image-folder', hidden: readonly number[]): ModelSpec {
  return source === 'image-folder' ? defaultSmallCnnSpec : { kind: 'mlp', hidden };
}
