//! City-network analysis of co-occurrence, the way regional scientists do it (Hu et al. 2020;
//! Wang, Meijers & Wang 2023; Liu et al. 2014): documents mention places; two places mentioned in
//! the same document (or sentence) are linked; the network is rolled up to one administrative
//! level and measured.
//!
//! - [`Corpus`] ([`places`]): what a store says about each document (its entities, date and
//!   channel) and about each entity (type, subtype, parent, members, coordinates), read through
//!   the store's read model; roll-up to an administrative level.
//! - [`View`]: the network at one level (province, prefecture, county, or every entity), with
//!   each link's document count, Ochiai, NPMI and fractional weight, directed links from a
//!   document's home region, and great-circle distances.
//! - Measures on an undirected weighted [`Graph`]: degree, strength, betweenness and closeness
//!   (distance = 1 / weight), eigenvector centrality, PageRank, clustering, components, average
//!   path length, Louvain communities and modularity, the disparity-filter backbone, head/tail
//!   strength tiers, a power-law fit of strengths and the distance-decay exponent.
//!
//! Every function is deterministic: nodes are sorted by id and ties are broken by index. The
//! algorithms follow NetworkX's definitions (and are cross-checked against it by
//! `scripts/check-network.py`), so results compare with published studies that use it.
//!
//! Files: [`places`] (the corpus, hierarchy and roll-up), [`view`] (a level's links and their
//! weights), [`graph`] (the weighted graph and its structure), [`centrality`], [`community`],
//! [`statistics`] (backbone, tiers, fits) and [`report`] (the tables `regionkg network` prints
//! and the view's GraphML).

pub mod centrality;
pub mod community;
pub mod graph;
pub mod graphml;
pub mod places;
pub mod report;
pub mod statistics;
pub mod table;
pub mod view;

pub use centrality::{betweenness, closeness, eigenvector, pagerank, ranks};
pub use community::{louvain, modularity};
pub use graph::{average_clustering, average_path_length, clustering, components, density, Graph};
pub use places::{Corpus, Level};
pub use statistics::{
    disparity, distance_decay, gini, head_tail_breaks, power_law, tier, Disparity, DistanceDecay,
    PowerLaw,
};
pub use view::{great_circle_km, DirectedLink, Link, View, ViewOptions, Weight};

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    /// A path 0 - 1 - 2 - 3 and a star: answers known by hand.
    #[test]
    fn path_and_star_measures() {
        let path = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        // Betweenness: the inner nodes each lie on 2 of the 3 pairs not involving them.
        let b = betweenness(&path);
        assert!(close(b[0], 0.0) && close(b[1], 2.0 / 3.0) && close(b[2], 2.0 / 3.0));
        // Closeness of an end: 3 / (1 + 2 + 3).
        let c = closeness(&path);
        assert!(close(c[0], 0.5) && close(c[1], 0.75));
        assert!(close(average_path_length(&path), 20.0 / 12.0));
        assert!(close(density(&path), 0.5));
        // Star: centre 0 with 4 leaves.
        let star = Graph::from_edges(5, (1..5).map(|i| (0, i, 1.0)));
        let b = betweenness(&star);
        assert!(close(b[0], 1.0) && close(b[1], 0.0));
        assert_eq!(clustering(&star), vec![0.0; 5]);
        let pr = pagerank(&star, 0.85);
        assert!(close(pr.iter().sum::<f64>(), 1.0));
        // The centre's rank: x0 = 0.15/5 + 0.85 * (4 leaves passing all of theirs).
        let leaf = (0.15 / 5.0 + 0.85 * pr[0] / 4.0, pr[1]);
        assert!(close(leaf.0, leaf.1));
    }

    #[test]
    fn weights_are_distances_inverted() {
        // Triangle with a strong tie 0-1 and weak ties through 2: the shortest path from 0 to 1
        // is the direct strong one, so 2 lies on no shortest path.
        let g = Graph::from_edges(3, [(0, 1, 10.0), (0, 2, 1.0), (1, 2, 1.0)]);
        assert!(close(betweenness(&g)[2], 0.0));
        // A weak direct tie is longer than two strong ones: 2 carries the 0-1 path.
        let g = Graph::from_edges(3, [(0, 1, 0.1), (0, 2, 10.0), (1, 2, 10.0)]);
        assert!(close(betweenness(&g)[2], 1.0));
        assert_eq!(clustering(&g), vec![1.0; 3]);
    }

    #[test]
    fn eigenvector_of_a_regular_graph_is_uniform() {
        let k4 = Graph::from_edges(
            4,
            [
                (0, 1, 1.0),
                (0, 2, 1.0),
                (0, 3, 1.0),
                (1, 2, 1.0),
                (1, 3, 1.0),
                (2, 3, 1.0),
            ],
        );
        for v in eigenvector(&k4) {
            assert!(close(v, 0.5));
        }
    }

    #[test]
    fn louvain_finds_two_cliques() {
        // Two triangles joined by one weak edge.
        let g = Graph::from_edges(
            6,
            [
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
                (2, 3, 0.1),
            ],
        );
        let c = louvain(&g);
        assert_eq!(c, vec![0, 0, 0, 1, 1, 1]);
        // Q = 2 * (3/6.1 - (6.1/12.2)^2) = 0.48360...
        let m: f64 = 6.1;
        let expected = 2.0 * (3.0 / m - (6.1 / (2.0 * m)).powi(2));
        assert!(close(modularity(&g, &c), expected));
        assert!(modularity(&g, &[0; 6]).abs() < 1e-12);
    }

    #[test]
    fn disparity_keeps_the_dominant_tie() {
        // Node 0 sends 90 % of its strength to 1 and 5 % each to 2 and 3.
        let g = Graph::from_edges(4, [(0, 1, 18.0), (0, 2, 1.0), (0, 3, 1.0)]);
        let d = disparity(&g);
        let alpha = |a: usize, b: usize| d.iter().find(|e| e.a == a && e.b == b).unwrap().alpha;
        assert!(close(alpha(0, 1), 0.1f64.powi(2)));
        assert!(close(alpha(0, 2), 0.95f64.powi(2)));
    }

    #[test]
    fn tails_tiers_and_fits() {
        let values = [1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 3.0, 10.0, 50.0, 100.0];
        // Mean 17.1: the head (50, 100) is 20 % of the values; its mean 75 leaves a head of one
        // value in two (50 % > 40 %), so the breaks stop.
        let breaks = head_tail_breaks(&values);
        assert_eq!(breaks.len(), 1);
        assert!(close(breaks[0], 17.1));
        assert_eq!(tier(100.0, &breaks), 1);
        assert_eq!(tier(1.0, &breaks), 2);
        assert!(close(gini(&[1.0, 1.0, 1.0]), 0.0));
        assert!(close(gini(&[0.0, 0.0, 0.0, 1.0]), 0.75));
        // Exact power law w = 100 d^-1.5.
        let pts: Vec<(f64, f64)> = (1..20)
            .map(|d| (d as f64, 100.0 * (d as f64).powf(-1.5)))
            .collect();
        let fit = distance_decay(&pts).unwrap();
        assert!(close(fit.beta, 1.5) && close(fit.r2, 1.0) && fit.links == 19);
        // Samples of a Pareto with α = 2.5: x = (1 - u)^(-1 / 1.5).
        let sample: Vec<f64> = (0..2000)
            .map(|i| (1.0 - (i as f64 + 0.5) / 2000.0).powf(-1.0 / 1.5))
            .collect();
        let fit = power_law(&sample).unwrap();
        assert!((fit.alpha - 2.5).abs() < 0.1, "{fit:?}");
        assert_eq!(ranks(&[3.0, 5.0, 3.0, 1.0]), vec![2, 1, 2, 4]);
        // Beijing to Shanghai, about 1,068 km.
        let d = great_circle_km(39.9042, 116.4074, 31.2304, 121.4737);
        assert!((d - 1067.0).abs() < 5.0, "{d}");
    }
}
