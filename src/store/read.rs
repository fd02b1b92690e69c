//! The one typed read model of a store: its entities (with hierarchy, coordinates, aliases and
//! corpus counts), its documents (with the sentence of each mention) and its co-occurrence pairs.
//! Every export and the network analysis read the store through these, so an entity is read,
//! typed and validated in one place. A value the store holds in a malformed form is an error
//! naming the entity and the property, never a silent zero.

use super::query::{select, text};
use super::Store;
use crate::error::{Error, Result};
use crate::gazetteer::EntityType;
use crate::rdf::{COOCCURRENCE_GRAPH, GAZETTEER_GRAPH};
use oxigraph::model::Term;
use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

/// An entity of the store.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEntity {
    pub id: String,
    pub label: String,
    pub kind: EntityType,
    /// The gazetteer's subtype (`prefecture-city`, `country`, ...), empty when it has none.
    pub subtype: String,
    /// Official code (division or IATA code), empty when it has none.
    pub code: String,
    /// Index of the parent entity, if the store has it.
    pub parent: Option<usize>,
    /// Indices of the members (composites), sorted.
    pub members: Vec<usize>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Other names, sorted (for finding a channel's region).
    pub aliases: Vec<String>,
    /// How often the corpus names it, when the co-occurrence graph counts it.
    pub counts: Option<EntityCounts>,
}

/// How often the corpus names an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityCounts {
    pub mentions: u64,
    pub documents: u64,
}

/// The entities of a store, sorted by id (so indices, and every result built on them, are
/// deterministic).
#[derive(Debug, Clone, Default)]
pub struct Entities {
    pub list: Vec<StoredEntity>,
    by_iri: HashMap<String, usize>,
}

/// One mention of an entity in a document: the entity's index and the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occurrence {
    pub entity: usize,
    pub sentence: usize,
}

/// A document: its id, date and channel, and the entities it mentions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredDocument {
    pub id: String,
    /// `YYYY-MM-DD...` when the document has a date.
    pub date: Option<String>,
    pub channel: Option<String>,
    /// Sorted, each once.
    pub mentions: Vec<Occurrence>,
}

/// A co-occurrence pair as the build counted it, `source` < `target` by id.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPair {
    pub source: usize,
    pub target: usize,
    pub weight: f64,
    /// Windows (sentences by default) the two share.
    pub windows: u64,
    pub documents: u64,
    /// Windows where the two meet only through a composite's members.
    pub expanded_windows: u64,
    /// Normalised PMI, when the two share a window directly.
    pub npmi: Option<f64>,
    /// First and last month of dated documents where the two share a window.
    pub months: Option<MonthSpan>,
}

/// First and last month (`YYYY-MM`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthSpan {
    pub first: String,
    pub last: String,
}

/// A number the store holds: none when unbound, an error naming `what` when malformed.
fn number<T: FromStr>(term: &Option<Term>, what: &str, of: &str) -> Result<Option<T>> {
    if term.is_none() {
        return Ok(None);
    }
    let value = text(term);
    value.parse().map(Some).map_err(|_| {
        Error::Invalid(format!(
            "the store holds {value:?} as the {what} of {of}, which is not a number"
        ))
    })
}

impl Entities {
    /// Reads every entity of the gazetteer graph, with its counts from the co-occurrence graph.
    pub fn load(store: &Store) -> Result<Entities> {
        let g = GAZETTEER_GRAPH;
        let rows = select(
            store,
            &format!(
                "SELECT ?e ?id ?label ?type ?subtype ?code ?lon ?lat ?m ?d WHERE {{
                   GRAPH <{g}> {{
                     ?e rkg:id ?id ; skos:prefLabel ?label ; a ?class .
                     VALUES ?class {{ rkg:Place rkg:Zone rkg:Institution rkg:Project rkg:Plan }}
                     BIND(STRAFTER(STR(?class), STR(rkg:)) AS ?type)
                   }}
                   OPTIONAL {{ GRAPH <{g}> {{ ?e rkg:subtype ?subtype }} }}
                   OPTIONAL {{ GRAPH <{g}> {{ ?e skos:notation ?code }} }}
                   OPTIONAL {{ GRAPH <{g}> {{ ?e schema:longitude ?lon ; schema:latitude ?lat }} }}
                   OPTIONAL {{ GRAPH <{COOCCURRENCE_GRAPH}> {{ ?e rkg:mentionCount ?m ; rkg:documentCount ?d }} }}
                 }}"
            ),
        )?;
        let mut by_iri: BTreeMap<String, StoredEntity> = BTreeMap::new();
        for r in &rows {
            let id = text(&r[1]);
            let kind = EntityType::from_str(&text(&r[3])).map_err(Error::Invalid)?;
            let mentions = number(&r[8], "mention count", &id)?;
            let documents = number(&r[9], "document count", &id)?;
            let entity = StoredEntity {
                label: text(&r[2]),
                kind,
                subtype: text(&r[4]),
                code: text(&r[5]),
                lon: number(&r[6], "longitude", &id)?,
                lat: number(&r[7], "latitude", &id)?,
                parent: None,
                members: Vec::new(),
                aliases: Vec::new(),
                counts: mentions
                    .zip(documents)
                    .map(|(mentions, documents)| EntityCounts {
                        mentions,
                        documents,
                    }),
                id,
            };
            by_iri.insert(text(&r[0]), entity);
        }
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
        let list = order.iter().map(|(_, iri)| by_iri[iri].clone()).collect();
        let mut entities = Entities {
            list,
            by_iri: index,
        };
        entities.link(store)?;
        Ok(entities)
    }

    /// Parents, members and aliases.
    fn link(&mut self, store: &Store) -> Result<()> {
        let g = GAZETTEER_GRAPH;
        let links = |p: &str| -> Result<Vec<(usize, usize)>> {
            Ok(select(
                store,
                &format!("SELECT ?a ?b WHERE {{ GRAPH <{g}> {{ ?a {p} ?b }} }}"),
            )?
            .iter()
            .filter_map(|r| Some((self.index_of(&r[0])?, self.index_of(&r[1])?)))
            .collect())
        };
        let parents = links("rkg:parent")?;
        let members = links("rkg:member")?;
        for (a, b) in parents {
            self.list[a].parent = Some(b);
        }
        for (a, b) in members {
            self.list[a].members.push(b);
        }
        for r in select(
            store,
            &format!("SELECT ?e ?alias WHERE {{ GRAPH <{g}> {{ ?e skos:altLabel ?alias }} }}"),
        )? {
            if let Some(i) = self.index_of(&r[0]) {
                self.list[i].aliases.push(text(&r[1]));
            }
        }
        for e in &mut self.list {
            e.members.sort_unstable();
            e.aliases.sort();
        }
        Ok(())
    }

    /// The index of the entity an IRI names.
    fn index_of(&self, iri: &Option<Term>) -> Option<usize> {
        self.by_iri.get(&text(iri)).copied()
    }

    /// Reads every document with its mentions, sorted by document id.
    pub fn documents(&self, store: &Store) -> Result<Vec<StoredDocument>> {
        let rows = select(
            store,
            "SELECT ?d ?id ?date ?channel WHERE {
               GRAPH ?d { ?d a rkg:Document ; rkg:docId ?id }
               OPTIONAL { GRAPH ?d { ?d schema:datePublished ?date } }
               OPTIONAL { GRAPH ?d { ?d rkg:channel ?channel } }
             }",
        )?;
        let mut documents: BTreeMap<String, StoredDocument> = BTreeMap::new();
        for r in &rows {
            documents.insert(
                text(&r[0]),
                StoredDocument {
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
            let (Some(doc), Some(entity)) = (documents.get_mut(&text(&r[0])), self.index_of(&r[1]))
            else {
                continue;
            };
            let of = format!("a mention in {}", doc.id);
            let sentence = number(&r[2], "sentence", &of)?.unwrap_or_default();
            doc.mentions.push(Occurrence { entity, sentence });
        }
        let mut documents: Vec<StoredDocument> = documents.into_values().collect();
        for d in &mut documents {
            d.mentions.sort_unstable();
            d.mentions.dedup();
        }
        documents.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(documents)
    }

    /// Reads the co-occurrence pairs, sorted by (source id, target id).
    pub fn pairs(&self, store: &Store) -> Result<Vec<StoredPair>> {
        let edges_q = format!(
            // The OPTIONAL comes last, outside the graph blocks: inside them Oxigraph's plan
            // turns the join quadratic (a minute for 20k pairs instead of under a second).
            "SELECT ?ea ?eb ?w ?s ?d ?x ?n WHERE {{
               GRAPH <{COOCCURRENCE_GRAPH}> {{
                 ?p a rkg:CoOccurrence ; rkg:source ?ea ; rkg:target ?eb ;
                    rkg:weight ?w ; rkg:windowCount ?s ; rkg:documentCount ?d .
               }}
               OPTIONAL {{ GRAPH <{COOCCURRENCE_GRAPH}> {{ ?p rkg:expandedWindowCount ?x }} }}
               OPTIONAL {{ GRAPH <{COOCCURRENCE_GRAPH}> {{ ?p rkg:npmi ?n }} }}
             }}"
        );
        let months_q = format!(
            "SELECT ?ea ?eb (MIN(STR(?m)) AS ?first) (MAX(STR(?m)) AS ?last) WHERE {{
               GRAPH <{COOCCURRENCE_GRAPH}> {{
                 ?mc rkg:pair ?p ; rkg:month ?m . ?p rkg:source ?ea ; rkg:target ?eb .
               }}
             }} GROUP BY ?ea ?eb"
        );
        let months: HashMap<(usize, usize), MonthSpan> = select(store, &months_q)?
            .iter()
            .filter_map(|r| {
                let span = MonthSpan {
                    first: text(&r[2]),
                    last: text(&r[3]),
                };
                Some(((self.index_of(&r[0])?, self.index_of(&r[1])?), span))
            })
            .collect();
        let mut pairs = Vec::new();
        for r in select(store, &edges_q)? {
            let (Some(source), Some(target)) = (self.index_of(&r[0]), self.index_of(&r[1])) else {
                continue;
            };
            let of = format!(
                "the pair {} – {}",
                self.list[source].id, self.list[target].id
            );
            let required = |i: usize, what: &str| -> Result<u64> {
                number(&r[i], what, &of)?
                    .ok_or_else(|| Error::Invalid(format!("{of} has no {what} in the store")))
            };
            pairs.push(StoredPair {
                source,
                target,
                weight: number(&r[2], "weight", &of)?.unwrap_or_default(),
                windows: required(3, "window count")?,
                documents: required(4, "document count")?,
                expanded_windows: number(&r[5], "expanded window count", &of)?.unwrap_or(0),
                npmi: number(&r[6], "NPMI", &of)?,
                months: months.get(&(source, target)).cloned(),
            });
        }
        pairs.sort_by(|a, b| {
            (&self.list[a.source].id, &self.list[a.target].id)
                .cmp(&(&self.list[b.source].id, &self.list[b.target].id))
        });
        Ok(pairs)
    }
}
