"""Alternatives evaluated by ``tie_eval.py --alternatives`` (not used by the product): learned scorers.

A logistic regression on the product's features of each tie (``core.ties.experts.FEATURES``: log-scaled
contacts counted by group share, days of silence, age, days between the first and last contact, contacts
decayed with 3- and 30-day half-lives, a weekly rate) that predicts contact within the horizon. It answers
one question: can a scorer
*learned* from data beat the hand-made model and the best simple baseline on both evaluation sets, and
from whose data must it learn?

Three ways to fit it, all using only data before the cutoff they score:
- **fixed**: fitted once on the tuning cutoffs of both sets together, then frozen (what a shipped default
  would be);
- **rolling, all egos**: refitted at every cutoff on the stretch just before it, with the ties of every
  ego of the set pooled (it learns from *other users'* data, which a local-first product does not have);
- **rolling, per ego**: the same, but each ego fits only its own ties, shrunk towards the fixed weights
  (what the product could do on one user's machine).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from innercircle.core.ties import experts
from innercircle.core.ties.components import components
from innercircle.core.ties.model import Contacts, TieParams

F64 = npt.NDArray[np.float64]
FEATURES = experts.FEATURES


@dataclass(frozen=True)
class Split:
    """The candidates of one cutoff: their key, ego, label and feature matrix."""

    keys: npt.NDArray[np.int64]
    ego: npt.NDArray[np.int64]
    label: npt.NDArray[np.bool_]
    x: F64


def split(c: Contacts, t: float, horizon_s: float, ego_of: Callable[[np.ndarray], np.ndarray]) -> Split:
    """Features at ``t`` from the contacts before it; label: contact in [t, t + horizon)."""
    comp = components(c, t, TieParams())
    x = experts.features(comp, t)
    future = c.key[(c.at >= t) & (c.at < t + horizon_s)]
    return Split(comp.keys, ego_of(comp.keys), np.isin(comp.keys, future), x)


@dataclass(frozen=True)
class Scaler:
    """Standardizes features (mean 0, sd 1, on the data it was made from) and adds an intercept column."""

    mean: F64
    sd: F64

    @classmethod
    def of(cls, x: F64) -> Scaler:
        """The scaler of these rows."""
        return cls(x.mean(axis=0), x.std(axis=0) + 1e-9)

    def __call__(self, x: F64) -> F64:
        return np.column_stack([np.ones(x.shape[0]), (x - self.mean) / self.sd])


def fit(
    z: F64, y: npt.NDArray[np.bool_], prior: F64 | None = None, strength: float = 1e-3, steps: int = 25
) -> F64:
    """Logistic regression weights by Newton's method, L2-shrunk towards ``prior`` (zeros when absent).

    ``strength`` is per row when no prior is given (a light ridge) and absolute when one is (how many
    rows' worth of evidence the prior counts for).
    """
    w0 = np.zeros(z.shape[1]) if prior is None else prior
    lam = strength * z.shape[0] if prior is None else strength
    w = w0.copy()
    target = y.astype(np.float64)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30.0, 30.0)))
        grad = z.T @ (p - target) + lam * (w - w0)
        hess = (z * (p * (1.0 - p))[:, None]).T @ z + lam * np.eye(w.shape[0])
        w = w - np.linalg.solve(hess, grad)
    return w


def per_ego(train: Split, test: Split, scale: Scaler, prior: F64, strength: float) -> F64:
    """Each ego's test candidates scored with weights fitted on its own training ties, shrunk to ``prior``."""
    zt, zs = scale(train.x), scale(test.x)
    out = zs @ prior
    order = np.argsort(train.ego, kind="stable")
    egos, first = np.unique(train.ego[order], return_index=True)
    ends = np.r_[first[1:], order.shape[0]]
    rows = {int(e): order[a:b] for e, a, b in zip(egos.tolist(), first.tolist(), ends.tolist(), strict=True)}
    for e in np.unique(test.ego).tolist():
        mine = rows.get(int(e))
        if mine is None:
            continue
        w = fit(zt[mine], train.label[mine], prior=prior, strength=strength, steps=8)
        sel = test.ego == e
        out[sel] = zs[sel] @ w
    return out


def pairwise(splits: list[Split], strength: float = 1e-2, steps: int = 30) -> F64:
    """Weights that order each ego's candidates: a logistic regression on the feature differences of every
    (active, inactive) pair of one ego, each ego weighing as much in total (the per-ego AUC's own loss).

    The features are used raw (log-scaled already); no intercept, since only the order within an ego counts.
    Each split weighs as much as the others, so a set with more egos does not drown a smaller one.
    """
    diffs, weights = [], []
    for s in splits:
        order = np.argsort(s.ego, kind="stable")
        ego, label, x = s.ego[order], s.label[order], s.x[order]
        bounds = np.flatnonzero(np.r_[True, ego[1:] != ego[:-1], True])
        d_split, w_split = [], []
        for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            pos, neg = x[a:b][label[a:b]], x[a:b][~label[a:b]]
            if pos.size and neg.size:
                d = (pos[:, None, :] - neg[None, :, :]).reshape(-1, x.shape[1])
                d_split.append(d)
                w_split.append(np.full(d.shape[0], 1.0 / d.shape[0]))
        if not w_split:  # no ego of this split has both an active and an inactive tie
            continue
        w = np.concatenate(w_split)
        diffs.append(np.vstack(d_split))
        weights.append(w / w.sum())
    if not diffs:  # nothing to learn from: no preference
        return np.zeros(splits[0].x.shape[1] if splits else len(FEATURES))
    d, w = np.vstack(diffs), np.concatenate(weights) / len(weights)
    beta = np.zeros(d.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(d @ beta, -30.0, 30.0)))
        grad = d.T @ (w * (p - 1.0)) + strength * beta
        hess = (d * (w * p * (1.0 - p))[:, None]).T @ d + strength * np.eye(d.shape[1])
        beta = beta - np.linalg.solve(hess, grad)
    return beta
