/**
 * How raw input becomes a model's input: the table encoding or the image size and per-channel
 * statistics that training used. Saved beside a model (models/saved-model.ts) and applied to new
 * data (held-out.ts), so it lives here, below both.
 */
import type { TableEncoding } from './encode.js';

/** How raw input becomes the model's input tensor. */
export type InputSpec =
  | { readonly kind: 'table'; readonly encoding: TableEncoding }
  | {
      readonly kind: 'image';
      readonly imageSize: number;
      readonly channels: number;
      /** Per-channel mean and std of the [0, 1] training pixels. */
      readonly mean: readonly number[];
      readonly std: readonly number[];
    };
