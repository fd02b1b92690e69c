//! Statistics of a network: the disparity-filter backbone, head/tail tiers, a power-law fit, the
//! Gini coefficient and distance decay.

use super::graph::Graph;

/// An edge (a < b) with its disparity-filter significance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Disparity {
    pub a: usize,
    pub b: usize,
    pub weight: f64,
    /// The smaller of the two endpoints' α: the edge is in the backbone at level `x` if α < x.
    pub alpha: f64,
}

/// The disparity filter (Serrano, Boguñá & Vespignani 2009): for edge (i, j) and endpoint i of
/// degree k_i > 1, `α_ij = (1 − w_ij / s_i)^(k_i − 1)`, the probability of so strong a share
/// under a uniform null model. Undirected, so each edge has two values; it is kept if
/// significant for either endpoint. Returns each edge with the smaller α (1 when both endpoints
/// have degree 1, which no test can call significant).
pub fn disparity(g: &Graph) -> Vec<Disparity> {
    let s: Vec<f64> = (0..g.len()).map(|i| g.strength(i)).collect();
    let alpha = |i: usize, w: f64| {
        let k = g.degree(i);
        if k > 1 {
            (1.0 - w / s[i]).powi(k as i32 - 1)
        } else {
            1.0
        }
    };
    g.edges()
        .map(|(a, b, w)| Disparity {
            a,
            b,
            weight: w,
            alpha: alpha(a, w).min(alpha(b, w)),
        })
        .collect()
}

/// Head/tail breaks (Jiang 2013) for heavy-tailed values: split at the mean while the head
/// above it holds at most 40 % of the values. Returns the breaks, ascending.
pub fn head_tail_breaks(values: &[f64]) -> Vec<f64> {
    let mut current: Vec<f64> = values.to_vec();
    let mut breaks = Vec::new();
    while current.len() > 1 {
        let mean = current.iter().sum::<f64>() / current.len() as f64;
        let head: Vec<f64> = current.iter().copied().filter(|&v| v > mean).collect();
        if head.is_empty() || head.len() as f64 > 0.4 * current.len() as f64 {
            break;
        }
        breaks.push(mean);
        current = head;
    }
    breaks
}

/// The tier of a value given head/tail breaks: 1 for the top head, rising toward the tail.
pub fn tier(value: f64, breaks: &[f64]) -> usize {
    breaks.len() + 1 - breaks.iter().filter(|&&b| value > b).count()
}

/// A continuous power-law fit `p(x) ∝ x^−α` for x ≥ x_min (Clauset, Shalizi & Newman 2009):
/// maximum-likelihood α for each candidate x_min with at least 10 values above, keeping the
/// x_min with the smallest Kolmogorov–Smirnov distance.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerLaw {
    pub alpha: f64,
    pub x_min: f64,
    pub tail: usize,
    pub ks: f64,
}

pub fn power_law(values: &[f64]) -> Option<PowerLaw> {
    let mut x: Vec<f64> = values.iter().copied().filter(|&v| v > 0.0).collect();
    x.sort_by(f64::total_cmp);
    let mut candidates: Vec<f64> = x.clone();
    candidates.dedup();
    let mut best: Option<PowerLaw> = None;
    for &x_min in &candidates {
        let tail: Vec<f64> = x.iter().copied().filter(|&v| v >= x_min).collect();
        if tail.len() < 10 {
            break;
        }
        let n = tail.len() as f64;
        let sum: f64 = tail.iter().map(|v| (v / x_min).ln()).sum();
        if sum <= 0.0 {
            continue;
        }
        let alpha = 1.0 + n / sum;
        let ks = tail
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let model = 1.0 - (v / x_min).powf(1.0 - alpha);
                let below = i as f64 / n;
                let above = (i + 1) as f64 / n;
                (model - below).abs().max((model - above).abs())
            })
            .fold(0.0, f64::max);
        if best.as_ref().is_none_or(|b| ks < b.ks) {
            best = Some(PowerLaw {
                alpha,
                x_min,
                tail: tail.len(),
                ks,
            });
        }
    }
    best
}

/// Gini coefficient of non-negative values.
pub fn gini(values: &[f64]) -> f64 {
    let mut x: Vec<f64> = values.to_vec();
    x.sort_by(f64::total_cmp);
    let n = x.len() as f64;
    let total: f64 = x.iter().sum();
    if x.is_empty() || total == 0.0 {
        return 0.0;
    }
    let weighted: f64 = x
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64 + 1.0) * v)
        .sum();
    2.0 * weighted / (n * total) - (n + 1.0) / n
}

/// A fitted distance decay `w ∝ d^−β`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistanceDecay {
    pub beta: f64,
    /// Share of the variance of `ln w` the fit explains.
    pub r2: f64,
    /// Links with a positive distance and weight that the fit used.
    pub links: usize,
}

/// The distance-decay fit `w ∝ d^−β` by least squares on `ln w = c − β ln d` over links with a
/// positive distance and weight.
pub fn distance_decay(points: &[(f64, f64)]) -> Option<DistanceDecay> {
    let xy: Vec<(f64, f64)> = points
        .iter()
        .filter(|(d, w)| *d > 0.0 && *w > 0.0)
        .map(|(d, w)| (d.ln(), w.ln()))
        .collect();
    let n = xy.len() as f64;
    if xy.len() < 3 {
        return None;
    }
    let mx = xy.iter().map(|p| p.0).sum::<f64>() / n;
    let my = xy.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = xy.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = xy.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let syy: f64 = xy.iter().map(|p| (p.1 - my).powi(2)).sum();
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    Some(DistanceDecay {
        beta: -slope,
        r2: sxy * sxy / (sxx * syy),
        links: xy.len(),
    })
}
