// Training kernels for the tfjs wasm backend, in C compiled to WebAssembly SIMD (build.mjs).
//
// The module imports tfjs's own linear memory, so every pointer below is a tensor's offset on
// the wasm heap: no copies in or out. It keeps no static data and is built so that nothing is
// placed on a shadow stack (loader.ts points __stack_pointer at a block of its own anyway).
// Every kernel takes a range of the work it may do (rows, columns or batch items): the loader
// splits a call over the threads it has, and each output element is always summed by one
// thread in one fixed order, so results do not depend on the thread count.
//
// Layouts are tfjs's NHWC: x [B, H, W, C], dy [B, OH, OW, O], filters [FH, FW, C, O].

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name))) void name

typedef float f32;

// Smallest o >= 0 with o * s + off >= 0.
static inline int first_valid(int off, int s) { return off >= 0 ? 0 : (-off + s - 1) / s; }

// One past the largest o < out with o * s + off <= n - 1.
static inline int end_valid(int off, int s, int n, int out) {
  if (n - 1 - off < 0) return 0;
  int e = (n - 1 - off) / s + 1;
  return e < out ? e : out;
}

// ---- Conv2DBackpropFilter ------------------------------------------------------------------
//
// dW[p,q,c,o] = sum over (b, oy, ox) of x[b, oy*sh + p*dh - top, ox*sw + q*dw - left, c] * dy[b,oy,ox,o]
// (positions outside the image count as zeros). For one tap (p,q) this is a sum of outer
// products of x's channel vector and dy's channel vector over the positions. A tile of NC rows
// (input channels) by 4*NV columns (output channels) stays in registers while the positions of
// one image stream past; images are the outer loop, so x and dy of one image stay in cache
// while every tile of dW visits them. Per image, each tile adds its positions in row-major order.

typedef struct {
  const f32 *x, *dy;
  f32 *dw;
  int H, W, C, OH, OW, O, FW, SH, SW, DH, DW, top, left;
} FilterArgs;

#define FILTER_TILE(NC, NV)                                                                        \
  static void filter_tile_##NC##x##NV(const FilterArgs *a, int b, int p, int q, int c0, int o0) { \
    v128_t acc[NC][NV];                                                                            \
    f32 *out = a->dw + ((p * a->FW + q) * a->C + c0) * a->O + o0;                                  \
    for (int r = 0; r < NC; r++)                                                                   \
      for (int v = 0; v < NV; v++) acc[r][v] = wasm_v128_load(out + r * a->O + 4 * v);             \
    int offY = p * a->DH - a->top, offX = q * a->DW - a->left;                                     \
    int oy0 = first_valid(offY, a->SH), oy1 = end_valid(offY, a->SH, a->H, a->OH);                \
    int ox0 = first_valid(offX, a->SW), ox1 = end_valid(offX, a->SW, a->W, a->OW);                \
    for (int oy = oy0; oy < oy1; oy++) {                                                           \
      const f32 *xrow = a->x + ((b * a->H + oy * a->SH + offY) * a->W) * a->C + c0;                \
      const f32 *drow = a->dy + ((b * a->OH + oy) * a->OW) * a->O + o0;                            \
      for (int ox = ox0; ox < ox1; ox++) {                                                         \
        const f32 *xp = xrow + (ox * a->SW + offX) * a->C;                                         \
        const f32 *dp = drow + ox * a->O;                                                          \
        v128_t xs[NC];                                                                             \
        for (int r = 0; r < NC; r++) xs[r] = wasm_v128_load32_splat(xp + r);                       \
        for (int v = 0; v < NV; v++) {                                                             \
          v128_t d = wasm_v128_load(dp + 4 * v);                                                   \
          for (int r = 0; r < NC; r++) acc[r][v] = wasm_f32x4_add(acc[r][v], wasm_f32x4_mul(xs[r], d)); \
        }                                                                                          \
      }                                                                                            \
    }                                                                                              \
    for (int r = 0; r < NC; r++)                                                                   \
      for (int v = 0; v < NV; v++) wasm_v128_store(out + r * a->O + 4 * v, acc[r][v]);             \
  }

FILTER_TILE(4, 2)
FILTER_TILE(1, 2)
FILTER_TILE(4, 1)
FILTER_TILE(1, 1)

// Leftover output channels (O not a multiple of 4), one scalar at a time, same summation order.
static void filter_scalar(const FilterArgs *a, int b, int p, int q, int c, int o) {
  f32 *out = a->dw + ((p * a->FW + q) * a->C + c) * a->O + o;
  f32 acc = *out;
  int offY = p * a->DH - a->top, offX = q * a->DW - a->left;
  int oy0 = first_valid(offY, a->SH), oy1 = end_valid(offY, a->SH, a->H, a->OH);
  int ox0 = first_valid(offX, a->SW), ox1 = end_valid(offX, a->SW, a->W, a->OW);
  for (int oy = oy0; oy < oy1; oy++)
    for (int ox = ox0; ox < ox1; ox++)
      acc += a->x[((b * a->H + oy * a->SH + offY) * a->W + ox * a->SW + offX) * a->C + c] * a->dy[((b * a->OH + oy) * a->OW + ox) * a->O + o];
  *out = acc;
}

// Rows [c_begin, c_end) and columns [o_begin, o_end) of every tap; o_begin must be a multiple
// of 4. The caller zeroes dW first.
EXPORT(conv2d_filter_grad)(const f32 *x, const f32 *dy, f32 *dw, int B, int H, int W, int C, int OH, int OW, int O, int FH, int FW, int SH,
                           int SW, int DH, int DW, int top, int left, int c_begin, int c_end, int o_begin, int o_end) {
  FilterArgs a = {x, dy, dw, H, W, C, OH, OW, O, FW, SH, SW, DH, DW, top, left};
  int o_vec = o_begin + (o_end - o_begin) / 4 * 4;
  for (int b = 0; b < B; b++) {
    for (int p = 0; p < FH; p++) {
      for (int q = 0; q < FW; q++) {
        int c = c_begin;
        for (; c + 4 <= c_end; c += 4) {
          int o = o_begin;
          for (; o + 8 <= o_vec; o += 8) filter_tile_4x2(&a, b, p, q, c, o);
          for (; o < o_vec; o += 4) filter_tile_4x1(&a, b, p, q, c, o);
        }
        for (; c < c_end; c++) {
          int o = o_begin;
          for (; o + 8 <= o_vec; o += 8) filter_tile_1x2(&a, b, p, q, c, o);
          for (; o < o_vec; o += 4) filter_tile_1x1(&a, b, p, q, c, o);
        }
        for (int cc = c_begin; cc < c_end; cc++)
          for (int o = o_vec; o < o_end; o++) filter_scalar(&a, b, p, q, cc, o);
      }
    }
  }
}

// ---- Conv2DBackpropInput, for few input channels -------------------------------------------
//
// dx[b, oy*sh + p*dh - top, ox*sw + q*dw - left, c] += dot(dy[b,oy,ox,:], w[p,q,c,:]). With one
// or three input channels XNNPACK sees a convolution with 1-3 output channels, its worst case;
// here each dot product runs along the output channels (4 lanes), which is the long axis.
// Batch items [b_begin, b_end); the caller zeroes dx first.

static inline f32 dot(const f32 *u, const f32 *v, int n) {
  v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0;
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(u + i), wasm_v128_load(v + i)));
    s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(u + i + 4), wasm_v128_load(v + i + 4)));
  }
  for (; i + 4 <= n; i += 4) s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(u + i), wasm_v128_load(v + i)));
  s0 = wasm_f32x4_add(s0, s1);
  f32 s = (wasm_f32x4_extract_lane(s0, 0) + wasm_f32x4_extract_lane(s0, 1)) + (wasm_f32x4_extract_lane(s0, 2) + wasm_f32x4_extract_lane(s0, 3));
  for (; i < n; i++) s += u[i] * v[i];
  return s;
}

EXPORT(conv2d_input_grad)(const f32 *dy, const f32 *w, f32 *dx, int H, int W, int C, int OH, int OW, int O, int FH, int FW, int SH, int SW,
                          int DH, int DW, int top, int left, int b_begin, int b_end) {
  for (int b = b_begin; b < b_end; b++) {
    for (int oy = 0; oy < OH; oy++) {
      for (int ox = 0; ox < OW; ox++) {
        const f32 *d = dy + ((b * OH + oy) * OW + ox) * O;
        for (int p = 0; p < FH; p++) {
          int iy = oy * SH + p * DH - top;
          if (iy < 0 || iy >= H) continue;
          for (int q = 0; q < FW; q++) {
            int ix = ox * SW + q * DW - left;
            if (ix < 0 || ix >= W) continue;
            f32 *out = dx + ((b * H + iy) * W + ix) * C;
            const f32 *wp = w + (p * FW + q) * C * O;
            for (int c = 0; c < C; c++) out[c] += dot(d, wp + c * O, O);
          }
        }
      }
    }
  }
}

// ---- MaxPoolGrad, 2x2 windows at stride 2 --------------------------------------------------
//
// Each window sends its dy to the first position holding its maximum in row-major order (the
// cpu backend's rule, and max-pool-grad-js.ts's). Four lanes of channels at a time: the masks
// say which of the four positions won, and every position of the window is written (dy or 0),
// so dx needs no zeroing when the windows cover the input. Batch items [b_begin, b_end).

EXPORT(max_pool_grad_2x2)(const f32 *x, const f32 *dy, f32 *dx, int H, int W, int C, int OH, int OW, int b_begin, int b_end) {
  int row = W * C;
  int cv = C / 4 * 4;
  for (int b = b_begin; b < b_end; b++) {
    if (2 * OH < H || 2 * OW < W) __builtin_memset(dx + b * H * row, 0, (unsigned)(H * row) * sizeof(f32));
    for (int oy = 0; oy < OH; oy++) {
      for (int ox = 0; ox < OW; ox++) {
        int i00 = ((b * H + 2 * oy) * W + 2 * ox) * C, i01 = i00 + C, i10 = i00 + row, i11 = i10 + C;
        const f32 *g = dy + ((b * OH + oy) * OW + ox) * C;
        int c = 0;
        for (; c < cv; c += 4) {
          v128_t v00 = wasm_v128_load(x + i00 + c), v01 = wasm_v128_load(x + i01 + c);
          v128_t v10 = wasm_v128_load(x + i10 + c), v11 = wasm_v128_load(x + i11 + c);
          v128_t m = v00;
          v128_t g1 = wasm_f32x4_gt(v01, m);
          m = wasm_v128_bitselect(v01, m, g1);
          v128_t g2 = wasm_f32x4_gt(v10, m);
          m = wasm_v128_bitselect(v10, m, g2);
          v128_t g3 = wasm_f32x4_gt(v11, m);
          v128_t gv = wasm_v128_load(g + c);
          v128_t later = wasm_v128_or(g2, g3);
          wasm_v128_store(dx + i11 + c, wasm_v128_and(gv, g3));
          wasm_v128_store(dx + i10 + c, wasm_v128_and(gv, wasm_v128_andnot(g2, g3)));
          wasm_v128_store(dx + i01 + c, wasm_v128_and(gv, wasm_v128_andnot(g1, later)));
          wasm_v128_store(dx + i00 + c, wasm_v128_andnot(gv, wasm_v128_or(g1, later)));
        }
        for (; c < C; c++) {
          int k = i00 + c;
          f32 m = x[k];
          dx[i00 + c] = dx[i01 + c] = dx[i10 + c] = dx[i11 + c] = 0.0f;
          if (x[i01 + c] > m) m = x[k = i01 + c];
          if (x[i10 + c] > m) m = x[k = i10 + c];
          if (x[i11 + c] > m) k = i11 + c;
          dx[k] = g[c];
        }
      }
    }
  }
}

// ---- Sum over leading axes (bias gradients) ------------------------------------------------
//
// dst[k] = sum over r of src[r*inner + k], accumulated in float64 in row order, then rounded to
// float32 once: the very numbers the JS loop it replaces gave. acc is float64 scratch of
// `inner` entries. Columns [k_begin, k_end); k_begin must be even.

EXPORT(sum_rows)(const f32 *src, f32 *dst, double *acc, int outer, int inner, int k_begin, int k_end) {
  int kv = k_begin + (k_end - k_begin) / 4 * 4;
  for (int k = k_begin; k < k_end; k++) acc[k] = 0.0;
  for (int r = 0; r < outer; r++) {
    const f32 *s = src + r * inner;
    int k = k_begin;
    for (; k < kv; k += 4) {
      v128_t v = wasm_v128_load(s + k);
      wasm_v128_store(acc + k, wasm_f64x2_add(wasm_v128_load(acc + k), wasm_f64x2_promote_low_f32x4(v)));
      wasm_v128_store(acc + k + 2, wasm_f64x2_add(wasm_v128_load(acc + k + 2), wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle(v, v, 1, 0))));
    }
    for (; k < k_end; k++) acc[k] += (double)s[k];
  }
  for (int k = k_begin; k < k_end; k++) dst[k] = (f32)acc[k];
}

// ---- Adam ----------------------------------------------------------------------------------
//
// One pass of tfjs's AdamOptimizer.applyGradients over one variable, with the very float32
// operations in the very order its tensor ops apply them (each IEEE-rounded, no contraction),
// so the new weights and moments are bit-identical to tf.train.adam's on wasm; the ~16 kernel
// calls per variable and step become one. Scalars arrive as float32 bit patterns (the helper
// thread's job block holds integers). Elements [begin, end).

static inline f32 from_bits(int bits) { return __builtin_bit_cast(f32, bits); }

EXPORT(adam_update)(const f32 *value, const f32 *g, const f32 *m, const f32 *v, f32 *value_out, f32 *m_out, f32 *v_out, int b1_bits, int omb1_bits,
                    int b2_bits, int omb2_bits, int omab1_bits, int omab2_bits, int eps_bits, int neglr_bits, int begin, int end) {
  v128_t b1 = wasm_f32x4_splat(from_bits(b1_bits)), omb1 = wasm_f32x4_splat(from_bits(omb1_bits));
  v128_t b2 = wasm_f32x4_splat(from_bits(b2_bits)), omb2 = wasm_f32x4_splat(from_bits(omb2_bits));
  v128_t omab1 = wasm_f32x4_splat(from_bits(omab1_bits)), omab2 = wasm_f32x4_splat(from_bits(omab2_bits));
  v128_t eps = wasm_f32x4_splat(from_bits(eps_bits)), neglr = wasm_f32x4_splat(from_bits(neglr_bits));
  int i = begin;
  for (; i + 4 <= end; i += 4) {
    v128_t gi = wasm_v128_load(g + i);
    v128_t m1 = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), b1), wasm_f32x4_mul(gi, omb1));
    v128_t v1 = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), b2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), omb2));
    v128_t mh = wasm_f32x4_div(m1, omab1);
    v128_t vh = wasm_f32x4_div(v1, omab2);
    v128_t step = wasm_f32x4_mul(wasm_f32x4_div(mh, wasm_f32x4_add(wasm_f32x4_sqrt(vh), eps)), neglr);
    wasm_v128_store(m_out + i, m1);
    wasm_v128_store(v_out + i, v1);
    wasm_v128_store(value_out + i, wasm_f32x4_add(step, wasm_v128_load(value + i)));
  }
  f32 sb1 = from_bits(b1_bits), somb1 = from_bits(omb1_bits), sb2 = from_bits(b2_bits), somb2 = from_bits(omb2_bits);
  f32 somab1 = from_bits(omab1_bits), somab2 = from_bits(omab2_bits), seps = from_bits(eps_bits), sneglr = from_bits(neglr_bits);
  for (; i < end; i++) {
    f32 m1 = m[i] * sb1 + g[i] * somb1;
    f32 v1 = v[i] * sb2 + (g[i] * g[i]) * somb2;
    m_out[i] = m1;
    v_out[i] = v1;
    value_out[i] = ((m1 / somab1) / (__builtin_sqrtf(v1 / somab2) + seps)) * sneglr + value[i];
  }
}
