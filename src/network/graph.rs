//! An undirected weighted graph and its structure: density, components, clustering, path length.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An undirected weighted graph without self-loops: adjacency lists sorted by neighbour.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    pub adj: Vec<Vec<(usize, f64)>>,
}

impl Graph {
    /// From (a, b, weight) edges; repeated edges add up, self-loops are ignored.
    pub fn from_edges(n: usize, edges: impl IntoIterator<Item = (usize, usize, f64)>) -> Graph {
        let mut m: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
        for (a, b, w) in edges {
            if a != b {
                *m[a].entry(b).or_default() += w;
                *m[b].entry(a).or_default() += w;
            }
        }
        Graph {
            adj: m.into_iter().map(|x| x.into_iter().collect()).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.adj.len()
    }

    pub fn is_empty(&self) -> bool {
        self.adj.is_empty()
    }

    pub fn degree(&self, i: usize) -> usize {
        self.adj[i].len()
    }

    pub fn strength(&self, i: usize) -> f64 {
        self.adj[i].iter().map(|&(_, w)| w).sum()
    }

    pub fn edge_count(&self) -> usize {
        self.adj.iter().map(Vec::len).sum::<usize>() / 2
    }

    pub fn total_weight(&self) -> f64 {
        (0..self.len()).map(|i| self.strength(i)).sum::<f64>() / 2.0
    }

    /// Each edge once, as (a, b, weight) with a < b.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        self.adj.iter().enumerate().flat_map(|(a, list)| {
            list.iter()
                .filter(move |&&(b, _)| a < b)
                .map(move |&(b, w)| (a, b, w))
        })
    }

    /// The subgraph on `keep` (indices into this graph), renumbered in the given order.
    pub fn induced(&self, keep: &[usize]) -> Graph {
        let pos: HashMap<usize, usize> = keep.iter().enumerate().map(|(i, &n)| (n, i)).collect();
        Graph::from_edges(
            keep.len(),
            self.edges()
                .filter_map(|(a, b, w)| Some((*pos.get(&a)?, *pos.get(&b)?, w))),
        )
    }
}

/// Density: edges over possible edges.
pub fn density(g: &Graph) -> f64 {
    let n = g.len() as f64;
    if n < 2.0 {
        0.0
    } else {
        2.0 * g.edge_count() as f64 / (n * (n - 1.0))
    }
}

/// Connected components, each sorted, largest first (ties by first node).
pub fn components(g: &Graph) -> Vec<Vec<usize>> {
    let mut seen = vec![false; g.len()];
    let mut out = Vec::new();
    for s in 0..g.len() {
        if seen[s] {
            continue;
        }
        let mut comp = vec![s];
        seen[s] = true;
        let mut i = 0;
        while i < comp.len() {
            for &(v, _) in &g.adj[comp[i]] {
                if !seen[v] {
                    seen[v] = true;
                    comp.push(v);
                }
            }
            i += 1;
        }
        comp.sort_unstable();
        out.push(comp);
    }
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    out
}

/// Local clustering coefficient of each node (unweighted, as NetworkX's `clustering`).
pub fn clustering(g: &Graph) -> Vec<f64> {
    let sets: Vec<BTreeSet<usize>> = g
        .adj
        .iter()
        .map(|l| l.iter().map(|&(v, _)| v).collect())
        .collect();
    (0..g.len())
        .map(|i| {
            let k = sets[i].len();
            if k < 2 {
                return 0.0;
            }
            let nbrs: Vec<usize> = sets[i].iter().copied().collect();
            let mut t = 0usize;
            for (x, &a) in nbrs.iter().enumerate() {
                for &b in &nbrs[x + 1..] {
                    if sets[a].contains(&b) {
                        t += 1;
                    }
                }
            }
            2.0 * t as f64 / (k * (k - 1)) as f64
        })
        .collect()
}

/// Mean of the local clustering coefficients (NetworkX's `average_clustering`).
pub fn average_clustering(g: &Graph) -> f64 {
    if g.is_empty() {
        return 0.0;
    }
    clustering(g).iter().sum::<f64>() / g.len() as f64
}

/// Average shortest path length in hops over the largest connected component (NetworkX's
/// `average_shortest_path_length` on that component).
pub fn average_path_length(g: &Graph) -> f64 {
    let Some(lcc) = components(g).into_iter().next() else {
        return 0.0;
    };
    if lcc.len() < 2 {
        return 0.0;
    }
    let sub = g.induced(&lcc);
    let mut total = 0u64;
    for s in 0..sub.len() {
        let mut dist = vec![u32::MAX; sub.len()];
        dist[s] = 0;
        let mut queue = std::collections::VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            for &(v, _) in &sub.adj[u] {
                if dist[v] == u32::MAX {
                    dist[v] = dist[u] + 1;
                    queue.push_back(v);
                }
            }
        }
        total += dist.iter().map(|&d| d as u64).sum::<u64>();
    }
    let n = sub.len() as f64;
    total as f64 / (n * (n - 1.0))
}
