//! Building a store from counts an engine computed (`regionkg build --from-counts DIR`).
//!
//! At the scale of millions of documents, recognition is a map over documents (`regionkg tag
//! --records` on each partition) and co-occurrence counting a reduce (Spark SQL in
//! `spark/regionkg_spark.py`). What comes back is small: a count per entity, per pair, per pair
//! and month, and the totals. This module reads those files (the contract in docs/counts.md,
//! versioned by `manifest.json`) and writes the store's gazetteer, co-occurrence and meta graphs
//! exactly as `build` would from the same mentions. Per-document graphs are not written: the
//! mentions stay in the engine's Parquet, and the store's metadata says so.

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::gazetteer::{EntityId, EntityType};
use crate::graph::{Edge, GraphBuilder, Node, Window};
use crate::pipeline::{gazetteer_hash, graph_quads, BuildReport, GraphSummary, Report};
use crate::recognise::{Recognizer, Rule, Target, Unlinked};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The `format` a counts folder's manifest must name.
pub const COUNTS_FORMAT: &str = "regionkg-counts";
/// The version of the contract this build reads.
pub const COUNTS_VERSION: u64 = 1;

/// `manifest.json`: what the counts are of and how they were made.
#[derive(Debug, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u64,
    /// The gazetteer fingerprint of the `tag --records` run (its run record).
    pub gazetteer: String,
    /// The recognition options of that run (its run record).
    pub recognition: String,
    pub window: String,
    pub expand_composites: bool,
    /// What the engine read (recorded in the store as its inputs).
    #[serde(default)]
    pub inputs: Vec<String>,
    /// Distinct documents counted, and copies passed over.
    pub documents: u64,
    #[serde(default)]
    pub duplicates: u64,
    pub sentences: u64,
    pub mentions: u64,
    /// Windows of all counted documents (the N of PMI).
    pub windows: u64,
    #[serde(default)]
    pub bytes: u64,
}

/// A line of `entities/`.
#[derive(Debug, Deserialize)]
struct EntityCounts {
    entity: String,
    /// Name and type: needed for unlinked entities (gazetteer ones are described by the
    /// gazetteer).
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    /// For unlinked entities (`rule:`/`model:` ids): the rule that found it, the known entity it
    /// is built on, the members it stands for.
    rule: Option<String>,
    parent: Option<String>,
    #[serde(default)]
    members: Vec<String>,
    /// Where it was first mentioned, as numbers that sort in input order (the engine's order of
    /// the document, then the character offset): unlinked entities are numbered in that order,
    /// as `build` numbers them. Needed for unlinked entities.
    #[serde(default)]
    first: Vec<u64>,
    mentions: u64,
    documents: u64,
    windows: u64,
    #[serde(default)]
    expanded_mentions: u64,
}

/// A line of `pairs/`.
#[derive(Debug, Deserialize)]
struct PairCounts {
    a: String,
    b: String,
    windows: u64,
    documents: u64,
    #[serde(default)]
    expanded_windows: u64,
    #[serde(default)]
    expanded_documents: u64,
    #[serde(default)]
    months: Vec<MonthCount>,
    /// The first documents (ids, in input order) with a shared window; at most
    /// [`crate::graph::EVIDENCE_CAP`] are kept.
    #[serde(default)]
    evidence: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct MonthCount {
    month: String,
    windows: u64,
}

/// Reads `manifest.json` of a counts folder and checks its format and version.
pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let manifest: Manifest = serde_json::from_str(text.trim())
        .map_err(|e| Error::record(&path, Some(e.line()), format!("not a manifest: {e}")))?;
    if manifest.format != COUNTS_FORMAT || manifest.version != COUNTS_VERSION {
        return Err(Error::record(
            &path,
            None,
            format!(
                "format {:?} version {}: this regionkg reads {COUNTS_FORMAT:?} version {COUNTS_VERSION} (docs/counts.md)",
                manifest.format, manifest.version
            ),
        ));
    }
    Ok(manifest)
}

/// The JSON-lines files of a part folder (`entities/`, `pairs/`) in name order: Spark's
/// `part-*.json` files, or any `*.json`/`*.jsonl`; `_SUCCESS` and hidden files are passed over.
fn part_files(dir: &Path, part: &str) -> Result<Vec<PathBuf>> {
    let folder = dir.join(part);
    let entries = std::fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(&folder, e))?.path();
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if name.starts_with(['_', '.']) || !(name.ends_with(".json") || name.ends_with(".jsonl")) {
            continue;
        }
        files.push(path);
    }
    files.sort();
    Ok(files)
}

/// Every record of a part folder, each with its file and line for error messages.
fn read_part<T: serde::de::DeserializeOwned>(
    dir: &Path,
    part: &str,
    mut each: impl FnMut(T, &Path, usize) -> Result<()>,
) -> Result<()> {
    for path in part_files(dir, part)? {
        let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| Error::io(&path, e))?;
            if line.trim().is_empty() {
                continue;
            }
            let record: T = serde_json::from_str(&line)
                .map_err(|e| Error::record(&path, Some(i + 1), format!("{part}: {e}")))?;
            each(record, &path, i + 1)?;
        }
    }
    Ok(())
}

/// What `build --from-counts` does.
#[derive(Debug, Clone)]
pub struct CountsOptions {
    pub counts: PathBuf,
    pub store: PathBuf,
    /// Replace a store already at `store` (without it, an existing store is an error: counts
    /// describe a whole corpus and are not merged into another store's).
    pub replace: bool,
    pub min_count: u64,
}

/// Builds a store from a counts folder; see the module documentation.
pub fn build_from_counts(options: &CountsOptions, recognizer: &Recognizer) -> Result<BuildReport> {
    let _lock = crate::store::BuildLock::acquire(&options.store)?;
    let dir = &options.counts;
    let manifest = read_manifest(dir)?;
    let gazetteer = recognizer.gazetteer();
    let ours = gazetteer_hash(gazetteer);
    if manifest.gazetteer != ours {
        return Err(Error::record(
            dir.join("manifest.json"),
            None,
            format!(
                "the counts were made with another gazetteer (fingerprint {}…) than this run loads ({}…): pass the --gazetteers the tag run had",
                &manifest.gazetteer[..manifest.gazetteer.len().min(12)],
                &ours[..12]
            ),
        ));
    }
    let window = match manifest.window.as_str() {
        "sentence" => Window::Sentence,
        "paragraph" => Window::Paragraph,
        "document" => Window::Document,
        w => {
            return Err(Error::record(
                dir.join("manifest.json"),
                None,
                format!("unknown window {w:?} (sentence, paragraph or document)"),
            ))
        }
    };
    let replaced = match crate::store::existing(&options.store)? {
        crate::store::Existing::Nothing => false,
        crate::store::Existing::Store { .. } if options.replace => true,
        crate::store::Existing::Store { .. } => {
            return Err(Error::store(
                &options.store,
                "already holds a store: counts describe a whole corpus and are not merged into it; pass --replace to replace it",
            ))
        }
    };

    // Entities: gazetteer ones by id; unlinked ones registered in order of first mention.
    let mut catalog = Catalog::new(gazetteer);
    let mut known: Vec<(EntityId, EntityCounts, PathBuf, usize)> = Vec::new();
    let mut unlinked: Vec<(EntityCounts, Unlinked, PathBuf, usize)> = Vec::new();
    read_part(dir, "entities", |e: EntityCounts, path, line| {
        let err = |m: String| Error::record(path, Some(line), m);
        if let Some(id) = gazetteer.find(&e.entity) {
            known.push((id, e, path.to_path_buf(), line));
            return Ok(());
        }
        let (Some(name), Some(kind)) = (&e.name, &e.kind) else {
            return Err(err(format!(
                "{:?} is not in the gazetteer, so it needs its \"name\" and \"type\"",
                e.entity
            )));
        };
        let kind: EntityType = kind.parse().map_err(err)?;
        if e.first.is_empty() {
            return Err(err(format!(
                "{:?} is not in the gazetteer, so it needs \"first\" (where it was first mentioned)",
                e.entity
            )));
        }
        let rule = e
            .rule
            .as_deref()
            .and_then(|r| Rule::ALL.into_iter().find(|x| x.as_str() == r))
            .ok_or_else(|| {
                err(format!(
                    "{:?} is not in the gazetteer, so it needs the rule that found it (\"rule\": {:?} is not one)",
                    e.entity, e.rule
                ))
            })?;
        let find = |id: &str| {
            gazetteer.find(id).ok_or_else(|| {
                err(format!(
                    "{id:?} (named by {:?}) is not in the gazetteer",
                    e.entity
                ))
            })
        };
        let u = Unlinked {
            kind,
            name: name.clone(),
            rule,
            parent: e.parent.as_deref().map(find).transpose()?,
            members: e.members.iter().map(|m| find(m)).collect::<Result<_>>()?,
        };
        if crate::catalog::unlinked_id(&u) != e.entity {
            return Err(err(format!(
                "{:?} is neither a gazetteer id nor the id of its name and rule ({:?})",
                e.entity,
                crate::catalog::unlinked_id(&u)
            )));
        }
        unlinked.push((e, u, path.to_path_buf(), line));
        Ok(())
    })?;
    unlinked.sort_by(|a, b| (&a.0.first, &a.0.entity).cmp(&(&b.0.first, &b.0.entity)));
    let mut builder = GraphBuilder::new();
    let twice = |e: &EntityCounts, path: &Path, line: usize| {
        Error::record(path, Some(line), format!("{:?} is listed twice", e.entity))
    };
    for (id, e, path, line) in &known {
        if !builder.add_node(node(*id, e)) {
            return Err(twice(e, path, *line));
        }
    }
    for (e, u, path, line) in &unlinked {
        let before = catalog.len();
        let id = catalog.id(&Target::Unlinked(u.clone()));
        if catalog.len() == before || !builder.add_node(node(id, e)) {
            return Err(twice(e, path, *line));
        }
    }

    // Pairs, with their evidence documents numbered in first-seen order.
    let mut doc_ids: Vec<String> = Vec::new();
    let mut doc_index: HashMap<String, usize> = HashMap::new();
    read_part(dir, "pairs", |p: PairCounts, path, line| {
        let err = |m: String| Error::record(path, Some(line), m);
        let find = |id: &str| {
            catalog
                .find(id)
                .filter(|e| builder.has_node(*e))
                .ok_or_else(|| err(format!("{id:?} is not among the entities of entities/")))
        };
        let (a, b) = (find(&p.a)?, find(&p.b)?);
        if a == b {
            return Err(err(format!("a pair of {:?} with itself", p.a)));
        }
        if p.evidence.len() > crate::graph::EVIDENCE_CAP {
            return Err(err(format!(
                "{} evidence documents: at most {} are kept",
                p.evidence.len(),
                crate::graph::EVIDENCE_CAP
            )));
        }
        let mut months = BTreeMap::new();
        for m in p.months {
            if !is_month(&m.month) {
                return Err(err(format!("{:?} is not a month (YYYY-MM)", m.month)));
            }
            *months.entry(m.month).or_default() += m.windows;
        }
        let evidence = p
            .evidence
            .into_iter()
            .map(|d| {
                let next = doc_ids.len();
                *doc_index.entry(d.clone()).or_insert_with(|| {
                    doc_ids.push(d);
                    next
                })
            })
            .collect();
        let edge = Edge {
            sentences: p.windows,
            documents: p.documents,
            expanded_sentences: p.expanded_windows,
            expanded_documents: p.expanded_documents,
            months,
            evidence,
        };
        if !builder.add_edge(a, b, edge) {
            return Err(err(format!(
                "the pair {:?} – {:?} is listed twice",
                p.a, p.b
            )));
        }
        Ok(())
    })?;
    builder.set_totals(manifest.documents as usize, manifest.windows);
    let co = builder.finish(options.min_count);

    let mut quads = Vec::new();
    let structure = graph_quads(
        &catalog,
        &co,
        &doc_ids,
        &GraphSummary {
            documents: manifest.documents,
            sentences: manifest.sentences,
            mentions: manifest.mentions,
            min_count: options.min_count,
            meta: crate::rdf::StoreMeta {
                gazetteer_hash: &manifest.gazetteer,
                inputs: &manifest.inputs,
                expand_composites: manifest.expand_composites,
                window,
                recognition: &manifest.recognition,
                document_graphs: false,
            },
        },
        &mut quads,
    );
    let count = quads.len() as u64;
    let store_bytes = crate::store::write_new(&options.store, |feed| feed(quads))?;
    Ok(BuildReport {
        read: Report {
            documents: manifest.documents as usize,
            duplicates: manifest.duplicates as usize,
            sentences: manifest.sentences as usize,
            mentions: manifest.mentions as usize,
            bytes: manifest.bytes,
            ..Report::default()
        },
        entities: co.graph.node_count(),
        edges: co.graph.edge_count(),
        quads: count,
        store_bytes,
        replaced,
        changes: None,
        structure,
    })
}

fn node(entity: EntityId, e: &EntityCounts) -> Node {
    Node {
        entity,
        mentions: e.mentions,
        documents: e.documents,
        windows: e.windows,
        expanded_mentions: e.expanded_mentions,
    }
}

fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}
