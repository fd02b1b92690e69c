//! The co-occurrence graph: a node per mentioned entity, an edge per pair of entities that share
//! a window (a sentence by default; a paragraph or a document on request), counting the windows
//! and documents they share, per month where documents have dates, with PMI and NPMI as
//! association weights.
//!
//! Mentions may be marked expanded (the members a composite such as 京津冀 stands for, credited
//! when the user asks): pairs that involve an expanded mention are counted apart from direct
//! ones, so one 京津冀 does not inflate 北京–天津 unnoticed.
//!
//! Built incrementally, one document's mentions at a time, so memory grows with the graph and not
//! with the corpus. Output order is sorted by entity index, so the same corpus gives the same graph.

use crate::gazetteer::EntityId;
use petgraph::graph::{DiGraph, NodeIndex, UnGraph};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// At most this many documents are kept as evidence for an edge.
pub const EVIDENCE_CAP: usize = 5;

/// The unit two mentions must share to co-occur.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Window {
    #[default]
    Sentence,
    /// A line of the document text (a paragraph of a post).
    Paragraph,
    Document,
}

impl Window {
    pub fn as_str(self) -> &'static str {
        match self {
            Window::Sentence => "sentence",
            Window::Paragraph => "paragraph",
            Window::Document => "document",
        }
    }
}

/// One mention as the graph sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphMention {
    /// Index of the window (sentence, paragraph) within the document.
    pub window: usize,
    pub entity: EntityId,
    /// Credited through a composite rather than named.
    pub expanded: bool,
    /// Written inside a longer name of this entity (河北省 in 河北省交通运输厅): unless the
    /// window also names it on its own, the two are no pair there (the hierarchy relates them);
    /// with everything else it pairs.
    pub within: Option<EntityId>,
}

impl GraphMention {
    pub fn direct(window: usize, entity: EntityId) -> Self {
        GraphMention {
            window,
            entity,
            expanded: false,
            within: None,
        }
    }

    /// A name written inside the name of `container`.
    pub fn nested(window: usize, entity: EntityId, container: EntityId) -> Self {
        GraphMention {
            within: Some(container),
            ..GraphMention::direct(window, entity)
        }
    }
}

/// Per-entity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    pub entity: EntityId,
    /// Direct mentions, documents with one, and windows with one.
    pub mentions: u64,
    pub documents: u64,
    pub windows: u64,
    /// Mentions credited through composites.
    pub expanded_mentions: u64,
}

/// Per-pair counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edge {
    /// Windows in which both entities are mentioned directly.
    pub sentences: u64,
    /// Documents with at least one such window.
    pub documents: u64,
    /// Windows in which they meet only through a composite's members.
    pub expanded_sentences: u64,
    pub expanded_documents: u64,
    /// Direct shared windows per month (`YYYY-MM`) of documents with a date.
    pub months: BTreeMap<String, u64>,
    /// Indices (in input order) of the first documents with such a window.
    pub evidence: Vec<usize>,
}

impl Edge {
    /// The weight exported for graph tools: the number of shared windows, direct and through
    /// composites (the latter are zero unless composites are expanded).
    pub fn weight(&self) -> f64 {
        (self.sentences + self.expanded_sentences) as f64
    }
}

/// Accumulates counts document by document.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    /// entity → (mentions, documents, windows, expanded mentions)
    nodes: HashMap<EntityId, [u64; 4]>,
    edges: HashMap<(EntityId, EntityId), Edge>,
    documents: usize,
    windows: u64,
}

/// One window's entities named directly, credited through composites, named only nested in
/// another name (with that name), and named on their own.
#[derive(Default)]
struct WindowSets {
    direct: BTreeSet<EntityId>,
    expanded: BTreeSet<EntityId>,
    nested: BTreeSet<(EntityId, EntityId)>,
    plain: BTreeSet<EntityId>,
}

impl WindowSets {
    /// Whether `a` and `b` are a name and a name written only inside it.
    fn only_nested(&self, a: EntityId, b: EntityId) -> bool {
        (self.nested.contains(&(a, b)) && !self.plain.contains(&a))
            || (self.nested.contains(&(b, a)) && !self.plain.contains(&b))
    }
}

impl GraphBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one document: `doc` is its index in input order, `windows` the number of windows it
    /// has (for PMI), `month` its `YYYY-MM` if dated.
    pub fn add_document(
        &mut self,
        doc: usize,
        windows: usize,
        month: Option<&str>,
        mentions: impl IntoIterator<Item = GraphMention>,
    ) {
        self.documents += 1;
        self.windows += windows as u64;
        // Per window: entities named directly, entities credited through composites, and the
        // pairs of a nested name and the name around it.
        let mut by_window: BTreeMap<usize, WindowSets> = BTreeMap::new();
        let mut in_doc: BTreeSet<EntityId> = BTreeSet::new();
        for m in mentions {
            let sets = by_window.entry(m.window).or_default();
            match m.within {
                Some(container) => sets.nested.insert((m.entity, container)),
                None => sets.plain.insert(m.entity),
            };
            let (direct, expanded) = (&mut sets.direct, &mut sets.expanded);
            let node = self.nodes.entry(m.entity).or_default();
            if m.expanded {
                expanded.insert(m.entity);
                node[3] += 1;
            } else {
                direct.insert(m.entity);
                in_doc.insert(m.entity);
                node[0] += 1;
            }
        }
        for e in &in_doc {
            self.nodes.entry(*e).or_default()[1] += 1;
        }
        let mut direct_pairs: BTreeSet<(EntityId, EntityId)> = BTreeSet::new();
        let mut expanded_pairs: BTreeSet<(EntityId, EntityId)> = BTreeSet::new();
        for sets in by_window.values() {
            let (direct, expanded) = (&sets.direct, &sets.expanded);
            for e in direct {
                self.nodes.entry(*e).or_default()[2] += 1;
            }
            let all: Vec<EntityId> = direct.union(expanded).copied().collect();
            for (i, &a) in all.iter().enumerate() {
                for &b in &all[i + 1..] {
                    if sets.only_nested(a, b) {
                        continue;
                    }
                    let edge = self.edges.entry((a, b)).or_default();
                    if direct.contains(&a) && direct.contains(&b) {
                        edge.sentences += 1;
                        if let Some(month) = month {
                            *edge.months.entry(month.to_string()).or_default() += 1;
                        }
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

    /// Adds an entity's counts computed elsewhere (`build --from-counts`); false if it is
    /// already there.
    pub fn add_node(&mut self, node: Node) -> bool {
        let counts = [
            node.mentions,
            node.documents,
            node.windows,
            node.expanded_mentions,
        ];
        match self.nodes.entry(node.entity) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(counts);
                true
            }
        }
    }

    pub fn has_node(&self, entity: EntityId) -> bool {
        self.nodes.contains_key(&entity)
    }

    /// Adds a pair's counts computed elsewhere; false if the pair is already there.
    pub fn add_edge(&mut self, a: EntityId, b: EntityId, edge: Edge) -> bool {
        let key = (a.min(b), a.max(b));
        match self.edges.entry(key) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(edge);
                true
            }
        }
    }

    /// Sets the number of documents and windows counted elsewhere (the N of PMI).
    pub fn set_totals(&mut self, documents: usize, windows: u64) {
        self.documents = documents;
        self.windows = windows;
    }

    /// The graph, without edges shared in fewer than `min_count` windows (direct and expanded).
    pub fn finish(self, min_count: u64) -> CoGraph {
        let mut nodes: Vec<(EntityId, [u64; 4])> = self.nodes.into_iter().collect();
        nodes.sort_unstable_by_key(|(e, _)| *e);
        let mut graph = UnGraph::with_capacity(nodes.len(), self.edges.len());
        let mut index = HashMap::with_capacity(nodes.len());
        for (entity, [mentions, documents, windows, expanded_mentions]) in nodes {
            let n = graph.add_node(Node {
                entity,
                mentions,
                documents,
                windows,
                expanded_mentions,
            });
            index.insert(entity, n);
        }
        let mut edges: Vec<((EntityId, EntityId), Edge)> = self
            .edges
            .into_iter()
            .filter(|(_, e)| e.sentences + e.expanded_sentences >= min_count)
            .collect();
        edges.sort_unstable_by_key(|(pair, _)| *pair);
        for ((a, b), edge) in edges {
            graph.add_edge(index[&a], index[&b], edge);
        }
        CoGraph {
            graph,
            index,
            documents: self.documents,
            windows: self.windows,
        }
    }
}

/// How two entities are related in the gazetteer, as opposed to co-occurring in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The source lies within the target (通州区 → 北京市 → 中国).
    Within,
    /// The source is a composite and the target one of its members (京津冀 → 北京市).
    Member,
}

/// The hierarchy and membership of a set of entities: a directed graph whose edges are typed
/// [`Relation`]s, kept apart from the co-occurrence graph.
#[derive(Debug, Default)]
pub struct Structure {
    pub graph: DiGraph<EntityId, Relation>,
    index: HashMap<EntityId, NodeIndex>,
}

impl Structure {
    /// Builds the structure of `entities` from their parents and members (only relations
    /// between entities in the set are kept). `parent` and `members` look entities up.
    pub fn new(
        entities: &[EntityId],
        parent: impl Fn(EntityId) -> Option<EntityId>,
        members: impl Fn(EntityId) -> Vec<EntityId>,
    ) -> Structure {
        let mut s = Structure::default();
        for &e in entities {
            let n = s.graph.add_node(e);
            s.index.insert(e, n);
        }
        for &e in entities {
            let from = s.index[&e];
            if let Some(&to) = parent(e).and_then(|p| s.index.get(&p)) {
                s.graph.add_edge(from, to, Relation::Within);
            }
            for m in members(e) {
                if let Some(&to) = s.index.get(&m) {
                    s.graph.add_edge(from, to, Relation::Member);
                }
            }
        }
        s
    }

    pub fn node(&self, entity: EntityId) -> Option<NodeIndex> {
        self.index.get(&entity).copied()
    }

    /// The entities an entity lies within, nearest first.
    pub fn ancestors(&self, entity: EntityId) -> Vec<EntityId> {
        let mut out = Vec::new();
        let mut cur = self.node(entity);
        while let Some(n) = cur {
            cur = self
                .graph
                .edges(n)
                .find(|e| *e.weight() == Relation::Within)
                .map(|e| petgraph::visit::EdgeRef::target(&e));
            if let Some(p) = cur {
                out.push(self.graph[p]);
            }
        }
        out
    }

    /// The members of a composite.
    pub fn members(&self, entity: EntityId) -> Vec<EntityId> {
        let Some(n) = self.node(entity) else {
            return Vec::new();
        };
        let mut out: Vec<EntityId> = self
            .graph
            .edges(n)
            .filter(|e| *e.weight() == Relation::Member)
            .map(|e| self.graph[petgraph::visit::EdgeRef::target(&e)])
            .collect();
        out.sort_unstable();
        out
    }
}

/// The finished co-occurrence graph.
#[derive(Debug)]
pub struct CoGraph {
    pub graph: UnGraph<Node, Edge>,
    index: HashMap<EntityId, NodeIndex>,
    /// Number of documents that went into it.
    pub documents: usize,
    /// Number of windows of those documents (the N of PMI).
    pub windows: u64,
}

impl CoGraph {
    pub fn node(&self, entity: EntityId) -> Option<NodeIndex> {
        self.index.get(&entity).copied()
    }

    pub fn edge_between(&self, a: EntityId, b: EntityId) -> Option<&Edge> {
        let e = self.graph.find_edge(self.node(a)?, self.node(b)?)?;
        Some(&self.graph[e])
    }

    /// Pointwise mutual information of a pair over windows, `log(p(a,b) / (p(a) p(b)))` with
    /// `p(x) = windows with x / all windows` (direct mentions only); `None` when they never
    /// share a window directly.
    pub fn pmi(&self, a: NodeIndex, b: NodeIndex, edge: &Edge) -> Option<f64> {
        let n = self.windows as f64;
        let (na, nb) = (self.graph[a].windows as f64, self.graph[b].windows as f64);
        if edge.sentences == 0 || na == 0.0 || nb == 0.0 || n == 0.0 {
            return None;
        }
        let pab = edge.sentences as f64 / n;
        Some((pab / ((na / n) * (nb / n))).ln())
    }

    /// Normalised PMI, `pmi / -log p(a,b)`, in [-1, 1]: 1 when the two only ever occur together.
    pub fn npmi(&self, a: NodeIndex, b: NodeIndex, edge: &Edge) -> Option<f64> {
        let pmi = self.pmi(a, b, edge)?;
        let pab = edge.sentences as f64 / self.windows as f64;
        if pab >= 1.0 {
            return Some(1.0);
        }
        Some(pmi / -pab.ln())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(window: usize, entity: EntityId) -> GraphMention {
        GraphMention::direct(window, entity)
    }

    fn x(window: usize, entity: EntityId) -> GraphMention {
        GraphMention {
            expanded: true,
            ..GraphMention::direct(window, entity)
        }
    }

    #[test]
    fn a_nested_name_pairs_with_all_but_its_container() {
        // Window 0: 20 河北省交通运输厅 with 13 河北省 nested in it, and 7 京雄城际; window 1
        // names 13 on its own besides the nested one (河北省 … 河北省交通运输厅): a pair.
        let mut b = GraphBuilder::new();
        b.add_document(
            0,
            2,
            None,
            [
                m(0, 20),
                GraphMention::nested(0, 13, 20),
                m(0, 7),
                m(1, 13),
                m(1, 20),
                GraphMention::nested(1, 13, 20),
            ],
        );
        let g = b.finish(1);
        assert_eq!(g.edge_between(7, 13).unwrap().sentences, 1);
        assert_eq!(g.edge_between(7, 20).unwrap().sentences, 1);
        assert_eq!(
            g.edge_between(13, 20).unwrap().sentences,
            1,
            "window 1 only"
        );
        let n13 = g.graph[g.node(13).unwrap()];
        assert_eq!((n13.mentions, n13.windows), (3, 2));
    }

    #[test]
    fn expanded_members_are_counted_apart() {
        // Window 0 names 京津冀 (10) and 雄安 (4); its members 1, 2, 3 are credited.
        let mut b = GraphBuilder::new();
        b.add_document(
            0,
            2,
            None,
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
        let g = b.finish(1);
        let e12 = g.edge_between(1, 2).unwrap();
        assert_eq!(
            (e12.sentences, e12.documents),
            (1, 1),
            "only window 1 names both"
        );
        assert_eq!((e12.expanded_sentences, e12.expanded_documents), (1, 1));
        let e4_10 = g.edge_between(4, 10).unwrap();
        assert_eq!((e4_10.sentences, e4_10.expanded_sentences), (1, 0));
        let e3_4 = g.edge_between(3, 4).unwrap();
        assert_eq!((e3_4.sentences, e3_4.expanded_sentences), (0, 1));
        assert_eq!(e3_4.weight(), 1.0);
        let n1 = g.graph[g.node(1).unwrap()];
        assert_eq!(
            (n1.mentions, n1.documents, n1.windows, n1.expanded_mentions),
            (1, 1, 1, 1)
        );
    }

    #[test]
    fn structure_keeps_hierarchy_and_membership_apart() {
        // 0 中国 ← 1 北京 ← 3 通州; 0 ← 2 天津; 4 京津冀 has members 1 and 2.
        let parents = [None, Some(0), Some(0), Some(1), None];
        let members = |e: EntityId| if e == 4 { vec![1, 2] } else { vec![] };
        let s = Structure::new(&[0, 1, 2, 3, 4], |e| parents[e as usize], members);
        assert_eq!(s.ancestors(3), [1, 0]);
        assert_eq!(s.members(4), [1, 2]);
        assert_eq!(s.graph.edge_count(), 5);
        // Only entities in the set are related.
        let s = Structure::new(&[3, 4], |e| parents[e as usize], members);
        assert_eq!(s.graph.edge_count(), 0);
    }

    #[test]
    fn counts_windows_documents_months_and_association() {
        let mut b = GraphBuilder::new();
        // doc 0 (2019-01): {1,2} in w0, {1,2,3} in w1, 1 twice in w1; 4 windows in all
        b.add_document(
            0,
            4,
            Some("2019-01"),
            [m(0, 1), m(0, 2), m(1, 1), m(1, 1), m(1, 3), m(1, 2)],
        );
        // doc 1 (undated): {1,2} in w0, 3 alone in w3; 4 windows
        b.add_document(1, 4, None, [m(0, 2), m(0, 1), m(3, 3)]);
        let g = b.finish(1);
        assert_eq!(
            (
                g.graph.node_count(),
                g.graph.edge_count(),
                g.documents,
                g.windows
            ),
            (3, 3, 2, 8)
        );
        let e12 = g.edge_between(1, 2).unwrap();
        assert_eq!(
            (e12.sentences, e12.documents, e12.evidence.clone()),
            (3, 2, vec![0, 1])
        );
        assert_eq!(e12.months.get("2019-01"), Some(&2));
        let e13 = g.edge_between(3, 1).unwrap();
        assert_eq!((e13.sentences, e13.documents), (1, 1));
        let n1 = g.graph[g.node(1).unwrap()];
        assert_eq!((n1.mentions, n1.documents, n1.windows), (4, 2, 3));
        // 1 and 2 share every window either is in: p(1,2) = 3/8, p(1) = p(2) = 3/8.
        let (a, b2) = (g.node(1).unwrap(), g.node(2).unwrap());
        let pmi = g.pmi(a, b2, e12).unwrap();
        assert!((pmi - (8.0f64 / 3.0).ln()).abs() < 1e-12, "{pmi}");
        assert!((g.npmi(a, b2, e12).unwrap() - 1.0).abs() < 1e-12);
        // min_count prunes edges, not nodes.
        let mut b = GraphBuilder::new();
        b.add_document(0, 1, None, [m(0, 1), m(0, 2)]);
        let g = b.finish(2);
        assert_eq!((g.graph.node_count(), g.graph.edge_count()), (2, 0));
    }
}
