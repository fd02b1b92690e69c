//! Gold annotations in JSONL (one mention a line: doc, s, sentence, surface, type, canonical),
//! and the predictions to score against them: the documents of a corpus the gold annotates,
//! recognised and described as the gold describes its mentions.

use super::{gold_type, Annotation};
use crate::catalog::describe;
use crate::corpus::{discover, Corpus, Document, Format};
use crate::error::{Error, Result};
use crate::recognise::Recognizer;
use std::collections::HashSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Reads a JSONL file of annotations, one record a line (blank lines skipped), each made by
/// `record` from its JSON object; a bad line is an error naming the file and line.
fn read_records<T>(
    path: &Path,
    record: impl Fn(&serde_json::Value, &dyn Fn(String) -> Error) -> Result<T>,
) -> Result<Vec<T>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let err = |m: String| Error::record(path, Some(i + 1), m);
        let v: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| err(format!("not valid JSON: {e}")))?;
        out.push(record(&v, &err)?);
    }
    Ok(out)
}

/// A string field of a record.
fn text(v: &serde_json::Value, k: &str, err: &dyn Fn(String) -> Error) -> Result<String> {
    v.get(k)
        .and_then(|x| x.as_str())
        .map(String::from)
        .ok_or_else(|| err(format!("no string field {k:?}")))
}

/// Reads gold annotations (one JSON object a line: doc, s, sentence, surface, type, canonical).
pub fn read_gold(path: &Path) -> Result<Vec<Annotation>> {
    read_records(path, |v, err| {
        let surface = text(v, "surface", err)?;
        Ok(Annotation {
            doc: text(v, "doc", err)?,
            sentence: v
                .get("s")
                .and_then(|x| x.as_u64())
                .ok_or_else(|| err("no sentence number \"s\"".into()))?
                as usize,
            kind: text(v, "type", err)?,
            entity: v
                .get("canonical")
                .and_then(|x| x.as_str())
                .map_or_else(|| surface.clone(), String::from),
            context: v
                .get("sentence")
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string(),
            surface,
        })
    })
}

/// Reads the surface and type of each annotation of a JSONL file, the only fields gazetteer
/// coverage needs (so any annotation file with them will do).
pub fn read_surface_types(path: &Path) -> Result<Vec<(String, String)>> {
    read_records(path, |v, err| {
        Ok((text(v, "surface", err)?, text(v, "type", err)?))
    })
}

/// What recognition predicted on the documents a gold file annotates.
#[derive(Debug, Default)]
pub struct Prediction {
    pub annotations: Vec<Annotation>,
    /// Inputs or records that could not be read.
    pub skipped: Vec<Error>,
    /// Annotated documents the inputs do not hold, sorted.
    pub missing: Vec<String>,
}

/// The key gold annotations know a document by: its id, else its file name, when `annotated`
/// says the gold has that key; `None` for a document the gold does not annotate.
pub fn annotated_key(doc: &Document, annotated: impl Fn(&str) -> bool) -> Option<String> {
    if annotated(&doc.id) {
        return Some(doc.id.clone());
    }
    let name = doc.path.file_name()?.to_string_lossy().into_owned();
    annotated(&name).then_some(name)
}

/// Recognises the documents of `inputs` that the gold annotates (by document id or file name;
/// the gold file itself is never read as input).
pub fn predict(
    recognizer: &Recognizer,
    inputs: &[PathBuf],
    gold_path: &Path,
    gold: &[Annotation],
) -> Prediction {
    let docs: HashSet<&str> = gold.iter().map(|a| a.doc.as_str()).collect();
    let found = discover(inputs);
    let mut prediction = Prediction {
        skipped: found.errors,
        ..Prediction::default()
    };
    let gold_file = std::fs::canonicalize(gold_path).ok();
    let files: Vec<_> = found
        .files
        .into_iter()
        .filter(|f| std::fs::canonicalize(&f.path).ok() != gold_file)
        .filter(|f| {
            let file_name = f.path.file_name().map(|n| n.to_string_lossy().into_owned());
            docs.contains(f.name.as_str())
                || file_name.is_some_and(|n| docs.contains(n.as_str()))
                || f.format == Format::Jsonl
        })
        .collect();
    let mut seen = HashSet::new();
    for doc in Corpus::new(files) {
        let doc = match doc {
            Ok(d) => d,
            Err(e) => {
                prediction.skipped.push(e);
                continue;
            }
        };
        let Some(id) = annotated_key(&doc, |k| docs.contains(k)) else {
            continue;
        };
        if !seen.insert(id.clone()) {
            continue;
        }
        for m in recognizer.recognise(&doc) {
            let (entity, _, kind) = describe(recognizer.gazetteer(), &m.target);
            prediction.annotations.push(Annotation {
                doc: id.clone(),
                sentence: m.sentence,
                surface: m.text,
                kind: gold_type(kind).to_string(),
                entity,
                context: doc.sentence_text(m.sentence).to_string(),
            });
        }
    }
    prediction.missing = docs
        .iter()
        .filter(|d| !seen.contains(**d))
        .map(|d| d.to_string())
        .collect();
    prediction.missing.sort();
    prediction
}
