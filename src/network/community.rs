//! Communities: modularity of a partition and Louvain detection.

use super::graph::Graph;
use std::collections::{BTreeMap, HashMap};

/// Modularity of a partition (`community[i]` for node i), NetworkX's definition with
/// resolution 1: `Σ_c L_c / m − (d_c / 2m)²`.
pub fn modularity(g: &Graph, community: &[usize]) -> f64 {
    let m = g.total_weight();
    if m == 0.0 {
        return 0.0;
    }
    let k = community.iter().copied().max().map_or(0, |c| c + 1);
    let mut inside = vec![0.0; k];
    let mut degree = vec![0.0; k];
    for (a, b, w) in g.edges() {
        if community[a] == community[b] {
            inside[community[a]] += w;
        }
    }
    for (i, &c) in community.iter().enumerate() {
        degree[c] += g.strength(i);
    }
    (0..k)
        .map(|c| inside[c] / m - (degree[c] / (2.0 * m)).powi(2))
        .sum()
}

/// Louvain community detection (Blondel et al. 2008) on the weighted graph: local moves in node
/// order, then aggregation, until no move raises modularity. Deterministic: communities are
/// numbered by their smallest node.
pub fn louvain(g: &Graph) -> Vec<usize> {
    let n = g.len();
    // The current level: adjacency without self-loops, plus each node's self-loop weight.
    let mut adj: Vec<Vec<(usize, f64)>> = g.adj.clone();
    let mut self_loops = vec![0.0; n];
    let mut assignment: Vec<usize> = (0..n).collect();
    let m2: f64 = 2.0 * g.total_weight();
    if m2 == 0.0 {
        return assignment;
    }
    loop {
        let size = adj.len();
        let k: Vec<f64> = (0..size)
            .map(|i| adj[i].iter().map(|&(_, w)| w).sum::<f64>() + 2.0 * self_loops[i])
            .collect();
        let mut comm: Vec<usize> = (0..size).collect();
        let mut tot: Vec<f64> = k.clone();
        let mut moved_any = false;
        loop {
            let mut moved = false;
            for i in 0..size {
                let old = comm[i];
                let mut to: BTreeMap<usize, f64> = BTreeMap::new();
                for &(j, w) in &adj[i] {
                    *to.entry(comm[j]).or_default() += w;
                }
                tot[old] -= k[i];
                let gain = |c: usize, w: f64| w - tot[c] * k[i] / m2;
                let mut best = old;
                let mut best_gain = gain(old, to.get(&old).copied().unwrap_or(0.0));
                for (&c, &w) in &to {
                    let g = gain(c, w);
                    if g > best_gain + 1e-12 {
                        best = c;
                        best_gain = g;
                    }
                }
                tot[best] += k[i];
                if best != old {
                    comm[i] = best;
                    moved = true;
                    moved_any = true;
                }
            }
            if !moved {
                break;
            }
        }
        if !moved_any {
            break;
        }
        // Renumber communities densely, in order of first node.
        let mut renumber: HashMap<usize, usize> = HashMap::new();
        for &c in &comm {
            let next = renumber.len();
            renumber.entry(c).or_insert(next);
        }
        let comm: Vec<usize> = comm.iter().map(|c| renumber[c]).collect();
        for a in &mut assignment {
            *a = comm[*a];
        }
        // Aggregate.
        let count = renumber.len();
        let mut next_adj: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); count];
        let mut next_loops = vec![0.0; count];
        for i in 0..size {
            next_loops[comm[i]] += self_loops[i];
            for &(j, w) in &adj[i] {
                if comm[i] == comm[j] {
                    if i < j {
                        next_loops[comm[i]] += w;
                    }
                } else {
                    *next_adj[comm[i]].entry(comm[j]).or_default() += w;
                }
            }
        }
        adj = next_adj
            .into_iter()
            .map(|m| m.into_iter().collect())
            .collect();
        self_loops = next_loops;
        if count == size {
            break;
        }
    }
    // Number communities by their smallest node.
    let mut first: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, &c) in assignment.iter().enumerate() {
        first.entry(c).or_insert(i);
    }
    let mut by_first: Vec<(usize, usize)> = first.into_iter().map(|(c, f)| (f, c)).collect();
    by_first.sort_unstable();
    let rank: HashMap<usize, usize> = by_first
        .iter()
        .enumerate()
        .map(|(r, &(_, c))| (c, r))
        .collect();
    assignment.iter().map(|c| rank[c]).collect()
}
