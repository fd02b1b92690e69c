//! The RDF model: IRIs, vocabulary and the quads for entities, documents, mentions and
//! co-occurrence edges. `docs/vocabulary.md` describes the same model for people.
//!
//! Named graphs: one for the gazetteer (`GAZETTEER_GRAPH`), one per document (its IRI), one for
//! the derived co-occurrence graph (`COOCCURRENCE_GRAPH`) and one for store metadata
//! (`META_GRAPH`). Quads come out in a fixed order, so the same input gives the same dump.

use crate::catalog::Catalog;
use crate::corpus::Document;
use crate::gazetteer::subtype::Subtype;
use crate::gazetteer::{Entity, EntityId, EntityType};
use crate::graph::{CoGraph, Window};
use crate::recognise::Mention;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use petgraph::graph::NodeIndex;
use std::collections::HashMap;

/// The regionkg vocabulary namespace.
pub const NS: &str = "https://w3id.org/regionkg/ns#";
/// Base of resource IRIs (entities, documents, mentions, pairs).
pub const ID: &str = "https://w3id.org/regionkg/id/";
pub const GAZETTEER_GRAPH: &str = "https://w3id.org/regionkg/id/graph/gazetteer";
pub const COOCCURRENCE_GRAPH: &str = "https://w3id.org/regionkg/id/graph/cooccurrence";
pub const META_GRAPH: &str = "https://w3id.org/regionkg/id/graph/meta";
/// The store's own IRI; it carries the format version in the meta graph.
pub const STORE: &str = "https://w3id.org/regionkg/id/store";
/// Version of the RDF layout; bumped when it changes incompatibly.
pub const FORMAT_VERSION: &str = "3";

pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const SCHEMA: &str = "https://schema.org/";
pub const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
pub const ITSRDF: &str = "http://www.w3.org/2005/11/its/rdf#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";

/// Prefixes used in queries and shown in tables.
pub const PREFIXES: &[(&str, &str)] = &[
    ("rkg", NS),
    ("id", ID),
    ("skos", SKOS),
    ("schema", SCHEMA),
    ("nif", NIF),
    ("itsrdf", ITSRDF),
    ("prov", PROV),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

fn iri(s: impl Into<String>) -> NamedNode {
    NamedNode::new_unchecked(s)
}

fn term(ns: &str, local: &str) -> NamedNode {
    iri(format!("{ns}{local}"))
}

pub fn rkg(local: &str) -> NamedNode {
    term(NS, local)
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so any id makes a valid IRI.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The entity id an entity IRI stands for (the inverse of [`entity_iri`]).
pub fn entity_id_of_iri(iri: &str) -> Option<String> {
    let encoded = iri.strip_prefix(ID)?.strip_prefix("entity/")?;
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// IRI of a gazetteer entity: `id/entity/<percent-encoded id>`.
pub fn entity_iri(entity: &Entity) -> NamedNode {
    entity_iri_of(&entity.id)
}

/// IRI of the entity with this id (gazetteer id, or `rule:NAME`).
pub fn entity_iri_of(id: &str) -> NamedNode {
    iri(format!("{ID}entity/{}", encode_segment(id)))
}

pub use crate::text::sha256_hex;

/// IRI of a document: from a hash of its id, so it is stable whatever the id contains.
pub fn document_iri(doc_id: &str) -> NamedNode {
    iri(format!("{ID}doc/{}", &sha256_hex(doc_id)[..24]))
}

fn int(n: impl Into<i64>) -> Literal {
    Literal::new_typed_literal(n.into().to_string(), xsd::INTEGER)
}

fn zh(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "zh")
}

/// Collects quads into one graph.
struct Sink<'a> {
    graph: GraphName,
    out: &'a mut Vec<Quad>,
}

impl Sink<'_> {
    fn add(&mut self, s: &NamedNode, p: NamedNode, o: impl Into<Term>) {
        self.out
            .push(Quad::new(s.clone(), p, o.into(), self.graph.clone()));
    }
}

fn class_of(entity: &Entity) -> (&'static str, &'static str) {
    match entity.kind {
        EntityType::Place if entity.code.is_some() => ("Place", "AdministrativeArea"),
        EntityType::Place => ("Place", "Place"),
        EntityType::Zone => ("Zone", "Place"),
        EntityType::Institution if Subtype::of(&entity.subtype) == Subtype::Government => {
            ("Institution", "GovernmentOrganization")
        }
        EntityType::Institution => ("Institution", "Organization"),
        EntityType::Project => ("Project", "Project"),
        EntityType::Plan => ("Plan", "CreativeWork"),
    }
}

/// The entities a store describes: those in `mentioned`, with their ancestors and the members of
/// composites among them (and those members' ancestors), so hierarchy and membership questions
/// can be answered without storing the whole gazetteer. Sorted by gazetteer order.
pub fn entity_closure(
    gazetteer: &Catalog,
    mentioned: impl IntoIterator<Item = EntityId>,
) -> Vec<EntityId> {
    let mut keep = vec![false; gazetteer.len()];
    let mut stack: Vec<EntityId> = mentioned.into_iter().collect();
    while let Some(e) = stack.pop() {
        if std::mem::replace(&mut keep[e as usize], true) {
            continue;
        }
        stack.extend(gazetteer.parent(e));
        stack.extend(
            gazetteer
                .entity(e)
                .members
                .iter()
                .filter_map(|m| gazetteer.find(m)),
        );
    }
    (0..gazetteer.len() as EntityId)
        .filter(|&e| keep[e as usize])
        .collect()
}

/// Quads describing the given gazetteer entities, in the gazetteer graph.
pub fn gazetteer_quads(gazetteer: &Catalog, entities: &[EntityId], out: &mut Vec<Quad>) {
    let mut sink = Sink {
        graph: iri(GAZETTEER_GRAPH).into(),
        out,
    };
    let place_like = |e: &Entity| matches!(e.kind, EntityType::Place | EntityType::Zone);
    for &i in entities {
        let e = gazetteer.entity(i);
        let s = entity_iri(e);
        let (ours, schema_class) = class_of(e);
        sink.add(&s, rdf::TYPE.into(), rkg(ours));
        sink.add(&s, rdf::TYPE.into(), term(SCHEMA, schema_class));
        sink.add(&s, rkg("id"), Literal::from(e.id.as_str()));
        sink.add(&s, term(SKOS, "prefLabel"), zh(&e.name));
        for a in &e.aliases {
            sink.add(&s, term(SKOS, "altLabel"), zh(a));
        }
        for a in &e.context_aliases {
            sink.add(&s, rkg("contextLabel"), zh(a));
        }
        if !e.subtype.is_empty() {
            sink.add(&s, rkg("subtype"), Literal::from(e.subtype.as_str()));
        }
        if let Some(code) = &e.code {
            sink.add(&s, term(SKOS, "notation"), Literal::from(code.as_str()));
        }
        if let Some(p) = gazetteer.parent(i) {
            let parent = gazetteer.entity(p);
            sink.add(&s, rkg("parent"), entity_iri(parent));
            if place_like(e) && place_like(parent) {
                sink.add(&s, term(SCHEMA, "containedInPlace"), entity_iri(parent));
            }
        }
        for m in &e.members {
            let member = gazetteer
                .find(m)
                .expect("members were validated when the gazetteer was loaded");
            sink.add(&s, rkg("member"), entity_iri(gazetteer.entity(member)));
        }
        if let Some((lon, lat)) = e.coordinates {
            sink.add(&s, term(SCHEMA, "longitude"), Literal::from(lon));
            sink.add(&s, term(SCHEMA, "latitude"), Literal::from(lat));
        }
        if let Some(rule) = gazetteer.rule(i) {
            sink.add(&s, rkg("unlinked"), Literal::from(true));
            sink.add(&s, rkg("foundBy"), Literal::from(rule.as_str()));
        }
    }
}

/// Quads for one document and its mentions, in the document's own graph.
/// `entities[i]` is the catalog id of `mentions[i]`.
pub fn document_quads(
    doc: &Document,
    content_hash: &str,
    mentions: &[Mention],
    entities: &[EntityId],
    gazetteer: &Catalog,
    out: &mut Vec<Quad>,
) {
    let d = document_iri(&doc.id);
    let mut sink = Sink {
        graph: d.clone().into(),
        out,
    };
    sink.add(&d, rdf::TYPE.into(), rkg("Document"));
    sink.add(&d, rdf::TYPE.into(), term(NIF, "Context"));
    sink.add(&d, rkg("docId"), Literal::from(doc.id.as_str()));
    sink.add(
        &d,
        rkg("sourcePath"),
        Literal::from(doc.path.to_string_lossy().as_ref()),
    );
    if let Some(line) = doc.line {
        sink.add(&d, rkg("sourceLine"), int(line as i64));
    }
    if let Some(title) = &doc.title {
        sink.add(&d, term(SCHEMA, "headline"), zh(title));
    }
    if let Some(date) = &doc.date {
        sink.add(
            &d,
            term(SCHEMA, "datePublished"),
            Literal::new_typed_literal(date.as_str(), xsd::DATE_TIME),
        );
    }
    if let Some(source) = &doc.source {
        sink.add(
            &d,
            term(SCHEMA, "publisher"),
            Literal::from(source.as_str()),
        );
    }
    if let Some(channel) = &doc.channel {
        sink.add(&d, rkg("channel"), zh(channel));
    }
    sink.add(&d, rkg("contentHash"), Literal::from(content_hash));
    sink.add(&d, rkg("sentenceCount"), int(doc.sentences.len() as i64));
    sink.add(
        &d,
        rkg("characterCount"),
        int(doc.text.chars().count() as i64),
    );
    for (m, &entity) in mentions.iter().zip(entities) {
        let node = iri(format!("{}/m{}-{}", d.as_str(), m.start, m.end));
        sink.add(&node, rdf::TYPE.into(), rkg("Mention"));
        sink.add(&node, rdf::TYPE.into(), term(NIF, "Phrase"));
        sink.add(&node, term(NIF, "referenceContext"), d.clone());
        sink.add(&node, term(NIF, "beginIndex"), int(m.start as i64));
        sink.add(&node, term(NIF, "endIndex"), int(m.end as i64));
        sink.add(&node, term(NIF, "anchorOf"), Literal::from(m.text.as_str()));
        sink.add(&node, rkg("sentence"), int(m.sentence as i64));
        sink.add(
            &node,
            term(ITSRDF, "taIdentRef"),
            entity_iri(gazetteer.entity(entity)),
        );
        sink.add(
            &node,
            rkg("resolution"),
            Literal::from(m.resolution.as_str()),
        );
    }
}

/// Quads of the co-occurrence graph: per-entity counts, an n-ary node per pair, and a plain
/// `rkg:coOccursWith` shortcut in both directions. `doc_ids[i]` is the id of document `i`.
pub fn cooccurrence_quads(
    graph: &CoGraph,
    window: Window,
    gazetteer: &Catalog,
    doc_ids: &[String],
    out: &mut Vec<Quad>,
) {
    let mut sink = Sink {
        graph: iri(COOCCURRENCE_GRAPH).into(),
        out,
    };
    entity_count_quads(graph, gazetteer, &mut sink);
    let ranks = PairRanks::of(graph, gazetteer);
    for e in graph.graph.edge_indices() {
        pair_quads(graph, e, window, gazetteer, doc_ids, &ranks, &mut sink);
    }
}

/// Per-entity counts, and the rank of each unlinked entity.
fn entity_count_quads(graph: &CoGraph, gazetteer: &Catalog, sink: &mut Sink) {
    // Unlinked entities ranked by mentions, then name, so "which names did the rules find"
    // needs no sort over every unlinked entity at query time.
    let mut unlinked: Vec<(std::cmp::Reverse<u64>, &str, EntityId)> = graph
        .graph
        .node_weights()
        .filter(|n| gazetteer.rule(n.entity).is_some())
        .map(|n| {
            let e = gazetteer.entity(n.entity);
            (std::cmp::Reverse(n.mentions), e.name.as_str(), n.entity)
        })
        .collect();
    unlinked.sort();
    for (rank, (_, _, entity)) in unlinked.iter().enumerate() {
        let s = entity_iri(gazetteer.entity(*entity));
        sink.add(&s, rkg("unlinkedRank"), int(rank as i64 + 1));
    }
    for n in graph.graph.node_weights() {
        let s = entity_iri(gazetteer.entity(n.entity));
        sink.add(&s, rkg("mentionCount"), int(n.mentions as i64));
        sink.add(&s, rkg("documentCount"), int(n.documents as i64));
        sink.add(&s, rkg("windowCount"), int(n.windows as i64));
        if n.expanded_mentions > 0 {
            sink.add(
                &s,
                rkg("expandedMentionCount"),
                int(n.expanded_mentions as i64),
            );
        }
    }
}

/// A pair's two entities, ordered by id, with their graph nodes.
fn endpoints<'c>(
    graph: &CoGraph,
    gazetteer: &'c Catalog,
    e: petgraph::graph::EdgeIndex,
) -> (NodeIndex, NodeIndex, &'c Entity, &'c Entity) {
    let (a, b) = graph.graph.edge_endpoints(e).expect("edge exists");
    let (ea, eb) = (
        gazetteer.entity(graph.graph[a].entity),
        gazetteer.entity(graph.graph[b].entity),
    );
    let (ea, eb) = if ea.id <= eb.id { (ea, eb) } else { (eb, ea) };
    (a, b, ea, eb)
}

/// How pairs are ranked: by shared windows, then documents (most first), then ids.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct PairKey {
    windows: std::cmp::Reverse<u64>,
    documents: std::cmp::Reverse<u64>,
    source: String,
    target: String,
    types: (EntityType, EntityType),
}

/// Ranks computed here so the common questions need no sort over every pair at query time
/// (ORDER BY over all pairs took seconds on a 5,800-post store): rkg:rank over all pairs and
/// rkg:typeRank within the pairs of the same two types.
struct PairRanks {
    rank: HashMap<petgraph::graph::EdgeIndex, usize>,
    type_rank: HashMap<petgraph::graph::EdgeIndex, usize>,
}

impl PairRanks {
    fn of(graph: &CoGraph, gazetteer: &Catalog) -> PairRanks {
        let key = |e: petgraph::graph::EdgeIndex| {
            let (_, _, ea, eb) = endpoints(graph, gazetteer, e);
            let edge = &graph.graph[e];
            PairKey {
                windows: std::cmp::Reverse(edge.sentences),
                documents: std::cmp::Reverse(edge.documents),
                source: ea.id.clone(),
                target: eb.id.clone(),
                types: (ea.kind, eb.kind),
            }
        };
        let mut order: Vec<_> = graph.graph.edge_indices().map(|e| (key(e), e)).collect();
        order.sort();
        let mut ranks = PairRanks {
            rank: HashMap::new(),
            type_rank: HashMap::new(),
        };
        let mut per_type: HashMap<(EntityType, EntityType), usize> = HashMap::new();
        for (i, (k, e)) in order.iter().enumerate() {
            ranks.rank.insert(*e, i + 1);
            let n = per_type.entry(k.types).or_default();
            *n += 1;
            ranks.type_rank.insert(*e, *n);
        }
        ranks
    }
}

/// The quads of one pair: its n-ary node with counts, ranks, association, monthly counts and
/// evidence, and the plain `rkg:coOccursWith` shortcut.
fn pair_quads(
    graph: &CoGraph,
    e: petgraph::graph::EdgeIndex,
    window: Window,
    gazetteer: &Catalog,
    doc_ids: &[String],
    ranks: &PairRanks,
    sink: &mut Sink,
) {
    let (a, b, ea, eb) = endpoints(graph, gazetteer, e);
    let edge = &graph.graph[e];
    let (ia, ib) = (entity_iri(ea), entity_iri(eb));
    let pair = iri(format!(
        "{ID}pair/{}/{}/{}",
        window.as_str(),
        encode_segment(&ea.id),
        encode_segment(&eb.id)
    ));
    sink.add(&pair, rdf::TYPE.into(), rkg("CoOccurrence"));
    sink.add(&pair, rkg("source"), ia.clone());
    sink.add(&pair, rkg("target"), ib.clone());
    // The project and the place of a project–place pair, so that "which projects link
    // which regions" needs no UNION over source and target and no class test (with them
    // Oxigraph's plan for regions-linked-by-project took 0.9 s on the 5,801 posts).
    match (ea.kind, eb.kind) {
        (EntityType::Project, EntityType::Place) => {
            sink.add(&pair, rkg("project"), ia.clone());
            sink.add(&pair, rkg("place"), ib.clone());
        }
        (EntityType::Place, EntityType::Project) => {
            sink.add(&pair, rkg("project"), ib.clone());
            sink.add(&pair, rkg("place"), ia.clone());
        }
        _ => {}
    }
    sink.add(&pair, rkg("window"), Literal::from(window.as_str()));
    sink.add(&pair, rkg("windowCount"), int(edge.sentences as i64));
    if window == Window::Sentence {
        sink.add(&pair, rkg("sentenceCount"), int(edge.sentences as i64));
    }
    sink.add(&pair, rkg("documentCount"), int(edge.documents as i64));
    sink.add(&pair, rkg("rank"), int(ranks.rank[&e] as i64));
    sink.add(&pair, rkg("typeRank"), int(ranks.type_rank[&e] as i64));
    if let Some(pmi) = graph.pmi(a, b, edge) {
        sink.add(&pair, rkg("pmi"), Literal::from(pmi));
    }
    if let Some(npmi) = graph.npmi(a, b, edge) {
        sink.add(&pair, rkg("npmi"), Literal::from(npmi));
    }
    for (month, count) in &edge.months {
        let node = iri(format!("{}/{month}", pair.as_str()));
        sink.add(&node, rdf::TYPE.into(), rkg("MonthlyCount"));
        sink.add(&node, rkg("pair"), pair.clone());
        sink.add(
            &node,
            rkg("month"),
            Literal::new_typed_literal(month.as_str(), xsd::G_YEAR_MONTH),
        );
        sink.add(&node, rkg("windowCount"), int(*count as i64));
    }
    if edge.expanded_sentences > 0 {
        sink.add(
            &pair,
            rkg("expandedWindowCount"),
            int(edge.expanded_sentences as i64),
        );
        sink.add(
            &pair,
            rkg("expandedDocumentCount"),
            int(edge.expanded_documents as i64),
        );
    }
    sink.add(&pair, rkg("weight"), Literal::from(edge.weight()));
    for &doc in &edge.evidence {
        sink.add(&pair, rkg("evidence"), document_iri(&doc_ids[doc]));
    }
    // The shortcut means the two are named together, not only credited through a composite.
    if edge.sentences > 0 {
        sink.add(&ia, rkg("coOccursWith"), ib.clone());
        sink.add(&ib, rkg("coOccursWith"), ia);
    }
}

/// What the meta graph says about how a store was built.
pub struct StoreMeta<'a> {
    pub gazetteer_hash: &'a str,
    /// The canonical paths the store was built from.
    pub inputs: &'a [String],
    pub expand_composites: bool,
    pub window: Window,
    /// The recognition options.
    pub recognition: &'a str,
    /// Whether each document has its own graph of mentions (not in a store built from counts).
    pub document_graphs: bool,
}

/// Quads of the meta graph: what this store is and how it was built, and its totals
/// (`documentTotal`, ...) as `rkg:` properties.
pub fn meta_quads(meta: &StoreMeta, summary: &[(&str, i64)], out: &mut Vec<Quad>) {
    let StoreMeta {
        gazetteer_hash,
        inputs,
        expand_composites,
        window,
        recognition,
        document_graphs,
    } = *meta;
    let mut sink = Sink {
        graph: iri(META_GRAPH).into(),
        out,
    };
    let s = iri(STORE);
    sink.add(&s, rdf::TYPE.into(), rkg("Store"));
    sink.add(&s, rkg("formatVersion"), Literal::from(FORMAT_VERSION));
    sink.add(
        &s,
        rkg("generator"),
        Literal::from(concat!("regionkg ", env!("CARGO_PKG_VERSION"))),
    );
    sink.add(&s, rkg("gazetteerHash"), Literal::from(gazetteer_hash));
    sink.add(&s, rkg("window"), Literal::from(window.as_str()));
    sink.add(
        &s,
        rkg("expandComposites"),
        Literal::from(expand_composites),
    );
    sink.add(&s, rkg("recognition"), Literal::from(recognition));
    // Built from an engine's counts, a store has no graph per document (the mentions stay in
    // the engine's Parquet): questions about documents and mentions have no answers there.
    sink.add(&s, rkg("documentGraphs"), Literal::from(document_graphs));
    for input in inputs {
        sink.add(&s, rkg("input"), Literal::from(input.as_str()));
    }
    for (name, value) in summary {
        sink.add(&s, rkg(name), int(*value));
    }
    // The build that made the store, as a PROV activity (no timestamps: the same input gives
    // the same store).
    let build = iri(format!("{ID}build"));
    sink.add(&build, rdf::TYPE.into(), term(PROV, "Activity"));
    sink.add(&build, term(PROV, "generated"), s.clone());
    sink.add(&build, rkg("gazetteerHash"), Literal::from(gazetteer_hash));
    sink.add(&build, rkg("window"), Literal::from(window.as_str()));
    sink.add(
        &build,
        rkg("weighting"),
        Literal::from("windowCount, documentCount, pmi, npmi"),
    );
    for input in inputs {
        sink.add(&build, term(PROV, "used"), Literal::from(input.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_are_safe_for_any_id() {
        for id in ["110112", "a b", "<&\">", "通州|x", "a/b#c?d"] {
            let s = format!("{ID}entity/{}", encode_segment(id));
            assert!(NamedNode::new(&s).is_ok(), "{s}");
        }
        assert_eq!(encode_segment("a b/通"), "a%20b%2F%E9%80%9A");
        for id in ["110112", "rule:河北省交通运输厅", "a b/#%"] {
            let iri = format!("{ID}entity/{}", encode_segment(id));
            assert_eq!(entity_id_of_iri(&iri).as_deref(), Some(id));
        }
        assert_eq!(document_iri("x.md"), document_iri("x.md"));
        assert_ne!(document_iri("x.md"), document_iri("y.md"));
    }
}
