//! The pipeline: corpus → documents → mentions → graph → RDF store, as the `tag` and `build`
//! commands run it.
//!
//! Documents stream through in input order; recognition runs in parallel on chunks (rayon), and
//! results are consumed in order, so output does not depend on the number of threads. Identical
//! documents are processed once; unreadable records are reported through a callback, counted,
//! and skipped.

use crate::corpus::{discover, Corpus, Document, Format, SourceFile};
use crate::error::{Error, Result};
use crate::graph::{Structure, Window};
use crate::recognise::{Mention, Recognizer, Target, Unlinked};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;
#[cfg(feature = "store")]
use {
    crate::catalog::Catalog,
    crate::graph::{GraphBuilder, GraphMention},
    crate::rdf,
    oxigraph::model::Quad,
    std::path::Path,
};

/// Documents handed to the thread pool at once.
const CHUNK: usize = 64;
#[cfg(feature = "store")]
/// Quads handed to the bulk loader at once (it sorts and writes them in batches of this size);
/// bounds the memory the load takes, whatever the corpus size.
const QUAD_BATCH: usize = 250_000;

/// What a run read and found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub files: usize,
    /// Files in input folders passed over because of their extension.
    pub ignored_files: usize,
    pub documents: usize,
    /// Documents identical to an earlier one, or with the same body under another title
    /// (processed once).
    pub duplicates: usize,
    /// Records and inputs that could not be read (each reported through `on_error`).
    pub errors: usize,
    pub sentences: usize,
    pub mentions: usize,
    pub bytes: u64,
}

/// One processed document, as handed to a consumer.
pub struct Processed<'a> {
    /// Index among the processed (non-duplicate) documents.
    pub index: usize,
    pub document: &'a Document,
    pub content_hash: &'a str,
    pub mentions: &'a [Mention],
}

/// What [`process_with`] does with a document identical to an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicates {
    /// Count it and pass it over (`build`, `tag`).
    Skip,
    /// Hand it on like any other (`tag --records`: an engine that splits the corpus removes
    /// duplicates itself, in its own order, by the content hash of each record).
    Keep,
}

/// Runs reading and recognition over `inputs`, calling `consume` for each distinct document in
/// input order and `on_error` for each unreadable input or record. `on_progress` gets the number
/// of files finished so far.
pub fn process(
    inputs: &[PathBuf],
    recognizer: &Recognizer,
    on_error: &mut dyn FnMut(&Error),
    on_progress: &dyn Fn(usize, usize),
    consume: &mut dyn FnMut(Processed<'_>) -> Result<()>,
) -> Result<Report> {
    process_with(
        inputs,
        recognizer,
        Duplicates::Skip,
        on_error,
        on_progress,
        consume,
    )
}

/// [`process`], choosing what happens to duplicates.
pub fn process_with(
    inputs: &[PathBuf],
    recognizer: &Recognizer,
    duplicates: Duplicates,
    on_error: &mut dyn FnMut(&Error),
    on_progress: &dyn Fn(usize, usize),
    consume: &mut dyn FnMut(Processed<'_>) -> Result<()>,
) -> Result<Report> {
    let found = discover(inputs);
    let mut report = Report {
        files: found.files.len(),
        ignored_files: found.ignored,
        ..Report::default()
    };
    for e in &found.errors {
        report.errors += 1;
        on_error(e);
    }
    if found.files.is_empty() && !found.errors.is_empty() {
        return Err(Error::Invalid("no input could be read".into()));
    }
    let mut seen: HashSet<[u8; 32]> = HashSet::new();
    let mut state = State {
        report: &mut report,
        seen: &mut seen,
        duplicates,
        on_error,
        consume,
    };
    let total = found.files.len();
    let mut done = 0;
    let mut files = found.files.into_iter().peekable();
    while files.peek().is_some() {
        // Consecutive one-document files are read in parallel; a JSONL file streams by chunks.
        let mut batch: Vec<SourceFile> = Vec::new();
        while batch.len() < CHUNK {
            match files.peek() {
                Some(f) if f.format != Format::Jsonl => batch.push(files.next().expect("peeked")),
                _ => break,
            }
        }
        if batch.is_empty() {
            let file = files.next().expect("peeked");
            let mut corpus = Corpus::new(vec![file]);
            loop {
                let chunk: Vec<Result<Document>> = corpus.by_ref().take(CHUNK).collect();
                if chunk.is_empty() {
                    break;
                }
                let results: Vec<_> = chunk
                    .into_par_iter()
                    .map(|d| d.map(|d| analyse(recognizer, d)))
                    .collect();
                state.take(results)?;
            }
            done += 1;
        } else {
            done += batch.len();
            let results: Vec<_> = batch
                .into_par_iter()
                .map(|f| {
                    Corpus::new(vec![f])
                        .next()
                        .expect("a one-document file yields one item")
                        .map(|d| analyse(recognizer, d))
                })
                .collect();
            state.take(results)?;
        }
        on_progress(done, total);
    }
    Ok(report)
}

type Analysed = (Document, [u8; 32], Vec<Mention>);

fn analyse(recognizer: &Recognizer, doc: Document) -> Analysed {
    use sha2::{Digest, Sha256};
    let hash: [u8; 32] = Sha256::digest(doc.identity_text().as_bytes()).into();
    let mentions = recognizer.recognise(&doc);
    (doc, hash, mentions)
}

struct State<'a, 'b> {
    report: &'a mut Report,
    seen: &'a mut HashSet<[u8; 32]>,
    duplicates: Duplicates,
    on_error: &'b mut dyn FnMut(&Error),
    consume: &'b mut dyn FnMut(Processed<'_>) -> Result<()>,
}

impl State<'_, '_> {
    fn take(&mut self, results: Vec<Result<Analysed>>) -> Result<()> {
        for r in results {
            let (doc, hash, mentions) = match r {
                Ok(x) => x,
                Err(e) => {
                    self.report.errors += 1;
                    (self.on_error)(&e);
                    continue;
                }
            };
            if !self.seen.insert(hash) {
                self.report.duplicates += 1;
                if self.duplicates == Duplicates::Skip {
                    continue;
                }
            }
            let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
            self.report.bytes += doc.text.len() as u64;
            self.report.sentences += doc.sentences.len();
            self.report.mentions += mentions.len();
            (self.consume)(Processed {
                index: self.report.documents,
                document: &doc,
                content_hash: &hex,
                mentions: &mentions,
            })?;
            self.report.documents += 1;
        }
        Ok(())
    }
}

/// What `build` produced.
#[derive(Debug)]
pub struct BuildReport {
    pub read: Report,
    pub entities: usize,
    pub edges: usize,
    pub quads: u64,
    pub store_bytes: u64,
    /// An earlier store at the same path was replaced.
    pub replaced: bool,
    /// How the documents compare with the store this build replaced.
    pub changes: Option<Changes>,
    /// Hierarchy and membership of the entities the store describes (typed petgraph edges).
    pub structure: Structure,
}

/// Documents of a build compared with those of the store it replaces (by id and content hash).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Options of `build`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub inputs: Vec<PathBuf>,
    pub store: PathBuf,
    /// Rebuild an existing store from `inputs` only. Without it, a build into an existing store
    /// reads the store's earlier inputs too (adding new documents, replacing changed ones), so
    /// the result equals a fresh build over the union. Either way the old store stays until the
    /// new one is complete. (Unchanged documents are recognised again rather than read back
    /// from the store: measured on hexo-news, reading 55k mentions back took 7.2 s against 4.5 s
    /// for the whole rebuild, because every stored term is a RocksDB lookup.)
    pub replace: bool,
    /// Also credit the members of composites (京津冀 → 北京, 天津, 河北) in the graph, counted
    /// apart from direct mentions.
    pub expand_composites: bool,
    /// What two mentions must share to co-occur.
    pub window: Window,
    /// Drop pairs that share fewer windows than this (1 keeps all).
    pub min_count: u64,
}

/// The window index of each sentence of a document, and the number of windows it has (repeated
/// sentences do not count).
pub fn windows_of(doc: &Document, window: Window) -> (Vec<usize>, usize) {
    match window {
        Window::Sentence => (
            (0..doc.sentences.len()).collect(),
            doc.sentences.iter().filter(|s| !s.repeated).count(),
        ),
        Window::Document => (vec![0; doc.sentences.len()], 1),
        Window::Paragraph => {
            let mut index = Vec::with_capacity(doc.sentences.len());
            let mut paragraph = 0;
            let mut at = 0;
            let mut counted = std::collections::BTreeSet::new();
            for s in &doc.sentences {
                paragraph += doc.text[at..s.range.start].matches('\n').count();
                at = s.range.start;
                index.push(paragraph);
                if !s.repeated {
                    counted.insert(paragraph);
                }
            }
            (index, counted.len())
        }
    }
}

#[cfg(feature = "store")]
/// Reads the corpus, recognises, builds the co-occurrence graph and writes everything into a new
/// store, which replaces the one at `options.store` only once it is whole. Exports read the
/// store afterwards through its read model, so they show exactly what was stored.
pub fn build(
    options: &BuildOptions,
    recognizer: &Recognizer,
    on_error: &mut dyn FnMut(&Error),
    on_progress: &dyn Fn(usize, usize),
) -> Result<BuildReport> {
    // One build at a time per store: a second one fails at once instead of racing the first.
    let _lock = crate::store::BuildLock::acquire(&options.store)?;
    // Inputs are read in canonical order, so the same set of inputs gives the same store
    // whatever order they are named in, and a build into an existing store equals a fresh build
    // over the union of its inputs.
    let mut inputs = canonical_inputs(&options.inputs);
    let previous = previous_store(options, &mut inputs)?;
    let input_paths: Vec<PathBuf> = inputs.iter().map(PathBuf::from).collect();
    let mut loading = Loading::new(options, recognizer.gazetteer());
    let mut outcome: Option<(Report, Structure)> = None;
    let store_bytes = crate::store::write_new(&options.store, |feed| {
        let mut consume = |p: Processed<'_>| loading.document(&p, feed);
        let read = process(
            &input_paths,
            recognizer,
            on_error,
            on_progress,
            &mut consume,
        )?;
        if read.documents == 0 {
            return Err(Error::Invalid(
                "no documents were read: nothing to build (see the messages above)".into(),
            ));
        }
        let structure = loading.finish(&read, &inputs, recognizer, feed)?;
        outcome = Some((read, structure));
        Ok(())
    })?;
    let (read, structure) = outcome.expect("the load closure ran to completion");
    Ok(BuildReport {
        read,
        entities: loading.entities,
        edges: loading.edges,
        quads: loading.quads,
        store_bytes,
        replaced: previous.is_some(),
        changes: previous.map(|old| compare(&old, &loading.documents)),
        structure,
    })
}

#[cfg(feature = "store")]
/// What is at the store path: the documents of the store a build replaces (id → content hash),
/// if there is one. Without `--replace` its inputs join `inputs`; if any of them is gone, the
/// build stops rather than lose its documents.
fn previous_store(
    options: &BuildOptions,
    inputs: &mut Vec<String>,
) -> Result<Option<std::collections::BTreeMap<String, String>>> {
    let (old, documents) = match crate::store::existing(&options.store)? {
        crate::store::Existing::Nothing => return Ok(None),
        crate::store::Existing::Store { inputs, documents } => (inputs, documents),
    };
    if !options.replace {
        let gone: Vec<&String> = old.iter().filter(|p| !Path::new(p).exists()).collect();
        if !gone.is_empty() {
            return Err(Error::store(
                &options.store,
                format!(
                    "was built from inputs that are gone ({}); its documents would be lost, so it is left as it is: pass --replace to rebuild it from the given inputs only",
                    gone.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        inputs.extend(old);
        inputs.sort();
        inputs.dedup();
    }
    Ok(Some(documents))
}

#[cfg(feature = "store")]
/// A build while documents stream in: the entities met, the graph's counts, and quads waiting
/// for the next batch to the store.
struct Loading<'a> {
    options: &'a BuildOptions,
    catalog: Catalog<'a>,
    graph: GraphBuilder,
    doc_ids: Vec<String>,
    /// The documents built: id → content hash.
    documents: std::collections::BTreeMap<String, String>,
    batch: Vec<Quad>,
    quads: u64,
    entities: usize,
    edges: usize,
}

#[cfg(feature = "store")]
impl<'a> Loading<'a> {
    fn new(options: &'a BuildOptions, gazetteer: &'a crate::gazetteer::Gazetteer) -> Loading<'a> {
        Loading {
            options,
            catalog: Catalog::new(gazetteer),
            graph: GraphBuilder::new(),
            doc_ids: Vec::new(),
            documents: Default::default(),
            batch: Vec::with_capacity(QUAD_BATCH),
            quads: 0,
            entities: 0,
            edges: 0,
        }
    }

    fn flush(&mut self, feed: &mut dyn FnMut(Vec<Quad>) -> Result<()>) -> Result<()> {
        self.quads += self.batch.len() as u64;
        feed(std::mem::take(&mut self.batch))
    }

    /// A document's quads, and its mentions counted in the graph.
    fn document(
        &mut self,
        p: &Processed<'_>,
        feed: &mut dyn FnMut(Vec<Quad>) -> Result<()>,
    ) -> Result<()> {
        let catalog = &mut self.catalog;
        let ids: Vec<_> = p.mentions.iter().map(|m| catalog.id(&m.target)).collect();
        rdf::document_quads(
            p.document,
            p.content_hash,
            p.mentions,
            &ids,
            catalog,
            &mut self.batch,
        );
        let (window_of, windows) = windows_of(p.document, self.options.window);
        let mut graph_mentions: Vec<GraphMention> = Vec::with_capacity(ids.len());
        for (m, &id) in p.mentions.iter().zip(&ids) {
            let window = window_of[m.sentence];
            graph_mentions.push(GraphMention::direct(window, id));
            // A name built on a known one (河北省交通运输厅 on 河北省, 上海证监局 on 上海) replaced
            // that mention, which recognition and eval count once, as the outermost name; the
            // graph still credits the nested name to the window, where it is written.
            if let Target::Unlinked(Unlinked {
                parent: Some(parent),
                ..
            }) = &m.target
            {
                graph_mentions.push(GraphMention::nested(window, *parent, id));
            }
            if !self.options.expand_composites {
                continue;
            }
            for member in &catalog.entity(id).members {
                if let Some(member) = catalog.find(member) {
                    graph_mentions.push(GraphMention {
                        expanded: true,
                        ..GraphMention::direct(window, member)
                    });
                }
            }
        }
        let month = p.document.date.as_deref().and_then(|d| d.get(..7));
        self.graph
            .add_document(p.index, windows, month, graph_mentions);
        self.doc_ids.push(p.document.id.clone());
        self.documents
            .insert(p.document.id.clone(), p.content_hash.to_string());
        if self.batch.len() >= QUAD_BATCH {
            self.flush(feed)?;
        }
        Ok(())
    }

    /// The graph's, the entities' and the store's own quads, once every document is in.
    fn finish(
        &mut self,
        read: &Report,
        inputs: &[String],
        recognizer: &Recognizer,
        feed: &mut dyn FnMut(Vec<Quad>) -> Result<()>,
    ) -> Result<Structure> {
        let (options, catalog) = (self.options, &self.catalog);
        let co = std::mem::take(&mut self.graph).finish(options.min_count);
        let structure = graph_quads(
            catalog,
            &co,
            &self.doc_ids,
            &GraphSummary {
                documents: read.documents as u64,
                sentences: read.sentences as u64,
                mentions: read.mentions as u64,
                min_count: options.min_count,
                meta: rdf::StoreMeta {
                    gazetteer_hash: &gazetteer_hash(recognizer.gazetteer()),
                    inputs,
                    expand_composites: options.expand_composites,
                    window: options.window,
                    recognition: &recognizer.describe(),
                    document_graphs: true,
                },
            },
            &mut self.batch,
        );
        self.entities = co.graph.node_count();
        self.edges = co.graph.edge_count();
        self.flush(feed)?;
        Ok(structure)
    }
}

#[cfg(feature = "store")]
/// What a store says about its corpus and how it was built, beside its graph.
pub(crate) struct GraphSummary<'a> {
    pub documents: u64,
    pub sentences: u64,
    pub mentions: u64,
    pub min_count: u64,
    pub meta: rdf::StoreMeta<'a>,
}

#[cfg(feature = "store")]
/// The gazetteer, co-occurrence and meta quads of a finished graph (`doc_ids[i]` is the id of
/// document `i`), and the hierarchy and membership of the entities the store describes.
pub(crate) fn graph_quads(
    catalog: &Catalog,
    co: &crate::graph::CoGraph,
    doc_ids: &[String],
    summary: &GraphSummary,
    out: &mut Vec<Quad>,
) -> Structure {
    let described = rdf::entity_closure(catalog, co.graph.node_weights().map(|n| n.entity));
    let structure = Structure::new(
        &described,
        |e| catalog.parent(e),
        |e| {
            catalog
                .entity(e)
                .members
                .iter()
                .filter_map(|m| catalog.find(m))
                .collect()
        },
    );
    rdf::gazetteer_quads(catalog, &described, out);
    rdf::cooccurrence_quads(co, summary.meta.window, catalog, doc_ids, out);
    let totals = [
        ("documentTotal", summary.documents as i64),
        ("sentenceTotal", summary.sentences as i64),
        ("mentionTotal", summary.mentions as i64),
        ("entityTotal", co.graph.node_count() as i64),
        ("edgeTotal", co.graph.edge_count() as i64),
        ("windowTotal", co.windows as i64),
        ("minCount", summary.min_count as i64),
    ];
    rdf::meta_quads(&summary.meta, &totals, out);
    structure
}

#[cfg(feature = "store")]
fn compare(
    old: &std::collections::BTreeMap<String, String>,
    new: &std::collections::BTreeMap<String, String>,
) -> Changes {
    let mut c = Changes::default();
    for (id, hash) in new {
        match old.get(id) {
            None => c.added += 1,
            Some(h) if h == hash => c.unchanged += 1,
            Some(_) => c.replaced += 1,
        }
    }
    c.removed = old.keys().filter(|id| !new.contains_key(*id)).count();
    c
}

#[cfg(feature = "store")]
/// Input paths made absolute (where they exist), sorted and deduplicated.
fn canonical_inputs(inputs: &[PathBuf]) -> Vec<String> {
    let mut out: Vec<String> = inputs
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A fingerprint of the gazetteer content (ids, names, aliases, types, parents, members).
pub fn gazetteer_hash(g: &crate::gazetteer::Gazetteer) -> String {
    let mut s = String::new();
    for e in g.entities() {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{:?}\t{}\n",
            e.id,
            e.name,
            e.kind,
            e.aliases.join("|"),
            e.context_aliases.join("|"),
            e.parent,
            e.members.join("|")
        ));
    }
    crate::text::sha256_hex(&s)
}
