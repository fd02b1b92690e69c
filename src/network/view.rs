//! A network view: the nodes of one level, each link's document count, Ochiai, NPMI and
//! fractional weight, directed links from a document's home region, and great-circle distances.

use super::graph::Graph;
use super::places::{Corpus, Level};
use crate::store::read::StoredDocument;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which documents and co-occurrences a view counts.
#[derive(Debug, Clone)]
pub struct ViewOptions {
    pub level: Level,
    /// Link two nodes named in the same sentence (true) or the same document (false).
    pub sentence_window: bool,
    /// Count a composite (京津冀) for its members.
    pub expand_composites: bool,
    /// Keep only nodes inside these entities (or their members, for a composite).
    pub within: Vec<usize>,
    /// Keep only documents whose date starts with this (`2019`, `2019-02`).
    pub period: Option<String>,
}

impl Default for ViewOptions {
    fn default() -> Self {
        ViewOptions {
            level: Level::Prefecture,
            sentence_window: false,
            expand_composites: false,
            within: Vec::new(),
            period: None,
        }
    }
}

/// A link of a view, between nodes `a` < `b` (indices into [`View::nodes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub a: usize,
    pub b: usize,
    /// Documents in which the two co-occur (each document once).
    pub documents: usize,
    /// `documents / sqrt(N_a N_b)`, N = documents naming the node.
    pub ochiai: f64,
    /// Normalised PMI over documents: `ln(p_ab / (p_a p_b)) / -ln p_ab`.
    pub npmi: f64,
    /// Fractional count: each document adds `1 / (n - 1)` to each of its links, n being the
    /// nodes it names, so a document's total for any node is 1 however many places it lists.
    pub fractional: f64,
    /// Great-circle distance in km, when both nodes have coordinates.
    pub distance_km: Option<f64>,
}

/// The weight a view's graph uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Documents,
    Ochiai,
    Npmi,
    Fractional,
}

impl Link {
    pub fn weight(&self, w: Weight) -> f64 {
        match w {
            Weight::Documents => self.documents as f64,
            Weight::Ochiai => self.ochiai,
            Weight::Npmi => self.npmi,
            Weight::Fractional => self.fractional,
        }
    }
}

/// A link from a document's home region (the region its channel names) to a node it names.
/// Both are entity indices: a home region may be no node of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirectedLink {
    pub home: usize,
    pub node: usize,
    pub documents: usize,
}

/// A network view: nodes (entity indices), how many documents name each, links, and directed
/// links from each document's home region.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// Entity indices, sorted by entity id.
    pub nodes: Vec<usize>,
    pub node_documents: Vec<usize>,
    pub links: Vec<Link>,
    /// A document whose channel names a region links that region to every other node it names.
    pub directed: Vec<DirectedLink>,
    /// Documents counted (those naming at least one node).
    pub documents: usize,
}

/// What one document contributes to a view: its nodes, the pairs it links, its home node.
struct DocumentLinks {
    nodes: Vec<usize>,
    pairs: BTreeSet<(usize, usize)>,
    home: Option<usize>,
}

/// The nodes each entity counts for in a view (remembered: roll-up walks the hierarchy).
struct NodeMap<'a> {
    corpus: &'a Corpus,
    options: &'a ViewOptions,
    node_of: HashMap<usize, Option<usize>>,
}

impl NodeMap<'_> {
    /// The nodes an entity counts for: itself or its members (composites, when expanded),
    /// rolled up to the level and kept if inside the `within` entities.
    fn nodes_of(&mut self, e: usize) -> Vec<usize> {
        let (corpus, options) = (self.corpus, self.options);
        let targets: Vec<usize> =
            if options.expand_composites && !corpus.entities[e].members.is_empty() {
                corpus.entities[e].members.clone()
            } else {
                vec![e]
            };
        targets
            .into_iter()
            .filter_map(|t| {
                *self.node_of.entry(t).or_insert_with(|| {
                    corpus.roll_up(t, options.level).filter(|&n| {
                        options.within.is_empty()
                            || options.within.iter().any(|&w| corpus.within(n, w))
                    })
                })
            })
            .collect()
    }

    /// A document's nodes and pairs; none when it is outside the period or names no node.
    fn document(&mut self, d: &StoredDocument) -> Option<DocumentLinks> {
        let options = self.options;
        if let Some(p) = &options.period {
            if !d
                .date
                .as_deref()
                .is_some_and(|date| date.starts_with(p.as_str()))
            {
                return None;
            }
        }
        let mut by_sentence: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for m in &d.mentions {
            for n in self.nodes_of(m.entity) {
                by_sentence.entry(m.sentence).or_default().insert(n);
            }
        }
        let all: BTreeSet<usize> = by_sentence.values().flatten().copied().collect();
        if all.is_empty() {
            return None;
        }
        let mut pairs = BTreeSet::new();
        let groups: Vec<&BTreeSet<usize>> = if options.sentence_window {
            by_sentence.values().collect()
        } else {
            vec![&all]
        };
        for group in groups {
            let v: Vec<usize> = group.iter().copied().collect();
            for i in 0..v.len() {
                for j in i + 1..v.len() {
                    pairs.insert((v[i], v[j]));
                }
            }
        }
        let corpus = self.corpus;
        let home = d
            .channel
            .as_deref()
            .and_then(|c| corpus.channel_region(c))
            .and_then(|h| corpus.roll_up(h, options.level));
        Some(DocumentLinks {
            nodes: all.into_iter().collect(),
            pairs,
            home,
        })
    }
}

impl View {
    pub fn build(corpus: &Corpus, options: &ViewOptions) -> View {
        let mut map = NodeMap {
            corpus,
            options,
            node_of: HashMap::new(),
        };
        let docs: Vec<DocumentLinks> = corpus
            .documents
            .iter()
            .filter_map(|d| map.document(d))
            .collect();
        let entity_nodes: BTreeSet<usize> = docs.iter().flat_map(|d| d.nodes.clone()).collect();
        let mut nodes: Vec<usize> = entity_nodes.into_iter().collect();
        nodes.sort_by(|a, b| corpus.entities[*a].id.cmp(&corpus.entities[*b].id));
        let pos: HashMap<usize, usize> = nodes.iter().enumerate().map(|(i, &e)| (e, i)).collect();
        let mut node_documents = vec![0usize; nodes.len()];
        let mut counts: BTreeMap<(usize, usize), (usize, f64)> = BTreeMap::new();
        let mut directed: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for doc in &docs {
            for n in &doc.nodes {
                node_documents[pos[n]] += 1;
            }
            let share = if doc.nodes.len() > 1 {
                1.0 / (doc.nodes.len() - 1) as f64
            } else {
                0.0
            };
            for &(x, y) in &doc.pairs {
                let (a, b) = (pos[&x].min(pos[&y]), pos[&x].max(pos[&y]));
                let c = counts.entry((a, b)).or_default();
                c.0 += 1;
                c.1 += share;
            }
            if let Some(h) = doc.home {
                // The home region counts as a node of the view even when the document does
                // not name it (a 河北频道 post about 保定 links 河北 to 保定).
                for &n in &doc.nodes {
                    if n != h {
                        *directed.entry((h, n)).or_default() += 1;
                    }
                }
            }
        }
        let documents = docs.len();
        let coords = |n: usize| {
            let e = &corpus.entities[nodes[n]];
            e.lat.zip(e.lon)
        };
        let links = counts
            .into_iter()
            .map(|((a, b), (c, fractional))| {
                let (na, nb) = (node_documents[a] as f64, node_documents[b] as f64);
                let d = documents as f64;
                let pab = c as f64 / d;
                let npmi = if pab >= 1.0 {
                    1.0
                } else {
                    (pab / ((na / d) * (nb / d))).ln() / -pab.ln()
                };
                Link {
                    a,
                    b,
                    documents: c,
                    ochiai: c as f64 / (na * nb).sqrt(),
                    npmi,
                    fractional,
                    distance_km: coords(a)
                        .zip(coords(b))
                        .map(|((la, lo), (lb, mb))| great_circle_km(la, lo, lb, mb)),
                }
            })
            .collect();
        let directed = directed
            .into_iter()
            .map(|((home, node), documents)| DirectedLink {
                home,
                node,
                documents,
            })
            .collect();
        View {
            nodes,
            node_documents,
            links,
            directed,
            documents,
        }
    }

    /// The undirected weighted graph of the view (links of positive weight only).
    pub fn graph(&self, weight: Weight) -> Graph {
        Graph::from_edges(
            self.nodes.len(),
            self.links
                .iter()
                .map(|l| (l.a, l.b, l.weight(weight)))
                .filter(|&(_, _, w)| w > 0.0),
        )
    }
}

/// Great-circle (haversine) distance in km on a sphere of the Earth's mean radius.
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const R: f64 = 6371.0088;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}
