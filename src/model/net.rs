//! LAC's network: a word embedding, two bidirectional GRU layers and a linear-chain CRF, run on
//! a batch of token sequences at once so that every recurrent step is one matrix–matrix product
//! over the batch (matrixmultiply's sgemm picks AVX2/FMA or AVX-512 at run time).
//!
//! Paddle's layout, as LAC 2.1.2 ships it: `fc_{2k}`/`fc_{2k+1}` project layer k's input for its
//! forward and backward GRU; `gru_n.w_0` holds a [D, 2D] block for the update and reset gates
//! followed by a [D, D] candidate block; u = σ(x_u + h·W_u), r = σ(x_r + h·W_r),
//! c = tanh(x_c + (r ⊙ h)·W_c), h' = (1 − u) ⊙ h + u ⊙ c, with the GRU's bias added to the
//! projected input. `fc_4` gives the emissions; `crfw` is [L + 2, L]: start scores, end scores,
//! then transitions from row to column.

use super::file::ModelFile;

/// One direction of one layer.
struct Direction {
    /// [input, 3D] projection.
    w_in: Vec<f32>,
    /// [3D]: the projection's bias plus the GRU's.
    bias: Vec<f32>,
    /// [D, 2D] update and reset gates.
    w_gates: Vec<f32>,
    /// [D, D] candidate.
    w_cand: Vec<f32>,
    reverse: bool,
}

pub(super) struct Net {
    /// [vocabulary, E].
    embedding: Vec<f32>,
    embed_dim: usize,
    hidden: usize,
    layers: Vec<[Direction; 2]>,
    /// [2D, L] and [L].
    emit_w: Vec<f32>,
    emit_b: Vec<f32>,
    labels: usize,
    start: Vec<f32>,
    end: Vec<f32>,
    /// [L, L] transposed: `trans_to[j * L + i]` scores the step from label i to label j, so
    /// Viterbi's inner loop over i reads memory in order.
    trans_to: Vec<f32>,
    /// exp of `trans_to`, `start` and `end`, each less its maximum (the forward–backward pass
    /// normalises every step, so a constant factor changes nothing and nothing overflows), and
    /// of the transitions untransposed (`trans_from_exp[i * L + j]`, i to j) for the backward
    /// pass to read in order.
    trans_to_exp: Vec<f32>,
    trans_from_exp: Vec<f32>,
    start_exp: Vec<f32>,
    end_exp: Vec<f32>,
}

/// What [`Net::decode`] gives for one sequence.
#[derive(Debug, Clone, Default)]
pub(super) struct Decoded {
    /// The best label of each token, and the marginal probability of that label there.
    pub path: Vec<u16>,
    pub marginals: Vec<f32>,
    /// Spans of tokens that may be one word of a label asked for (see [`Net::spans`]).
    pub spans: Vec<Span>,
}

/// Tokens [start, end) as one word whose first label is `begin`, with its probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Span {
    pub start: usize,
    pub end: usize,
    pub begin: u16,
    pub probability: f32,
}

/// The normalised forward and backward vectors of one sequence ([T, L] each), the sums each
/// step was divided by, exp'd emissions, and z_t = alpha_t · beta_t.
struct ForwardBackward {
    labels: usize,
    e: Vec<f32>,
    alpha: Vec<f32>,
    alpha_sums: Vec<f32>,
    beta: Vec<f32>,
    beta_sums: Vec<f32>,
    z: Vec<f32>,
}

impl ForwardBackward {
    /// The marginal probability of label `j` at step `t`.
    fn marginal(&self, t: usize, j: usize) -> f32 {
        let l = self.labels;
        let z = self.z[t];
        if z > 0.0 {
            self.alpha[t * l + j] * self.beta[t * l + j] / z
        } else {
            0.0
        }
    }
}

/// exp(x − max(xs)) of each x.
fn exp_shifted(xs: &[f32]) -> Vec<f32> {
    let max = xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    xs.iter().map(|&x| (x - max).exp()).collect()
}

/// The transposed [n, n] matrix.
fn transposed(m: &[f32], n: usize) -> Vec<f32> {
    (0..n * n).map(|k| m[(k % n) * n + k / n]).collect()
}

/// a · b in eight independent sums, which the compiler turns into vector instructions (one
/// running sum would have to add in order).
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a8
        .remainder()
        .iter()
        .zip(b8.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a8.zip(b8) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// C = A·B (+ C if `accumulate`), A [m, k] and B [k, n] row-major; C's rows are `ldc` apart.
fn matmul(a: &[f32], m: usize, k: usize, b: &[f32], n: usize, c: &mut [f32], ldc: usize) {
    assert!(a.len() >= m * k && b.len() >= k * n && ldc >= n);
    assert!(m == 0 || c.len() >= (m - 1) * ldc + n);
    // SAFETY: the asserts above keep every index sgemm computes from the dims and strides
    // inside the three slices; `c` is borrowed mutably so it aliases neither input.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            k as isize,
            1,
            b.as_ptr(),
            n as isize,
            1,
            1.0,
            c.as_mut_ptr(),
            ldc as isize,
            1,
        );
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// tanh through exp, as 2σ(2x) − 1: glibc's tanhf took a third of the model's time (it goes
/// through expm1f), expf is several times faster, and the labels are the same (docs/model.md).
fn tanh(x: f32) -> f32 {
    2.0 * sigmoid(2.0 * x) - 1.0
}

impl Net {
    pub(super) fn load(
        file: &mut ModelFile,
        vocabulary: usize,
    ) -> std::result::Result<Net, String> {
        let emb_dims = file.dims("word_emb")?;
        let [rows, embed_dim] = emb_dims else {
            return Err(format!("word_emb has dims {emb_dims:?}, expected two"));
        };
        let (rows, embed_dim) = (*rows, *embed_dim);
        if rows != vocabulary {
            return Err(format!("word_emb has {rows} rows for {vocabulary} words"));
        }
        let embedding = file.tensor("word_emb", &[rows, embed_dim])?;
        let hidden = file.dims("gru_0.w_0")?.first().copied().unwrap_or(0);
        let d = hidden;
        let mut layers = Vec::new();
        let mut input = embed_dim;
        for k in 0..2 {
            let mut direction =
                |n: usize, reverse: bool| -> std::result::Result<Direction, String> {
                    let fc_b = file.tensor(&format!("fc_{n}.b_0"), &[3 * d])?;
                    let gru_b = file.tensor(&format!("gru_{n}.b_0"), &[1, 3 * d])?;
                    let w = file.tensor(&format!("gru_{n}.w_0"), &[d, 3 * d])?;
                    Ok(Direction {
                        w_in: file.tensor(&format!("fc_{n}.w_0"), &[input, 3 * d])?,
                        bias: fc_b.iter().zip(&gru_b).map(|(a, b)| a + b).collect(),
                        w_gates: w[..2 * d * d].to_vec(),
                        w_cand: w[2 * d * d..].to_vec(),
                        reverse,
                    })
                };
            layers.push([direction(2 * k, false)?, direction(2 * k + 1, true)?]);
            input = 2 * d;
        }
        let labels = file.dims("fc_4.b_0")?.first().copied().unwrap_or(0);
        let crf = file.tensor("crfw", &[labels + 2, labels])?;
        let trans_to = transposed(&crf[2 * labels..], labels);
        Ok(Net {
            embedding,
            embed_dim,
            hidden,
            layers,
            emit_w: file.tensor("fc_4.w_0", &[2 * d, labels])?,
            emit_b: file.tensor("fc_4.b_0", &[labels])?,
            labels,
            start: crf[..labels].to_vec(),
            end: crf[labels..2 * labels].to_vec(),
            trans_to_exp: exp_shifted(&trans_to),
            trans_from_exp: transposed(&exp_shifted(&trans_to), labels),
            start_exp: exp_shifted(&crf[..labels]),
            end_exp: exp_shifted(&crf[labels..2 * labels]),
            trans_to,
        })
    }

    pub(super) fn labels(&self) -> usize {
        self.labels
    }

    /// The best label of every token of every sequence, with the CRF's marginal probability of
    /// that label at that token (token ids must be below the vocabulary size, which
    /// [`super::Lac`] guarantees), and, with `alternatives` (pairs of a word's begin and inside
    /// labels, and a least probability), every span of tokens that is one such word with at
    /// least that probability ([`Net::spans`]).
    pub(super) fn decode(
        &self,
        sequences: &[Vec<u32>],
        alternatives: Option<(&[(u16, u16)], f32)>,
    ) -> Vec<Decoded> {
        // Sequences longest first, so the ones still running at a step are a prefix.
        let mut order: Vec<usize> = (0..sequences.len())
            .filter(|&i| !sequences[i].is_empty())
            .collect();
        order.sort_by_key(|&i| std::cmp::Reverse(sequences[i].len()));
        // Row of token t of the b-th sequence (in `order`) in the packed matrices.
        let mut offsets = Vec::with_capacity(order.len());
        let mut rows = 0;
        for &i in &order {
            offsets.push(rows);
            rows += sequences[i].len();
        }
        let lengths: Vec<usize> = order.iter().map(|&i| sequences[i].len()).collect();
        let e = self.embed_dim;
        let mut x = vec![0.0f32; rows * e];
        for (b, &i) in order.iter().enumerate() {
            for (t, &id) in sequences[i].iter().enumerate() {
                let id = id as usize;
                x[(offsets[b] + t) * e..][..e].copy_from_slice(&self.embedding[id * e..][..e]);
            }
        }
        let mut width = e;
        for layer in &self.layers {
            let mut out = vec![0.0f32; rows * 2 * self.hidden];
            for (half, dir) in layer.iter().enumerate() {
                self.run_direction(dir, &x, width, rows, &offsets, &lengths, &mut out, half);
            }
            x = out;
            width = 2 * self.hidden;
        }
        let l = self.labels;
        let mut emissions: Vec<f32> = self.emit_b.repeat(rows);
        matmul(&x, rows, width, &self.emit_w, l, &mut emissions, l);
        let mut out = vec![Decoded::default(); sequences.len()];
        for (b, &i) in order.iter().enumerate() {
            let emissions = &emissions[offsets[b] * l..][..lengths[b] * l];
            let path = self.viterbi(emissions);
            let fb = self.forward_backward(emissions);
            let marginals = path
                .iter()
                .enumerate()
                .map(|(t, &j)| fb.marginal(t, j as usize))
                .collect();
            let spans = match alternatives {
                Some((words, min)) => words
                    .iter()
                    .flat_map(|&(begin, inside)| self.spans(&fb, begin, inside, min))
                    .collect(),
                None => Vec::new(),
            };
            out[i] = Decoded {
                path,
                marginals,
                spans,
            };
        }
        out
    }

    /// One GRU direction over the packed batch, writing its states into `half` (0 or 1) of
    /// `out`'s [rows, 2D].
    #[allow(clippy::too_many_arguments)]
    fn run_direction(
        &self,
        dir: &Direction,
        x: &[f32],
        width: usize,
        rows: usize,
        offsets: &[usize],
        lengths: &[usize],
        out: &mut [f32],
        half: usize,
    ) {
        let d = self.hidden;
        let g3 = 3 * d;
        // The projected input of every token, bias included.
        let mut projected: Vec<f32> = dir.bias.repeat(rows);
        matmul(x, rows, width, &dir.w_in, g3, &mut projected, g3);
        let batch = lengths.len();
        let mut h = vec![0.0f32; batch * d];
        let mut gates = vec![0.0f32; batch * g3];
        let mut reset_h = vec![0.0f32; batch * d];
        let steps = lengths.first().copied().unwrap_or(0);
        let row_of = |b: usize, step: usize| {
            offsets[b]
                + if dir.reverse {
                    lengths[b] - 1 - step
                } else {
                    step
                }
        };
        for step in 0..steps {
            let active = lengths.partition_point(|&len| len > step);
            for b in 0..active {
                gates[b * g3..][..g3].copy_from_slice(&projected[row_of(b, step) * g3..][..g3]);
            }
            matmul(&h, active, d, &dir.w_gates, 2 * d, &mut gates, g3);
            for b in 0..active {
                let g = &mut gates[b * g3..][..g3];
                for v in &mut g[..2 * d] {
                    *v = sigmoid(*v);
                }
                for j in 0..d {
                    reset_h[b * d + j] = g[d + j] * h[b * d + j];
                }
            }
            matmul(&reset_h, active, d, &dir.w_cand, d, &mut gates[2 * d..], g3);
            for b in 0..active {
                let g = &gates[b * g3..][..g3];
                let hb = &mut h[b * d..][..d];
                for j in 0..d {
                    let u = g[j];
                    let c = tanh(g[2 * d + j]);
                    hb[j] = (1.0 - u) * hb[j] + u * c;
                }
                let row = row_of(b, step);
                out[row * 2 * d + half * d..][..d].copy_from_slice(hb);
            }
        }
    }

    /// The CRF's forward–backward pass over [T, L] emissions, in the probability domain with
    /// every step normalised (so f32 holds it: every factor is at most 1 after its maximum is
    /// taken out).
    fn forward_backward(&self, emissions: &[f32]) -> ForwardBackward {
        let l = self.labels;
        let steps = emissions.len() / l;
        // exp of each step's emissions less their maximum.
        let mut e = emissions.to_vec();
        for row in e.chunks_exact_mut(l) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            row.iter_mut().for_each(|x| *x = (*x - max).exp());
        }
        // Scales each step to sum 1 and gives the sum it divided by.
        let normalise = |v: &mut [f32]| -> f32 {
            let sum: f32 = v.iter().sum();
            if sum > 0.0 {
                let inv = 1.0 / sum;
                v.iter_mut().for_each(|x| *x *= inv);
            }
            sum
        };
        let mut alpha = vec![0.0f32; steps * l];
        let mut alpha_sums = vec![0.0f32; steps];
        for j in 0..l {
            alpha[j] = self.start_exp[j] * e[j];
        }
        alpha_sums[0] = normalise(&mut alpha[..l]);
        for t in 1..steps {
            let (done, rest) = alpha.split_at_mut(t * l);
            let prev = &done[(t - 1) * l..];
            for (j, a) in rest[..l].iter_mut().enumerate() {
                let to_j = &self.trans_to_exp[j * l..][..l];
                *a = dot(prev, to_j) * e[t * l + j];
            }
            alpha_sums[t] = normalise(&mut rest[..l]);
        }
        let mut beta = vec![0.0f32; steps * l];
        let mut beta_sums = vec![0.0f32; steps];
        let mut weighted = vec![0.0f32; l];
        if steps > 0 {
            let last = &mut beta[(steps - 1) * l..];
            last.copy_from_slice(&self.end_exp);
            beta_sums[steps - 1] = normalise(last);
        }
        for t in (1..steps).rev() {
            // beta_{t-1}(i) = Σ_j w(i → j) e_t(j) beta_t(j).
            let (before, after) = beta.split_at_mut(t * l);
            for (w, (x, b)) in weighted
                .iter_mut()
                .zip(e[t * l..][..l].iter().zip(&after[..l]))
            {
                *w = x * b;
            }
            let prev = &mut before[(t - 1) * l..];
            for (i, b) in prev.iter_mut().enumerate() {
                *b = dot(&self.trans_from_exp[i * l..][..l], &weighted);
            }
            beta_sums[t - 1] = normalise(prev);
        }
        let z = (0..steps)
            .map(|t| dot(&alpha[t * l..][..l], &beta[t * l..][..l]))
            .collect();
        ForwardBackward {
            labels: l,
            e,
            alpha,
            alpha_sums,
            beta,
            beta_sums,
            z,
        }
    }

    /// Every span of tokens [i, j) that the CRF labels as one word of the label whose begin
    /// and inside labels are `begin` and `inside` (`begin` at i, `inside` up to j, anything but
    /// `inside` after), with probability at least `min`, as (i, j, begin, probability).
    ///
    /// The probability of such a span is the weight of the paths through it over all paths:
    /// with the normalised forward and backward vectors, it is (alpha_{i-1} · w(·, begin))
    /// e_i(begin) Π_{i<k<j} w(prev, inside) e_k(inside) · exit_j / (Π_{i≤t<j} s_t · r_{j-1} ·
    /// z_{j-1}), where exit_j = Σ_{y ≠ inside} w(last, y) e_j(y) beta_j(y) (the end score at the
    /// sentence's end), s_t and r_t the forward and backward normalisers and z_t = alpha_t ·
    /// beta_t. A span's prefix probability only falls as it grows, so the search stops there.
    fn spans(&self, fb: &ForwardBackward, begin: u16, inside: u16, min: f32) -> Vec<Span> {
        let l = self.labels;
        let steps = fb.z.len();
        let (b, n) = (begin as usize, inside as usize);
        let w = |from: usize, to: usize| self.trans_to_exp[to * l + from];
        let mut out = Vec::new();
        for i in 0..steps {
            if fb.marginal(i, b) < min {
                continue;
            }
            // The weight of the paths' prefix up to and including label `b` at i, divided by
            // the forward normalisers of the steps it covers.
            let enter = if i == 0 {
                self.start_exp[b]
            } else {
                (0..l).map(|y| fb.alpha[(i - 1) * l + y] * w(y, b)).sum()
            };
            let mut prefix = enter * fb.e[i * l + b] / fb.alpha_sums[i];
            let mut last = b;
            for j in i + 1..=steps {
                // The span [i, j): leave `last` for anything but `inside` (or end).
                let exit: f32 = if j == steps {
                    self.end_exp[last]
                } else {
                    (0..l)
                        .filter(|&y| y != n)
                        .map(|y| w(last, y) * fb.e[j * l + y] * fb.beta[j * l + y])
                        .sum()
                };
                let denominator = fb.beta_sums[j - 1] * fb.z[j - 1];
                if denominator > 0.0 {
                    let p = prefix * exit / denominator;
                    if p >= min {
                        out.push(Span {
                            start: i,
                            end: j,
                            begin,
                            probability: p.min(1.0),
                        });
                    }
                }
                if j == steps {
                    break;
                }
                // Go on with `inside` at j. Any longer span has `inside` at j, so its
                // probability is at most that label's marginal there.
                prefix *= w(last, n) * fb.e[j * l + n] / fb.alpha_sums[j];
                last = n;
                if fb.marginal(j, n) < min {
                    break;
                }
            }
        }
        out
    }

    /// The CRF's best label sequence for [T, L] emissions (first best on ties, as numpy's argmax).
    fn viterbi(&self, emissions: &[f32]) -> Vec<u16> {
        let l = self.labels;
        let steps = emissions.len() / l;
        let mut score: Vec<f32> = (0..l).map(|j| self.start[j] + emissions[j]).collect();
        let mut back = vec![0u16; steps * l];
        let mut next = vec![0.0f32; l];
        for t in 1..steps {
            for j in 0..l {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
                let to_j = &self.trans_to[j * l..][..l];
                for (i, (s, t)) in score.iter().zip(to_j).enumerate() {
                    let v = s + t;
                    if v > best {
                        best = v;
                        arg = i;
                    }
                }
                back[t * l + j] = arg as u16;
                next[j] = best + emissions[t * l + j];
            }
            std::mem::swap(&mut score, &mut next);
        }
        let mut last = 0;
        for j in 0..l {
            if score[j] + self.end[j] > score[last] + self.end[last] {
                last = j;
            }
        }
        let mut path = vec![0u16; steps];
        path[steps - 1] = last as u16;
        for t in (1..steps).rev() {
            path[t - 1] = back[t * l + path[t] as usize];
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CRF of three labels with no network before it, for the path algorithms.
    fn crf(start: Vec<f32>, end: Vec<f32>, trans_to: Vec<f32>) -> Net {
        Net {
            embedding: Vec::new(),
            embed_dim: 0,
            hidden: 0,
            layers: Vec::new(),
            emit_w: Vec::new(),
            emit_b: Vec::new(),
            labels: start.len(),
            trans_to_exp: exp_shifted(&trans_to),
            trans_from_exp: transposed(&exp_shifted(&trans_to), start.len()),
            start_exp: exp_shifted(&start),
            end_exp: exp_shifted(&end),
            start,
            end,
            trans_to,
        }
    }

    /// Every label path of the emissions with its exp'd score (the brute-force distribution),
    /// and their sum.
    fn every_path(net: &Net, emissions: &[f32]) -> (Vec<(Vec<usize>, f64)>, f64) {
        let l = net.labels;
        let steps = emissions.len() / l;
        let mut weights = Vec::new();
        for code in 0..l.pow(steps as u32) {
            let path: Vec<usize> = (0..steps).map(|t| code / l.pow(t as u32) % l).collect();
            let mut score = net.start[path[0]] + net.end[path[steps - 1]];
            for t in 0..steps {
                score += emissions[t * l + path[t]];
                if t > 0 {
                    score += net.trans_to[path[t] * l + path[t - 1]];
                }
            }
            weights.push((path, f64::from(score).exp()));
        }
        let z = weights.iter().map(|(_, w)| w).sum();
        (weights, z)
    }

    #[test]
    fn marginals_are_the_share_of_every_path_through_the_label() {
        let l = 3;
        let net = crf(
            vec![0.5, -1.0, 2.0],
            vec![0.0, 1.5, -0.5],
            vec![0.3, -2.0, 1.0, 0.7, 0.0, -1.5, -0.4, 2.5, 0.1],
        );
        let emissions = [
            1.0, 0.2, -0.3, 0.0, 2.0, 0.5, -1.0, 0.4, 1.2, 0.6, -0.2, 0.9,
        ];
        let steps = emissions.len() / l;
        let (weights, z) = every_path(&net, &emissions);
        let best = net.viterbi(&emissions);
        let brute_best = &weights.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap().0;
        assert_eq!(
            best.iter().map(|&j| j as usize).collect::<Vec<_>>(),
            *brute_best
        );
        // Any path's labels: the marginals of each label at each step.
        let fb = net.forward_backward(&emissions);
        for probe in [best.clone(), vec![1, 1, 0, 2]] {
            let got: Vec<f32> = (0..steps)
                .map(|t| fb.marginal(t, probe[t] as usize))
                .collect();
            for t in 0..steps {
                let want: f64 = weights
                    .iter()
                    .filter(|(p, _)| p[t] == probe[t] as usize)
                    .map(|(_, w)| w)
                    .sum::<f64>()
                    / z;
                assert!(
                    (f64::from(got[t]) - want).abs() < 1e-5,
                    "step {t} label {}: {} vs {want}",
                    probe[t],
                    got[t]
                );
            }
        }
    }

    #[test]
    fn span_probabilities_are_the_share_of_the_paths_labelling_them_one_word() {
        let l = 3;
        // Label 1 begins a word of a kind and label 2 goes on with it.
        let net = crf(
            vec![0.2, 0.9, -0.5],
            vec![0.4, -0.3, 0.8],
            vec![0.1, 1.2, -0.7, 0.5, -0.2, 1.4, -1.0, 0.3, 0.6],
        );
        let emissions = [
            0.3, 1.1, 0.2, -0.4, 0.5, 1.6, 0.9, 0.7, 1.0, 0.1, -0.2, 1.3, 0.4, 0.8, 0.0,
        ];
        let steps = emissions.len() / l;
        let (weights, z) = every_path(&net, &emissions);
        let fb = net.forward_backward(&emissions);
        let spans = net.spans(&fb, 1, 2, 0.0);
        for i in 0..steps {
            for j in i + 1..=steps {
                let want: f64 = weights
                    .iter()
                    .filter(|(p, _)| {
                        p[i] == 1 && (i + 1..j).all(|k| p[k] == 2) && (j == steps || p[j] != 2)
                    })
                    .map(|(_, w)| w)
                    .sum::<f64>()
                    / z;
                let got = spans
                    .iter()
                    .find(|s| (s.start, s.end) == (i, j))
                    .map_or(0.0, |s| f64::from(s.probability));
                assert!((got - want).abs() < 1e-5, "[{i}, {j}): {got} vs {want}");
            }
        }
        // With a floor, only the spans above it, and the search stops where none can reach it.
        let floor = 0.2;
        let kept = net.spans(&fb, 1, 2, floor);
        assert!(!kept.is_empty());
        assert!(kept.iter().all(|s| s.probability >= floor));
        let above = spans.iter().filter(|s| s.probability >= floor).count();
        assert_eq!(kept.len(), above);
    }
}
