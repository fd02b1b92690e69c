//! City-network analysis of co-occurrence, the way regional scientists do it (Hu et al. 2020;
//! Wang, Meijers & Wang 2023; Liu et al. 2014): documents mention places; two places mentioned in
//! the same document (or sentence) are linked; the network is rolled up to one administrative
//! level and measured.
//!
//! - [`Corpus`]: what a store says about each document (its entities, date and channel) and
//!   about each entity (type, subtype, parent, members, coordinates), read with SPARQL.
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

use crate::error::Result;
use crate::graphml::{select, text};
use crate::rdf::GAZETTEER_GRAPH;
use crate::store::Store;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

// ---------------------------------------------------------------------------------------------
// The corpus as the store holds it
// ---------------------------------------------------------------------------------------------

/// An entity of the store, with what roll-up and geography need.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EntityInfo {
    pub id: String,
    pub label: String,
    /// Place, Zone, Institution, Project or Plan.
    pub kind: String,
    pub subtype: String,
    /// Index of the parent entity, if the store has it.
    pub parent: Option<usize>,
    /// Indices of the members (composites).
    pub members: Vec<usize>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    /// Other names (for finding a channel's region).
    pub aliases: Vec<String>,
}

/// A document: the entities it mentions (with the sentence of each mention), its date and
/// channel.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocInfo {
    pub id: String,
    /// `YYYY-MM-DD...` when the document has a date.
    pub date: Option<String>,
    pub channel: Option<String>,
    /// (entity index, sentence), sorted.
    pub mentions: Vec<(usize, usize)>,
}

/// Documents and entities of a store.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub entities: Vec<EntityInfo>,
    pub documents: Vec<DocInfo>,
}

impl Corpus {
    /// Reads the documents, mentions and entities of a store.
    pub fn from_store(store: &Store) -> Result<Corpus> {
        let g = GAZETTEER_GRAPH;
        let rows = select(
            store,
            &format!(
                "SELECT ?e ?id ?label ?type ?subtype ?lon ?lat WHERE {{
                   GRAPH <{g}> {{
                     ?e rkg:id ?id ; skos:prefLabel ?label ; a ?class .
                     VALUES ?class {{ rkg:Place rkg:Zone rkg:Institution rkg:Project rkg:Plan }}
                     BIND(STRAFTER(STR(?class), STR(rkg:)) AS ?type)
                   }}
                   OPTIONAL {{ GRAPH <{g}> {{ ?e rkg:subtype ?subtype }} }}
                   OPTIONAL {{ GRAPH <{g}> {{ ?e schema:longitude ?lon ; schema:latitude ?lat }} }}
                 }}"
            ),
        )?;
        let mut by_iri: BTreeMap<String, EntityInfo> = BTreeMap::new();
        for r in &rows {
            by_iri.insert(
                text(&r[0]),
                EntityInfo {
                    id: text(&r[1]),
                    label: text(&r[2]),
                    kind: text(&r[3]),
                    subtype: text(&r[4]),
                    lon: text(&r[5]).parse().ok(),
                    lat: text(&r[6]).parse().ok(),
                    ..EntityInfo::default()
                },
            );
        }
        // Sorted by id, so indices (and every result) are deterministic.
        let mut order: Vec<(String, String)> = by_iri
            .iter()
            .map(|(iri, e)| (e.id.clone(), iri.clone()))
            .collect();
        order.sort();
        let index: HashMap<String, usize> = order
            .iter()
            .enumerate()
            .map(|(i, (_, iri))| (iri.clone(), i))
            .collect();
        let mut entities: Vec<EntityInfo> =
            order.iter().map(|(_, iri)| by_iri[iri].clone()).collect();
        let links = |p: &str| -> Result<Vec<(usize, usize)>> {
            Ok(select(
                store,
                &format!("SELECT ?a ?b WHERE {{ GRAPH <{g}> {{ ?a {p} ?b }} }}"),
            )?
            .iter()
            .filter_map(|r| Some((*index.get(&text(&r[0]))?, *index.get(&text(&r[1]))?)))
            .collect())
        };
        for (a, b) in links("rkg:parent")? {
            entities[a].parent = Some(b);
        }
        for (a, b) in links("rkg:member")? {
            entities[a].members.push(b);
        }
        for r in select(
            store,
            &format!("SELECT ?e ?alias WHERE {{ GRAPH <{g}> {{ ?e skos:altLabel ?alias }} }}"),
        )? {
            if let Some(&i) = index.get(&text(&r[0])) {
                entities[i].aliases.push(text(&r[1]));
            }
        }
        for e in &mut entities {
            e.members.sort_unstable();
            e.aliases.sort();
        }
        let docs = select(
            store,
            "SELECT ?d ?id ?date ?channel WHERE {
               GRAPH ?d { ?d a rkg:Document ; rkg:docId ?id }
               OPTIONAL { GRAPH ?d { ?d schema:datePublished ?date } }
               OPTIONAL { GRAPH ?d { ?d rkg:channel ?channel } }
             }",
        )?;
        let mut documents: BTreeMap<String, DocInfo> = BTreeMap::new();
        for r in &docs {
            documents.insert(
                text(&r[0]),
                DocInfo {
                    id: text(&r[1]),
                    date: r[2].as_ref().map(|_| text(&r[2])),
                    channel: r[3].as_ref().map(|_| text(&r[3])),
                    mentions: Vec::new(),
                },
            );
        }
        for r in select(
            store,
            "SELECT ?d ?e ?s WHERE {
               GRAPH ?d { ?m nif:referenceContext ?d ; itsrdf:taIdentRef ?e ; rkg:sentence ?s }
             }",
        )? {
            let (Some(doc), Some(&e)) = (documents.get_mut(&text(&r[0])), index.get(&text(&r[1])))
            else {
                continue;
            };
            doc.mentions.push((e, text(&r[2]).parse().unwrap_or(0)));
        }
        let mut documents: Vec<DocInfo> = documents.into_values().collect();
        for d in &mut documents {
            d.mentions.sort_unstable();
            d.mentions.dedup();
        }
        documents.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Corpus {
            entities,
            documents,
        })
    }

    /// The entity with this id or name (label or alias), preferring places.
    pub fn find(&self, key: &str) -> Option<usize> {
        let pos = |f: &dyn Fn(&EntityInfo) -> bool| {
            self.entities
                .iter()
                .position(|e| f(e) && e.kind == "Place")
                .or_else(|| self.entities.iter().position(f))
        };
        pos(&|e| e.id == key)
            .or_else(|| pos(&|e| e.label == key))
            .or_else(|| pos(&|e| e.aliases.iter().any(|a| a == key)))
    }

    /// Depth in the hierarchy (0 for a root such as 中国).
    fn depth(&self, e: usize) -> usize {
        let mut d = 0;
        let mut cur = e;
        while let Some(p) = self.entities[cur].parent {
            d += 1;
            cur = p;
            if d > 64 {
                break;
            }
        }
        d
    }

    /// The entity and its ancestors, nearest first.
    fn chain(&self, e: usize) -> Vec<usize> {
        let mut out = vec![e];
        let mut cur = e;
        while let Some(p) = self.entities[cur].parent {
            if out.contains(&p) || out.len() > 64 {
                break;
            }
            out.push(p);
            cur = p;
        }
        out
    }

    /// Whether `e` is `ancestor` or lies inside it (or inside a member of it, for a composite).
    pub fn within(&self, e: usize, ancestor: usize) -> bool {
        let chain = self.chain(e);
        chain.contains(&ancestor)
            || self.entities[ancestor]
                .members
                .iter()
                .any(|m| chain.contains(m))
    }

    /// The region a channel label names (`河北频道` → 河北省, `房产济南` → 济南市), among the
    /// places of the store.
    pub fn channel_region(&self, channel: &str) -> Option<usize> {
        let name = channel.trim_end_matches("频道");
        let name = name.strip_prefix("凤凰网").unwrap_or(name);
        let name = name.strip_prefix("房产").unwrap_or(name);
        if name.is_empty() {
            return None;
        }
        self.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.kind == "Place" && (e.label == name || e.aliases.iter().any(|a| a == name))
            })
            .min_by_key(|(i, _)| (self.depth(*i), *i))
            .map(|(i, _)| i)
    }
}

// ---------------------------------------------------------------------------------------------
// Roll-up and the network view
// ---------------------------------------------------------------------------------------------

/// The administrative level a view counts at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Provinces, autonomous regions, municipalities and special administrative regions.
    Province,
    /// Prefecture-level cities, prefectures and leagues; the four municipalities and Hong Kong
    /// and Macao count as cities of their own.
    Prefecture,
    /// Districts, counties, county-level cities and banners.
    County,
    /// Every entity as it was recognised (no roll-up).
    Entity,
}

const PREFECTURE_SUBTYPES: &[&str] = &[
    "prefecture-city",
    "autonomous-prefecture",
    "prefecture",
    "league",
];
const PROVINCE_SUBTYPES: &[&str] = &[
    "province",
    "autonomous-region",
    "municipality",
    "special-administrative-region",
];
const PROVINCIAL_CITIES: &[&str] = &["municipality", "special-administrative-region"];
const COUNTY_SUBTYPES: &[&str] = &[
    "district",
    "county",
    "county-city",
    "autonomous-county",
    "banner",
    "autonomous-banner",
    "special-district",
    "forestry-district",
];

impl Corpus {
    /// The node an entity counts for at `level`: the nearest of itself and its ancestors at that
    /// level (雄安新区 → 保定市 → 河北省; 北京城市副中心 → 通州区 → 北京市), or none (a province
    /// at prefecture level, 中国, a foreign place, an institution with no place above it).
    pub fn roll_up(&self, e: usize, level: Level) -> Option<usize> {
        if level == Level::Entity {
            return Some(e);
        }
        let chain = self.chain(e);
        chain.into_iter().find(|&a| {
            let x = &self.entities[a];
            if x.kind != "Place" {
                return false;
            }
            let depth = self.depth(a);
            match level {
                Level::Province => depth == 1 && PROVINCE_SUBTYPES.contains(&x.subtype.as_str()),
                Level::Prefecture => {
                    PREFECTURE_SUBTYPES.contains(&x.subtype.as_str())
                        || (depth == 1 && PROVINCIAL_CITIES.contains(&x.subtype.as_str()))
                }
                Level::County => COUNTY_SUBTYPES.contains(&x.subtype.as_str()) && depth >= 2,
                Level::Entity => true,
            }
        })
    }
}

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

/// A network view: nodes (entity indices), how many documents name each, links, and directed
/// links from each document's home region.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// Entity indices, sorted by entity id.
    pub nodes: Vec<usize>,
    pub node_documents: Vec<usize>,
    pub links: Vec<Link>,
    /// (home node, node, documents): a document whose channel names a region links that region
    /// to every other node it names.
    pub directed: Vec<(usize, usize, usize)>,
    /// Documents counted (those naming at least one node).
    pub documents: usize,
}

impl View {
    pub fn build(corpus: &Corpus, options: &ViewOptions) -> View {
        let mut node_of: HashMap<usize, Option<usize>> = HashMap::new();
        let mut nodes_of = |e: usize| -> Vec<usize> {
            let targets: Vec<usize> =
                if options.expand_composites && !corpus.entities[e].members.is_empty() {
                    corpus.entities[e].members.clone()
                } else {
                    vec![e]
                };
            targets
                .into_iter()
                .filter_map(|t| {
                    *node_of.entry(t).or_insert_with(|| {
                        corpus.roll_up(t, options.level).filter(|&n| {
                            options.within.is_empty()
                                || options.within.iter().any(|&w| corpus.within(n, w))
                        })
                    })
                })
                .collect()
        };
        // Per document: its nodes, and the pairs it links.
        // Per document: its nodes, the pairs it links, its home node.
        type DocLinks = (Vec<usize>, BTreeSet<(usize, usize)>, Option<usize>);
        let mut doc_nodes: Vec<DocLinks> = Vec::new();
        for d in &corpus.documents {
            if let Some(p) = &options.period {
                if !d
                    .date
                    .as_deref()
                    .is_some_and(|date| date.starts_with(p.as_str()))
                {
                    continue;
                }
            }
            let mut by_sentence: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
            for &(e, s) in &d.mentions {
                for n in nodes_of(e) {
                    by_sentence.entry(s).or_default().insert(n);
                }
            }
            let all: BTreeSet<usize> = by_sentence.values().flatten().copied().collect();
            if all.is_empty() {
                continue;
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
            let home = d
                .channel
                .as_deref()
                .and_then(|c| corpus.channel_region(c))
                .and_then(|h| corpus.roll_up(h, options.level));
            doc_nodes.push((all.into_iter().collect(), pairs, home));
        }
        let mut entity_nodes: BTreeSet<usize> = BTreeSet::new();
        for (nodes, _, _) in &doc_nodes {
            entity_nodes.extend(nodes);
        }
        let mut nodes: Vec<usize> = entity_nodes.into_iter().collect();
        nodes.sort_by(|a, b| corpus.entities[*a].id.cmp(&corpus.entities[*b].id));
        let pos: HashMap<usize, usize> = nodes.iter().enumerate().map(|(i, &e)| (e, i)).collect();
        let mut node_documents = vec![0usize; nodes.len()];
        let mut counts: BTreeMap<(usize, usize), (usize, f64)> = BTreeMap::new();
        let mut directed: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (doc_nodes, pairs, home) in &doc_nodes {
            for n in doc_nodes {
                node_documents[pos[n]] += 1;
            }
            let share = if doc_nodes.len() > 1 {
                1.0 / (doc_nodes.len() - 1) as f64
            } else {
                0.0
            };
            for &(x, y) in pairs {
                let (a, b) = (pos[&x].min(pos[&y]), pos[&x].max(pos[&y]));
                let c = counts.entry((a, b)).or_default();
                c.0 += 1;
                c.1 += share;
            }
            if let Some(h) = home {
                // The home region counts as a node of the view even when the document does
                // not name it (a 河北频道 post about 保定 links 河北 to 保定).
                for n in doc_nodes {
                    if n != h {
                        *directed.entry((*h, *n)).or_default() += 1;
                    }
                }
            }
        }
        let documents = doc_nodes.len();
        let coords = |n: usize| {
            let e = &corpus.entities[nodes[n]];
            e.lat.zip(e.lon)
        };
        let links = counts
            .into_iter()
            .map(|((a, b), (c, f))| {
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
                    fractional: f,
                    distance_km: coords(a)
                        .zip(coords(b))
                        .map(|((la, lo), (lb, mb))| great_circle_km(la, lo, lb, mb)),
                }
            })
            .collect();
        // Directed links keep entity indices (a home region may be no node of the view).
        let directed = directed.into_iter().map(|((h, n), c)| (h, n, c)).collect();
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

// ---------------------------------------------------------------------------------------------
// The graph and its measures
// ---------------------------------------------------------------------------------------------

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

/// The disparity filter (Serrano, Boguñá & Vespignani 2009): for edge (i, j) and endpoint i of
/// degree k_i > 1, `α_ij = (1 − w_ij / s_i)^(k_i − 1)`, the probability of so strong a share
/// under a uniform null model. Undirected, so each edge has two values; it is kept if
/// significant for either endpoint. Returns each edge with the smaller α (1 when both endpoints
/// have degree 1, which no test can call significant).
pub fn disparity(g: &Graph) -> Vec<(usize, usize, f64, f64)> {
    let s: Vec<f64> = (0..g.len()).map(|i| g.strength(i)).collect();
    let alpha = |i: usize, w: f64| {
        let k = g.degree(i);
        if k > 1 {
            (1.0 - w / s[i]).powi(k as i32 - 1)
        } else {
            1.0
        }
    };
    g.edges()
        .map(|(a, b, w)| (a, b, w, alpha(a, w).min(alpha(b, w))))
        .collect()
}

/// Head/tail breaks (Jiang 2013) for heavy-tailed values: split at the mean while the head
/// above it holds at most 40 % of the values. Returns the breaks, ascending.
pub fn head_tail_breaks(values: &[f64]) -> Vec<f64> {
    let mut current: Vec<f64> = values.to_vec();
    let mut breaks = Vec::new();
    while current.len() > 1 {
        let mean = current.iter().sum::<f64>() / current.len() as f64;
        let head: Vec<f64> = current.iter().copied().filter(|&v| v > mean).collect();
        if head.is_empty() || head.len() as f64 > 0.4 * current.len() as f64 {
            break;
        }
        breaks.push(mean);
        current = head;
    }
    breaks
}

/// The tier of a value given head/tail breaks: 1 for the top head, rising toward the tail.
pub fn tier(value: f64, breaks: &[f64]) -> usize {
    breaks.len() + 1 - breaks.iter().filter(|&&b| value > b).count()
}

/// A continuous power-law fit `p(x) ∝ x^−α` for x ≥ x_min (Clauset, Shalizi & Newman 2009):
/// maximum-likelihood α for each candidate x_min with at least 10 values above, keeping the
/// x_min with the smallest Kolmogorov–Smirnov distance.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerLaw {
    pub alpha: f64,
    pub x_min: f64,
    pub tail: usize,
    pub ks: f64,
}

pub fn power_law(values: &[f64]) -> Option<PowerLaw> {
    let mut x: Vec<f64> = values.iter().copied().filter(|&v| v > 0.0).collect();
    x.sort_by(f64::total_cmp);
    let mut candidates: Vec<f64> = x.clone();
    candidates.dedup();
    let mut best: Option<PowerLaw> = None;
    for &x_min in &candidates {
        let tail: Vec<f64> = x.iter().copied().filter(|&v| v >= x_min).collect();
        if tail.len() < 10 {
            break;
        }
        let n = tail.len() as f64;
        let sum: f64 = tail.iter().map(|v| (v / x_min).ln()).sum();
        if sum <= 0.0 {
            continue;
        }
        let alpha = 1.0 + n / sum;
        let ks = tail
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let model = 1.0 - (v / x_min).powf(1.0 - alpha);
                let below = i as f64 / n;
                let above = (i + 1) as f64 / n;
                (model - below).abs().max((model - above).abs())
            })
            .fold(0.0, f64::max);
        if best.as_ref().is_none_or(|b| ks < b.ks) {
            best = Some(PowerLaw {
                alpha,
                x_min,
                tail: tail.len(),
                ks,
            });
        }
    }
    best
}

/// Gini coefficient of non-negative values.
pub fn gini(values: &[f64]) -> f64 {
    let mut x: Vec<f64> = values.to_vec();
    x.sort_by(f64::total_cmp);
    let n = x.len() as f64;
    let total: f64 = x.iter().sum();
    if x.is_empty() || total == 0.0 {
        return 0.0;
    }
    let weighted: f64 = x
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64 + 1.0) * v)
        .sum();
    2.0 * weighted / (n * total) - (n + 1.0) / n
}

/// The distance-decay fit `w ∝ d^−β` by least squares on `ln w = c − β ln d` over links with a
/// positive distance and weight: (β, R², links used).
pub fn distance_decay(points: &[(f64, f64)]) -> Option<(f64, f64, usize)> {
    let xy: Vec<(f64, f64)> = points
        .iter()
        .filter(|(d, w)| *d > 0.0 && *w > 0.0)
        .map(|(d, w)| (d.ln(), w.ln()))
        .collect();
    let n = xy.len() as f64;
    if xy.len() < 3 {
        return None;
    }
    let mx = xy.iter().map(|p| p.0).sum::<f64>() / n;
    let my = xy.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = xy.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = xy.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let syy: f64 = xy.iter().map(|p| (p.1 - my).powi(2)).sum();
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    Some((-slope, sxy * sxy / (sxx * syy), xy.len()))
}

/// Ranks (1 = highest), ties sharing the better rank.
pub fn ranks(values: &[f64]) -> Vec<usize> {
    values
        .iter()
        .map(|v| 1 + values.iter().filter(|&&x| x > *v).count())
        .collect()
}

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
        let alpha = |a: usize, b: usize| d.iter().find(|e| e.0 == a && e.1 == b).unwrap().3;
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
        let (beta, r2, n) = distance_decay(&pts).unwrap();
        assert!(close(beta, 1.5) && close(r2, 1.0) && n == 19);
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
