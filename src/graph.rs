//! The co-occurrence graph: a node per mentioned entity, an edge per pair of entities that share
//! a sentence, counting the sentences and documents they share.
//!
//! Built incrementally, one document's mentions at a time, so memory grows with the graph and not
//! with the corpus. Output order is sorted by entity index, so the same corpus gives the same graph.

use crate::gazetteer::EntityId;
use petgraph::graph::{NodeIndex, UnGraph};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// At most this many documents are kept as evidence for an edge.
pub const EVIDENCE_CAP: usize = 5;

/// Per-entity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    pub entity: EntityId,
    pub mentions: u64,
    pub documents: u64,
}

/// Per-pair counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Sentences in which both entities are mentioned.
    pub sentences: u64,
    /// Documents with at least one such sentence.
    pub documents: u64,
    /// Indices (in input order) of the first documents with such a sentence.
    pub evidence: Vec<usize>,
}

impl Edge {
    /// The weight exported for graph tools: the number of shared sentences.
    pub fn weight(&self) -> f64 {
        self.sentences as f64
    }
}

/// Accumulates counts document by document.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    nodes: HashMap<EntityId, (u64, u64)>,
    edges: HashMap<(EntityId, EntityId), Edge>,
    documents: usize,
}

impl GraphBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one document's mentions as (sentence, entity) pairs; `doc` is the document's index
    /// in input order.
    pub fn add_document(
        &mut self,
        doc: usize,
        mentions: impl IntoIterator<Item = (usize, EntityId)>,
    ) {
        self.documents += 1;
        let mut by_sentence: BTreeMap<usize, BTreeSet<EntityId>> = BTreeMap::new();
        let mut in_doc: BTreeSet<EntityId> = BTreeSet::new();
        for (sentence, entity) in mentions {
            by_sentence.entry(sentence).or_default().insert(entity);
            in_doc.insert(entity);
            self.nodes.entry(entity).or_default().0 += 1;
        }
        for e in &in_doc {
            self.nodes.entry(*e).or_default().1 += 1;
        }
        let mut pairs_in_doc: BTreeSet<(EntityId, EntityId)> = BTreeSet::new();
        for entities in by_sentence.values() {
            let list: Vec<EntityId> = entities.iter().copied().collect();
            for (i, &a) in list.iter().enumerate() {
                for &b in &list[i + 1..] {
                    self.edges
                        .entry((a, b))
                        .or_insert_with(|| Edge {
                            sentences: 0,
                            documents: 0,
                            evidence: Vec::new(),
                        })
                        .sentences += 1;
                    pairs_in_doc.insert((a, b));
                }
            }
        }
        for pair in pairs_in_doc {
            let edge = self.edges.get_mut(&pair).expect("pair was inserted above");
            edge.documents += 1;
            if edge.evidence.len() < EVIDENCE_CAP {
                edge.evidence.push(doc);
            }
        }
    }

    pub fn finish(self) -> CoGraph {
        let mut nodes: Vec<(EntityId, (u64, u64))> = self.nodes.into_iter().collect();
        nodes.sort_unstable_by_key(|(e, _)| *e);
        let mut graph = UnGraph::with_capacity(nodes.len(), self.edges.len());
        let mut index = HashMap::with_capacity(nodes.len());
        for (entity, (mentions, documents)) in nodes {
            let n = graph.add_node(Node {
                entity,
                mentions,
                documents,
            });
            index.insert(entity, n);
        }
        let mut edges: Vec<((EntityId, EntityId), Edge)> = self.edges.into_iter().collect();
        edges.sort_unstable_by_key(|(pair, _)| *pair);
        for ((a, b), edge) in edges {
            graph.add_edge(index[&a], index[&b], edge);
        }
        CoGraph {
            graph,
            index,
            documents: self.documents,
        }
    }
}

/// The finished co-occurrence graph.
#[derive(Debug)]
pub struct CoGraph {
    pub graph: UnGraph<Node, Edge>,
    index: HashMap<EntityId, NodeIndex>,
    /// Number of documents that went into it.
    pub documents: usize,
}

impl CoGraph {
    pub fn node(&self, entity: EntityId) -> Option<NodeIndex> {
        self.index.get(&entity).copied()
    }

    pub fn edge_between(&self, a: EntityId, b: EntityId) -> Option<&Edge> {
        let e = self.graph.find_edge(self.node(a)?, self.node(b)?)?;
        Some(&self.graph[e])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(sentence: usize, entity: EntityId) -> (usize, EntityId) {
        (sentence, entity)
    }

    #[test]
    fn counts_sentences_and_documents() {
        let mut b = GraphBuilder::new();
        // doc 0: {1,2} in s0, {1,2,3} in s1, 1 twice in s1
        b.add_document(0, [m(0, 1), m(0, 2), m(1, 1), m(1, 1), m(1, 3), m(1, 2)]);
        b.add_document(1, [m(0, 2), m(0, 1), m(3, 3)]);
        let g = b.finish();
        assert_eq!(g.graph.node_count(), 3);
        assert_eq!(g.graph.edge_count(), 3);
        let e12 = g.edge_between(1, 2).unwrap();
        assert_eq!(
            (e12.sentences, e12.documents, e12.evidence.clone()),
            (3, 2, vec![0, 1])
        );
        let e13 = g.edge_between(3, 1).unwrap();
        assert_eq!((e13.sentences, e13.documents), (1, 1));
        let n1 = g.graph[g.node(1).unwrap()];
        assert_eq!((n1.mentions, n1.documents), (4, 2));
        assert_eq!(g.documents, 2);
    }
}
