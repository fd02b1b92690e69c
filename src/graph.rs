//! The co-occurrence graph: a node per mentioned entity, an edge per pair of entities that share
//! a sentence, counting the sentences and documents they share.
//!
//! Mentions may be marked expanded (the members a composite such as 京津冀 stands for, credited
//! when the user asks): pairs that involve an expanded mention are counted apart from direct
//! ones, so one 京津冀 does not inflate 北京–天津 unnoticed.
//!
//! Built incrementally, one document's mentions at a time, so memory grows with the graph and not
//! with the corpus. Output order is sorted by entity index, so the same corpus gives the same graph.

use crate::gazetteer::EntityId;
use petgraph::graph::{NodeIndex, UnGraph};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// At most this many documents are kept as evidence for an edge.
pub const EVIDENCE_CAP: usize = 5;

/// One mention as the graph sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphMention {
    pub sentence: usize,
    pub entity: EntityId,
    /// Credited through a composite rather than named.
    pub expanded: bool,
}

impl GraphMention {
    pub fn direct(sentence: usize, entity: EntityId) -> Self {
        GraphMention {
            sentence,
            entity,
            expanded: false,
        }
    }
}

/// Per-entity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    pub entity: EntityId,
    /// Direct mentions, and documents with one.
    pub mentions: u64,
    pub documents: u64,
    /// Mentions credited through composites.
    pub expanded_mentions: u64,
}

/// Per-pair counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edge {
    /// Sentences in which both entities are mentioned directly.
    pub sentences: u64,
    /// Documents with at least one such sentence.
    pub documents: u64,
    /// Sentences in which they meet only through a composite's members.
    pub expanded_sentences: u64,
    pub expanded_documents: u64,
    /// Indices (in input order) of the first documents with such a sentence.
    pub evidence: Vec<usize>,
}

impl Edge {
    /// The weight exported for graph tools: the number of shared sentences, direct and through
    /// composites (the latter are zero unless composites are expanded).
    pub fn weight(&self) -> f64 {
        (self.sentences + self.expanded_sentences) as f64
    }
}

/// Accumulates counts document by document.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    nodes: HashMap<EntityId, (u64, u64, u64)>,
    edges: HashMap<(EntityId, EntityId), Edge>,
    documents: usize,
}

impl GraphBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one document's mentions; `doc` is the document's index in input order.
    pub fn add_document(&mut self, doc: usize, mentions: impl IntoIterator<Item = GraphMention>) {
        self.documents += 1;
        // Per sentence: entities named directly, and entities credited through composites.
        let mut by_sentence: BTreeMap<usize, (BTreeSet<EntityId>, BTreeSet<EntityId>)> =
            BTreeMap::new();
        let mut in_doc: BTreeSet<EntityId> = BTreeSet::new();
        for m in mentions {
            let (direct, expanded) = by_sentence.entry(m.sentence).or_default();
            let node = self.nodes.entry(m.entity).or_default();
            if m.expanded {
                expanded.insert(m.entity);
                node.2 += 1;
            } else {
                direct.insert(m.entity);
                in_doc.insert(m.entity);
                node.0 += 1;
            }
        }
        for e in &in_doc {
            self.nodes.entry(*e).or_default().1 += 1;
        }
        let mut direct_pairs: BTreeSet<(EntityId, EntityId)> = BTreeSet::new();
        let mut expanded_pairs: BTreeSet<(EntityId, EntityId)> = BTreeSet::new();
        for (direct, expanded) in by_sentence.values() {
            let all: BTreeSet<EntityId> = direct.union(expanded).copied().collect();
            let list: Vec<EntityId> = all.into_iter().collect();
            for (i, &a) in list.iter().enumerate() {
                for &b in &list[i + 1..] {
                    let edge = self.edges.entry((a, b)).or_default();
                    if direct.contains(&a) && direct.contains(&b) {
                        edge.sentences += 1;
                        direct_pairs.insert((a, b));
                    } else {
                        edge.expanded_sentences += 1;
                        expanded_pairs.insert((a, b));
                    }
                }
            }
        }
        for pair in &expanded_pairs {
            self.edges
                .get_mut(pair)
                .expect("pair was inserted above")
                .expanded_documents += 1;
        }
        for pair in direct_pairs {
            let edge = self.edges.get_mut(&pair).expect("pair was inserted above");
            edge.documents += 1;
            if edge.evidence.len() < EVIDENCE_CAP {
                edge.evidence.push(doc);
            }
        }
    }

    pub fn finish(self) -> CoGraph {
        let mut nodes: Vec<(EntityId, (u64, u64, u64))> = self.nodes.into_iter().collect();
        nodes.sort_unstable_by_key(|(e, _)| *e);
        let mut graph = UnGraph::with_capacity(nodes.len(), self.edges.len());
        let mut index = HashMap::with_capacity(nodes.len());
        for (entity, (mentions, documents, expanded_mentions)) in nodes {
            let n = graph.add_node(Node {
                entity,
                mentions,
                documents,
                expanded_mentions,
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

    fn m(sentence: usize, entity: EntityId) -> GraphMention {
        GraphMention::direct(sentence, entity)
    }

    fn x(sentence: usize, entity: EntityId) -> GraphMention {
        GraphMention {
            sentence,
            entity,
            expanded: true,
        }
    }

    #[test]
    fn expanded_members_are_counted_apart() {
        // Sentence 0 names 京津冀 (10) and 雄安 (4); its members 1, 2, 3 are credited.
        let mut b = GraphBuilder::new();
        b.add_document(
            0,
            [
                m(0, 10),
                m(0, 4),
                x(0, 1),
                x(0, 2),
                x(0, 3),
                m(1, 1),
                m(1, 2),
            ],
        );
        let g = b.finish();
        let e12 = g.edge_between(1, 2).unwrap();
        assert_eq!(
            (e12.sentences, e12.documents),
            (1, 1),
            "only sentence 1 names both"
        );
        assert_eq!((e12.expanded_sentences, e12.expanded_documents), (1, 1));
        let e4_10 = g.edge_between(4, 10).unwrap();
        assert_eq!((e4_10.sentences, e4_10.expanded_sentences), (1, 0));
        let e3_4 = g.edge_between(3, 4).unwrap();
        assert_eq!((e3_4.sentences, e3_4.expanded_sentences), (0, 1));
        assert_eq!(e3_4.weight(), 1.0);
        let n1 = g.graph[g.node(1).unwrap()];
        assert_eq!((n1.mentions, n1.documents, n1.expanded_mentions), (1, 1, 1));
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
