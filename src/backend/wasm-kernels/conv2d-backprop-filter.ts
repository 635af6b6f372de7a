import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { withRunner, type KernelRunner } from './kernel-runner.js';
import { allocF32, heapF32 } from './heap.js';
import { PATCH_GEMM_MAX_K, gatherPatches, patchLength } from './patches.js';
import { WASM, assertChannelsLast, pair, type KernelFix, unpack } from './kernel-fix.js';

type Pad = backend_util.Conv2DInfo['padInfo'];

/**
 * dW[p,q,c,o] = sum over (b,i,j) of xpad[b, i*s+p, j*s+q, c] * dy[b,i,j,o]. Read with the input
 * channel c as the batch and the batch b as the channel, that is a forward convolution of xpad
 * (as [inC, H, W, batch]) with dy (as a [outH, outW, batch, outC] filter) dilated by the forward
 * stride, so XNNPACK does the work. Its output can be larger than the filter when the padded
 * input has rows no window reaches; those are cropped.
 */
export const conv2dBackpropFilterFix: KernelFix = {
  kernelName: 'Conv2DBackpropFilter',
  reason: 'not registered for wasm (conv training throws); computed as a dilated forward conv',
  make(): KernelConfig {
    const kernelFunc: KernelFunc = (args) => {
      const { inputs, backend, attrs } = unpack(args);
      const x = inputs['x'] as TensorInfo;
      const dy = inputs['dy'] as TensorInfo;
      assertChannelsLast('Conv2DBackpropFilter', attrs['dataFormat'] as string | undefined);
      const filterShape = attrs['filterShape'] as [number, number, number, number];
      const [sh, sw] = pair(attrs['strides'] as number | [number, number]);
      const info = backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filterShape,
        [sh, sw],
        1,
        attrs['pad'] as 'valid' | 'same' | number | backend_util.ExplicitPadding,
        attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
      );
      const [fh, fw, inC, outC] = filterShape;
      if (patchLength(info) <= PATCH_GEMM_MAX_K) {
        return withRunner(backend, (r) => patchGemm(r, backend, x, dy, info));
      }
      const p: Pad = info.padInfo;
      return withRunner(backend, (r) => {
        const hasPad = p.top > 0 || p.bottom > 0 || p.left > 0 || p.right > 0;
        const xPad = hasPad
          ? r.run(
              'PadV2',
              { x },
              {
                paddings: [
                  [0, 0],
                  [p.top, p.bottom],
                  [p.left, p.right],
                  [0, 0],
                ],
                constantValue: 0,
              },
            )
          : x;
        const xT = r.run('Transpose', { x: xPad }, { perm: [3, 1, 2, 0] });
        const dyT = r.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
        const conv = r.run(
          'Conv2D',
          { x: xT, filter: dyT },
          {
            strides: [1, 1],
            pad: 'valid',
            dataFormat: 'NHWC',
            dilations: [sh, sw],
          },
        );
        const [, ch, cw] = conv.shape as [number, number, number, number];
        const cropped = ch === fh && cw === fw ? conv : r.run('Slice', { x: conv }, { begin: [0, 0, 0, 0], size: [inC, fh, fw, outC] });
        return r.run('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] });
      });
    };
    return { kernelName: 'Conv2DBackpropFilter', backendName: WASM, kernelFunc };
  },
};

/** dW = P · dy with P the [patchLength, positions] patch matrix (patches.ts): one GEMM. */
function patchGemm(r: KernelRunner, backend: KernelBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const n = info.batchSize * info.outHeight * info.outWidth;
  const patches = r.track(allocF32(backend, [1, patchLength(info), n]));
  gatherPatches(heapF32(backend, x), heapF32(backend, patches), info);
  const dy2 = r.run('Reshape', { x: dy }, { shape: [1, n, info.outChannels] });
  const dW = r.run('BatchMatMul', { a: patches, b: dy2 }, { transposeA: false, transposeB: false });
  return r.run('Reshape', { x: dW }, { shape: [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels] });
}
