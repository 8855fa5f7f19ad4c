"""An alternative tie model evaluated by ``tie_eval.py --alternatives`` (not used by the product): MBG/NBD.

Is a relationship still alive, and how likely is contact soon? The BG/NBD family, fitted on the user's own ties.

Fader, Hardie & Lee (2005), "Counting your customers the easy way": each tie has its own contact rate
(gamma-distributed over the user's ties, parameters r, alpha) and, at its start and after every contact,
may go dormant with its own probability (beta-distributed, parameters a, b) — the "modified" BG/NBD of
Batislam, Denizel & Filiztekin (2007), so that a one-off contact can be dormant too. From three numbers per tie — repeat contact days
``x``, the time of the last contact ``t_x`` and the age ``T`` of the tie, all in days since the first
contact — it gives the probability the tie is still active and the chance of contact within a horizon.
The four parameters are fitted by maximum likelihood on the user's own ties, so the time scale adapts to
how this user keeps in touch (a weekly texter and a quarterly mailer get different answers for the same
silence) instead of a half-life fixed in advance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Rhythm:
    """Fitted BG/NBD parameters: contact rates ~ Gamma(r, alpha days), dormancy ~ Beta(a, b)."""

    r: float = 0.5
    alpha: float = 10.0
    a: float = 0.5
    b: float = 2.0
    ties: int = 0  # how many ties the fit saw (0: the defaults above)


DEFAULT = Rhythm()
MIN_FIT_TIES = 20  # fewer ties than this: keep the defaults
MAX_FIT_TIES = 5000  # more: fit on an even spread of this many (the fit is stable long before)


def _log_rising(start: float, upto: int) -> F64:
    """ln Γ(start + k) − ln Γ(start) for k = 0 … upto (a cumulative sum of logs, exact for integers)."""
    return np.concatenate(([0.0], np.cumsum(np.log(start + np.arange(upto, dtype=np.float64)))))


def log_likelihood(params: Rhythm, x: npt.NDArray[np.int64], t_x: F64, age: F64) -> float:
    """Total BG/NBD log-likelihood of the ties (x repeat contact days, last at t_x, age T)."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    top = int(x.max()) if x.size else 0
    a1 = _log_rising(r, top)[x] + r * math.log(alpha)
    a2 = _log_rising(b, top + 1)[x + 1] - _log_rising(a + b, top + 1)[x + 1]
    a3 = -(r + x) * np.log(alpha + age)
    a4 = math.log(a) - np.log(b + x) - (r + x) * np.log(alpha + t_x)
    hi = np.maximum(a3, a4)
    return float(np.sum(a1 + a2 + hi + np.log(np.exp(a3 - hi) + np.exp(a4 - hi))))


def fit(x: npt.NDArray[np.int64], t_x: F64, age: F64, start: Rhythm = DEFAULT) -> Rhythm:
    """Maximum-likelihood parameters for these ties (Nelder–Mead on log-parameters; deterministic)."""
    n = int(x.size)
    if n < MIN_FIT_TIES:
        return start
    if n > MAX_FIT_TIES:
        keep = np.linspace(0, n - 1, MAX_FIT_TIES).astype(np.int64)
        order = np.lexsort((age, x))  # an even spread over the mix of ties, not the first ones stored
        x, t_x, age = x[order][keep], t_x[order][keep], age[order][keep]

    def loss(v: F64) -> float:
        p = np.exp(np.clip(v, -9.0, 9.0))
        value = log_likelihood(Rhythm(*p.tolist()), x, t_x, age)
        return -value if math.isfinite(value) else math.inf

    v0 = np.log([start.r, start.alpha, start.a, start.b])
    best = _nelder_mead(loss, np.asarray(v0, dtype=np.float64))
    r, alpha, a, b = np.exp(np.clip(best, -9.0, 9.0)).tolist()
    return Rhythm(r, alpha, a, b, n)


def _nelder_mead(f: object, v0: F64, steps: int = 400, tol: float = 1e-7) -> F64:
    """Minimise ``f`` from ``v0`` with the Nelder–Mead simplex (standard coefficients)."""
    assert callable(f)
    dim = v0.size
    simplex = np.vstack([v0] + [v0 + np.eye(dim)[i] * 0.5 for i in range(dim)])
    values = np.array([f(p) for p in simplex])
    for _ in range(steps):
        order = np.argsort(values)
        simplex, values = simplex[order], values[order]
        if abs(values[-1] - values[0]) <= tol * (abs(values[0]) + tol):
            break
        centre = simplex[:-1].mean(axis=0)
        worst = simplex[-1]
        refl = centre + (centre - worst)
        fr = f(refl)
        if fr < values[0]:
            exp_ = centre + 2.0 * (centre - worst)
            fe = f(exp_)
            simplex[-1], values[-1] = (exp_, fe) if fe < fr else (refl, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = refl, fr
        else:
            inside = fr >= values[-1]
            con = centre + (0.5 * (worst - centre) if inside else 0.5 * (refl - centre))
            fc = f(con)
            if fc < min(fr, values[-1]):
                simplex[-1], values[-1] = con, fc
            else:
                simplex[1:] = simplex[0] + 0.5 * (simplex[1:] - simplex[0])
                values[1:] = [f(p) for p in simplex[1:]]
    return np.asarray(simplex[int(np.argmin(values))], dtype=np.float64)


def p_active(p: Rhythm, x: npt.NDArray[np.int64], t_x: F64, age: F64) -> F64:
    """Probability each tie is still active (not dormant) now."""
    odds = (p.a / (p.b + x)) * np.exp((p.r + x) * (np.log(p.alpha + age) - np.log(p.alpha + t_x)))
    return np.asarray(1.0 / (1.0 + odds), dtype=np.float64)


def p_contact(p: Rhythm, x: npt.NDArray[np.int64], t_x: F64, age: F64, horizon_days: float) -> F64:
    """Probability of at least one contact in the next ``horizon_days``: active × (1 − P(no contact | rate))."""
    quiet = np.exp((p.r + x) * (np.log(p.alpha + age) - np.log(p.alpha + age + horizon_days)))
    return np.asarray(p_active(p, x, t_x, age) * (1.0 - quiet), dtype=np.float64)
