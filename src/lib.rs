//! regionkg turns Chinese news about regional development into a knowledge graph you can
//! question: it reads a corpus, recognises places, zones, institutions, projects and plans with
//! gazetteers, links entities that share a sentence into a co-occurrence graph, and stores it
//! all as RDF in an on-disk Oxigraph store that answers SPARQL and exports GraphML.
//!
//! The modules follow the pipeline, each stage taking the previous stage's value:
//!
//! - [`corpus`]: files → [`corpus::Document`]s (cleaned text, sentences with offsets);
//! - [`gazetteer`]: TSV layers → a validated [`gazetteer::Gazetteer`];
//! - [`recognise`]: a document → [`recognise::Mention`]s, through named phases (the gazetteer
//!   automaton with jieba's boundary check, the rule families, resolution, layers), its word
//!   lists data in [`recognise::lexicon`];
//! - [`catalog`] and [`graph`]: mentions → a petgraph co-occurrence graph ([`graph::CoGraph`]);
//! - [`rdf`] and [`store`]: everything → quads → an Oxigraph store; SPARQL over it; the store's
//!   one typed read model ([`store::read`]);
//! - [`export`], [`output`] and [`lines`]: one writer per export format, query result formats,
//!   and the JSON lines of `tag` and `read`;
//! - [`model`]: the learned recogniser (LAC's BiGRU-CRF, ported), opt-in;
//! - [`network`]: city-network analysis of a store; [`discover`] and [`newwords`]: candidate
//!   names for the gazetteers; [`eval`]: scores against gold annotations;
//! - [`pipeline`]: the `tag` and `build` runs that chain the stages;
//! - [`serve`]: a read-only SPARQL endpoint over a store, and the library of questions over
//!   HTTP.
//!
//! # Example
//!
//! ```
//! use regionkg::catalog::describe;
//! use regionkg::corpus::Document;
//! use regionkg::gazetteer::Gazetteer;
//! use regionkg::recognise::Recognizer;
//!
//! let recognizer = Recognizer::new(Gazetteer::builtin()?)?;
//! let doc = Document::from_text("demo", "雄安新区与北京城市副中心同步建设。河北省沧州市也在行动，沧州市发改委表示支持。");
//! let found: Vec<(String, String)> = recognizer
//!     .recognise(&doc)
//!     .into_iter()
//!     .map(|m| (m.text, describe(recognizer.gazetteer(), &m.target).0))
//!     .collect();
//! let expected = [
//!     ("雄安新区", "xiongan"),
//!     ("北京城市副中心", "beijing-sub-center"),
//!     ("河北省", "13"),
//!     ("沧州市", "1309"),
//!     ("沧州市发改委", "1309-drc"),
//! ];
//! assert_eq!(found, expected.map(|(a, b)| (a.to_string(), b.to_string())));
//! # Ok::<(), regionkg::Error>(())
//! ```

pub mod catalog;
pub mod corpus;
#[cfg(feature = "store")]
pub mod counts;
pub mod discover;
pub mod error;
pub mod eval;
#[cfg(feature = "store")]
pub mod export;
pub mod gazetteer;
pub mod graph;
pub mod lines;
pub mod model;
#[cfg(feature = "store")]
pub mod network;
pub mod newwords;
#[cfg(feature = "store")]
pub mod output;
pub mod pipeline;
#[cfg(feature = "store")]
pub mod rdf;
pub mod recognise;
#[cfg(feature = "store")]
pub mod serve;
#[cfg(feature = "store")]
pub mod store;
pub mod text;

pub use error::{Error, Result};
