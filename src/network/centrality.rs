//! Centralities with edge length `1 / weight` (strong ties are short), as NetworkX defines them:
//! betweenness, closeness, eigenvector, PageRank; and ranks.

use super::graph::Graph;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A float that orders totally, for the Dijkstra heap (smallest first).
#[derive(PartialEq)]
struct MinF(f64, usize);
impl Eq for MinF {}
impl PartialOrd for MinF {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for MinF {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

/// Distances from `s` with edge length `1 / weight`; also the order nodes were settled in,
/// their shortest-path counts and predecessors (for Brandes' algorithm).
fn dijkstra(g: &Graph, s: usize) -> (Vec<f64>, Vec<usize>, Vec<f64>, Vec<Vec<usize>>) {
    let n = g.len();
    let mut dist = vec![f64::INFINITY; n];
    let mut sigma = vec![0.0; n];
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut order = Vec::new();
    let mut done = vec![false; n];
    let mut heap = BinaryHeap::new();
    dist[s] = 0.0;
    sigma[s] = 1.0;
    heap.push(MinF(0.0, s));
    while let Some(MinF(d, u)) = heap.pop() {
        if done[u] || d > dist[u] {
            continue;
        }
        done[u] = true;
        order.push(u);
        for &(v, w) in &g.adj[u] {
            let nd = d + 1.0 / w;
            if nd < dist[v] {
                dist[v] = nd;
                sigma[v] = sigma[u];
                preds[v] = vec![u];
                heap.push(MinF(nd, v));
            } else if nd == dist[v] {
                sigma[v] += sigma[u];
                preds[v].push(u);
            }
        }
    }
    (dist, order, sigma, preds)
}

/// Betweenness centrality with edge length `1 / weight` (strong ties are short), normalised as
/// NetworkX does for undirected graphs (`2 / ((n - 1)(n - 2))` of the pair count).
pub fn betweenness(g: &Graph) -> Vec<f64> {
    let n = g.len();
    let mut bc = vec![0.0; n];
    for s in 0..n {
        let (_, order, sigma, preds) = dijkstra(g, s);
        let mut delta = vec![0.0; n];
        for &w in order.iter().rev() {
            for &v in &preds[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                bc[w] += delta[w];
            }
        }
    }
    if n > 2 {
        let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
        for b in &mut bc {
            *b *= scale;
        }
    }
    bc
}

/// Closeness centrality with edge length `1 / weight`: `(r - 1) / Σ d` times `(r - 1) / (n - 1)`
/// for a node reaching r nodes (itself included), as NetworkX's Wasserman–Faust form.
pub fn closeness(g: &Graph) -> Vec<f64> {
    let n = g.len();
    (0..n)
        .map(|s| {
            let (dist, ..) = dijkstra(g, s);
            let reach: Vec<f64> = dist.into_iter().filter(|d| d.is_finite()).collect();
            let total: f64 = reach.iter().sum();
            let r = reach.len() as f64;
            if total > 0.0 && n > 1 {
                (r - 1.0) / total * (r - 1.0) / (n as f64 - 1.0)
            } else {
                0.0
            }
        })
        .collect()
}

/// Eigenvector centrality of the weighted adjacency matrix by power iteration on `A + I`
/// (NetworkX's method), Euclidean norm 1.
pub fn eigenvector(g: &Graph) -> Vec<f64> {
    let n = g.len();
    if n == 0 {
        return Vec::new();
    }
    let mut x = vec![1.0 / n as f64; n];
    for _ in 0..10_000 {
        let mut next = x.clone();
        for (u, list) in g.adj.iter().enumerate() {
            for &(v, w) in list {
                next[v] += x[u] * w;
            }
        }
        let norm = next.iter().map(|v| v * v).sum::<f64>().sqrt();
        let norm = if norm == 0.0 { 1.0 } else { norm };
        for v in &mut next {
            *v /= norm;
        }
        let change: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        x = next;
        if change < n as f64 * 1e-12 {
            break;
        }
    }
    x
}

/// PageRank on the weighted graph (each node passes its rank on in proportion to edge weight;
/// isolated nodes spread theirs uniformly), damping 0.85, as NetworkX's `pagerank`.
pub fn pagerank(g: &Graph, damping: f64) -> Vec<f64> {
    let n = g.len();
    if n == 0 {
        return Vec::new();
    }
    let strength: Vec<f64> = (0..n).map(|i| g.strength(i)).collect();
    let mut x = vec![1.0 / n as f64; n];
    for _ in 0..10_000 {
        let dangling: f64 = (0..n).filter(|&i| strength[i] == 0.0).map(|i| x[i]).sum();
        let mut next = vec![(1.0 - damping) / n as f64 + damping * dangling / n as f64; n];
        for (u, list) in g.adj.iter().enumerate() {
            if strength[u] == 0.0 {
                continue;
            }
            for &(v, w) in list {
                next[v] += damping * x[u] * w / strength[u];
            }
        }
        let change: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        x = next;
        if change < n as f64 * 1e-13 {
            break;
        }
    }
    x
}

/// Ranks (1 = highest), ties sharing the better rank.
pub fn ranks(values: &[f64]) -> Vec<usize> {
    values
        .iter()
        .map(|v| 1 + values.iter().filter(|&&x| x > *v).count())
        .collect()
}
