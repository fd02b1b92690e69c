//! Exports of what a store holds, one writer per format: [`graphml`] (the co-occurrence network,
//! and any other graph through its generic writer), [`gexf`] (GEXF 1.3 for Gephi, with time
//! intervals), [`csv`] (nodes and edges, and tables) and [`rdf`] (the dataset or a graph in any
//! RDF syntax). Networks are read through the store's one read model ([`crate::store::read`]),
//! so they work on a store built earlier; nodes and edges are sorted, so the same store gives
//! the same bytes. Subgraphs: by type, minimum weight, top edges, ego network.

pub mod csv;
pub mod gexf;
pub mod graphml;
pub mod rdf;

use crate::error::{Error, Result};
use crate::store::read::{Entities, EntityCounts, StoredEntity, StoredPair};
use crate::store::Store;
use std::collections::{BTreeSet, HashMap};

/// A node of the exported network: an entity the corpus names, and its degree in the export.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub entity: StoredEntity,
    pub counts: EntityCounts,
    /// Number of edges at the node in the exported network.
    pub degree: u64,
}

/// An edge of the exported network (`source` < `target` by id).
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub pair: StoredPair,
}

/// The co-occurrence network as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Network {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Which part of the network to export.
#[derive(Debug, Clone, Default)]
pub struct Subgraph {
    /// Keep only nodes of these types (Place, Zone, ...); all when empty.
    pub types: Vec<String>,
    /// Keep only edges of at least this weight.
    pub min_weight: f64,
    /// Keep only the N heaviest edges.
    pub top_edges: Option<usize>,
    /// Keep only this entity (id or name) and its neighbours.
    pub ego: Option<String>,
}

impl Network {
    /// Reads the network from a store: the entities the corpus names, and their pairs.
    pub fn from_store(store: &Store) -> Result<Network> {
        let entities = Entities::load(store)?;
        let pairs = entities.pairs(store)?;
        let nodes = entities
            .list
            .iter()
            .filter_map(|e| {
                Some(Node {
                    counts: e.counts?,
                    entity: e.clone(),
                    degree: 0,
                })
            })
            .collect();
        let edges = pairs
            .into_iter()
            .map(|pair| Edge {
                source: entities.list[pair.source].id.clone(),
                target: entities.list[pair.target].id.clone(),
                pair,
            })
            .collect();
        let mut network = Network { nodes, edges };
        network.count_degrees();
        Ok(network)
    }

    fn count_degrees(&mut self) {
        let mut degree: HashMap<&str, u64> = HashMap::new();
        for e in &self.edges {
            *degree.entry(e.source.as_str()).or_default() += 1;
            *degree.entry(e.target.as_str()).or_default() += 1;
        }
        let degrees: Vec<u64> = self
            .nodes
            .iter()
            .map(|n| degree.get(n.entity.id.as_str()).copied().unwrap_or(0))
            .collect();
        for (n, d) in self.nodes.iter_mut().zip(degrees) {
            n.degree = d;
        }
    }

    /// The ids of `ego`'s node and its neighbours among `edges`.
    fn neighbourhood<'a>(&'a self, ego: &str, edges: &[&'a Edge]) -> Result<BTreeSet<&'a str>> {
        let center = self
            .nodes
            .iter()
            .find(|n| n.entity.id == *ego)
            .or_else(|| self.nodes.iter().find(|n| n.entity.label == *ego))
            .ok_or_else(|| {
                Error::Invalid(format!("--ego {ego:?}: no such entity in the network"))
            })?;
        let c = center.entity.id.as_str();
        Ok(edges
            .iter()
            .filter_map(|e| {
                if e.source == c {
                    Some(e.target.as_str())
                } else if e.target == c {
                    Some(e.source.as_str())
                } else {
                    None
                }
            })
            .chain(std::iter::once(c))
            .collect())
    }

    /// The part of the network `subgraph` asks for. Nodes left without edges by an edge filter
    /// (weight, top edges, ego) are dropped; a type filter alone keeps them.
    pub fn subgraph(&self, subgraph: &Subgraph) -> Result<Network> {
        let mut keep: BTreeSet<&str> = self
            .nodes
            .iter()
            .filter(|n| {
                subgraph.types.is_empty()
                    || subgraph
                        .types
                        .iter()
                        .any(|t| t.eq_ignore_ascii_case(n.entity.kind.as_str()))
            })
            .map(|n| n.entity.id.as_str())
            .collect();
        let mut edges: Vec<&Edge> = self
            .edges
            .iter()
            .filter(|e| keep.contains(e.source.as_str()) && keep.contains(e.target.as_str()))
            .filter(|e| e.pair.weight >= subgraph.min_weight)
            .collect();
        if let Some(ego) = &subgraph.ego {
            let neighbours = self.neighbourhood(ego, &edges)?;
            edges.retain(|e| {
                neighbours.contains(e.source.as_str()) && neighbours.contains(e.target.as_str())
            });
        }
        if let Some(n) = subgraph.top_edges {
            let mut ranked = edges.clone();
            ranked.sort_by(|a, b| {
                b.pair
                    .weight
                    .total_cmp(&a.pair.weight)
                    .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
            });
            ranked.truncate(n);
            let chosen: BTreeSet<(&str, &str)> = ranked
                .iter()
                .map(|e| (e.source.as_str(), e.target.as_str()))
                .collect();
            edges.retain(|e| chosen.contains(&(e.source.as_str(), e.target.as_str())));
        }
        if subgraph.min_weight > 0.0 || subgraph.top_edges.is_some() || subgraph.ego.is_some() {
            keep = edges
                .iter()
                .flat_map(|e| [e.source.as_str(), e.target.as_str()])
                .collect();
        }
        let mut network = Network {
            nodes: self
                .nodes
                .iter()
                .filter(|n| keep.contains(n.entity.id.as_str()))
                .cloned()
                .collect(),
            edges: edges.into_iter().cloned().collect(),
        };
        network.count_degrees();
        Ok(network)
    }
}

/// Escapes text for XML content and attributes; characters XML 1.0 cannot carry are replaced
/// by U+FFFD.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::gazetteer::EntityType;

    #[test]
    fn escapes_xml() {
        assert_eq!(
            xml_escape("a<b&\"c'\n\u{1}"),
            "a&lt;b&amp;&quot;c&apos;&#10;\u{FFFD}"
        );
    }

    fn node(id: &str, label: &str, kind: EntityType, subtype: &str, code: &str) -> Node {
        Node {
            entity: StoredEntity {
                id: id.into(),
                label: label.into(),
                kind,
                subtype: subtype.into(),
                code: code.into(),
                parent: None,
                members: Vec::new(),
                lat: None,
                lon: None,
                aliases: Vec::new(),
                counts: None,
            },
            counts: EntityCounts {
                mentions: 1,
                documents: 1,
            },
            degree: 1,
        }
    }

    /// Two nodes (one with coordinates and characters XML must escape) and an edge.
    pub(crate) fn sample() -> Network {
        let mut beijing = node("11", "北京市", EntityType::Place, "municipality", "11");
        beijing.entity.lat = Some(39.904211);
        beijing.entity.lon = Some(116.407394);
        beijing.counts = EntityCounts {
            mentions: 3,
            documents: 2,
        };
        Network {
            nodes: vec![beijing, node("x<&", "名\"称", EntityType::Zone, "", "")],
            edges: vec![Edge {
                source: "11".into(),
                target: "x<&".into(),
                pair: StoredPair {
                    source: 0,
                    target: 1,
                    weight: 2.0,
                    windows: 2,
                    documents: 1,
                    expanded_windows: 0,
                    npmi: Some(0.5),
                    months: None,
                },
            }],
        }
    }

    #[test]
    fn subgraphs_by_type_weight_and_ego() {
        let net = sample();
        let places = net
            .subgraph(&Subgraph {
                types: vec!["place".into()],
                ..Subgraph::default()
            })
            .unwrap();
        assert_eq!(places.nodes.len(), 1);
        assert!(places.edges.is_empty());
        assert_eq!(places.nodes[0].degree, 0);
        let heavy = net
            .subgraph(&Subgraph {
                min_weight: 3.0,
                ..Subgraph::default()
            })
            .unwrap();
        assert!(heavy.nodes.is_empty() && heavy.edges.is_empty());
        let ego = net
            .subgraph(&Subgraph {
                ego: Some("北京市".into()),
                ..Subgraph::default()
            })
            .unwrap();
        assert_eq!(ego.edges.len(), 1);
        let missing = net.subgraph(&Subgraph {
            ego: Some("nowhere".into()),
            ..Subgraph::default()
        });
        assert!(missing.unwrap_err().to_string().contains("nowhere"));
    }
}
