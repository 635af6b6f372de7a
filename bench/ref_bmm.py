"""Two-component Beta mixture on per-sample losses, as in Arazo et al. (ICML 2019) official code
(shared/research/method.md sections 1.2-1.3), plus two fixes:
  * the noisy component is the one with the LARGER mean, checked after EM (the original relies on
    the initialisation alone);
  * the posterior p(noisy | x) is made monotone non-decreasing in x on a fine grid (the original
    only flattens after the argmax of a 100-point table). Two variants:
      left      running max from the grid's left end (x = 0.001), as first specified;
      anchored  running max starting at the argmin of the raw posterior over [0.001, mean of the
                noisy component], held at that minimum below it.
    Why both: when the noisy component's alpha is below the clean one's (common: noisy alpha ~ 1,
    clean alpha ~ 1.5), the raw posterior tends to 1 as x -> 0, and `left` then carries that
    spike over the whole range, flagging every sample. `anchored` ignores that left-end spike.
numpy only (scipy is not on the Debian image): the Beta log-density uses math.lgamma for the
scalar normaliser.
"""
import math

import numpy as np

EPS_CLAMP = 1e-3  # method.md 1.2: the code's 10e-4 clamps to [0.001, 0.999]
GRID_POINTS = 10001


def normalise_losses(loss):
    """method.md 1.2. Returns (x for every sample clamped to [0.001, 0.999], mask of the samples
    inside the [p5, p95] band that the fit uses, (minL, maxL))."""
    loss = np.asarray(loss, dtype=np.float64)
    max_perc = np.percentile(loss, 95)
    min_perc = np.percentile(loss, 5)
    inside = (loss <= max_perc) & (loss >= min_perc)
    max_l = max_perc
    min_l = min_perc + 10e-6
    x = (loss - min_l) / (max_l - min_l + 1e-6)
    x = np.clip(x, EPS_CLAMP, 1 - EPS_CLAMP)
    return x, inside, (float(min_l), float(max_l))


def beta_logpdf(x, a, b):
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    return log_norm + (a - 1) * np.log(x) + (b - 1) * np.log1p(-x)


class BetaMixture:
    """Fit with `fit(x)`, then `posterior_noisy(x)`; see module doc for the fixes."""

    def __init__(self, max_iters=10):
        self.max_iters = max_iters
        self.alphas = np.array([1.0, 2.0])
        self.betas = np.array([2.0, 1.0])
        self.weights = np.array([0.5, 0.5])
        self.noisy = 1
        self.guard_hits = 0  # times the moment estimate was invalid (s2 >= m(1-m)) and was clamped
        self._grid = None
        self._grid_post = None

    def _weighted_pdfs(self, x):
        return np.stack([self.weights[k] * np.exp(beta_logpdf(x, self.alphas[k], self.betas[k])) for k in range(2)])

    def fit(self, x):
        x = np.clip(np.asarray(x, dtype=np.float64), 1e-4, 1 - 1e-4)
        for _ in range(self.max_iters):
            r = self._weighted_pdfs(x)
            r[r <= 1e-12] = 1e-12
            r /= r.sum(axis=0)
            for k in range(2):
                rk = r[k]
                m = np.sum(rk * x) / np.sum(rk)
                s2 = np.sum(rk * (x - m) ** 2) / np.sum(rk)
                # The original code has no guard; an invalid moment pair would give alpha <= 0.
                common = m * (1 - m) / s2 - 1 if s2 > 0 else float('inf')
                if not (common > 0) or not math.isfinite(common):
                    self.guard_hits += 1
                    common = min(max(common, 1e-3), 1e6) if math.isfinite(common) else 1e6
                self.alphas[k] = m * common
                self.betas[k] = self.alphas[k] * (1 - m) / m
            self.weights = r.sum(axis=1) / r.sum()
        means = self.alphas / (self.alphas + self.betas)
        self.noisy = int(np.argmax(means))
        self._grid = np.linspace(EPS_CLAMP, 1 - EPS_CLAMP, GRID_POINTS)
        raw = self._raw_posterior(self._grid)
        self._grid_post = {'left': np.maximum.accumulate(raw)}
        upto = max(int(np.searchsorted(self._grid, means[self.noisy], side='right')), 1)
        anchor = int(np.argmin(raw[:upto]))
        anchored = raw.copy()
        anchored[:anchor] = raw[anchor]
        anchored[anchor:] = np.maximum.accumulate(raw[anchor:])
        self._grid_post['anchored'] = anchored
        self.anchor_x = float(self._grid[anchor])
        self.left_end_posterior = float(raw[0])
        return self

    def _raw_posterior(self, x):
        p = self._weighted_pdfs(x)
        return p[self.noisy] / (p[0] + p[1] + 1e-12)

    def posterior_noisy(self, x, monotone='left'):
        """p(noisy | x), monotone non-decreasing in x; linear interpolation on the corrected grid."""
        return np.interp(np.asarray(x, dtype=np.float64), self._grid, self._grid_post[monotone])

    def describe(self):
        means = self.alphas / (self.alphas + self.betas)
        return {
            'alphas': self.alphas.tolist(),
            'betas': self.betas.tolist(),
            'weights': self.weights.tolist(),
            'means': means.tolist(),
            'noisyComponent': self.noisy,
            'noisyWeight': float(self.weights[self.noisy]),
            'guardHits': self.guard_hits,
            'rawPosteriorAtLeftEnd': self.left_end_posterior,
            'anchorX': self.anchor_x,
        }
