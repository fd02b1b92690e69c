//! The evidence of a pair: the sentences where both entities are mentioned, read back from the
//! documents' sources (the store keeps mentions and offsets, not the text), each with both
//! names marked. A source that is gone or has changed since the build (its content hash
//! differs) is said so, never shown with wrong marks.

use crate::corpus::{Corpus, Format, SourceFile};
use crate::error::Result;
use crate::rdf::{entity_iri_of, sha256_hex};
use crate::store::query::{select_with, text};
use crate::store::Store;
use oxigraph::sparql::CancellationToken;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One sentence where both are named: where, and the character spans of each.
struct Hit {
    doc: String,
    id: String,
    title: String,
    date: String,
    path: String,
    line: Option<usize>,
    hash: String,
    sentence: usize,
    /// (begin, end, which): character offsets in the document, 0 for `a`, 1 for `b`.
    spans: Vec<(usize, usize, u8)>,
}

/// Up to `limit` sentences naming both `a` and `b` (entity ids), in document order, and how
/// many there are in all; the store's part stopped when `cancel` is cancelled.
pub fn evidence(
    store: &Store,
    a: &str,
    b: &str,
    limit: usize,
    cancel: CancellationToken,
) -> Result<Value> {
    let (ia, ib) = (entity_iri_of(a), entity_iri_of(b));
    // The IRIs are built from ids by percent-encoding: no character of them can end an IRI.
    let rows = select_with(
        store,
        &format!(
            "SELECT ?doc ?id ?title ?date ?path ?line ?hash ?s ?ab ?ae ?bb ?be WHERE {{
               GRAPH ?doc {{
                 ?ma itsrdf:taIdentRef {ia} ; rkg:sentence ?s ; nif:beginIndex ?ab ; nif:endIndex ?ae .
                 ?mb itsrdf:taIdentRef {ib} ; rkg:sentence ?s ; nif:beginIndex ?bb ; nif:endIndex ?be .
                 ?doc rkg:docId ?id ; rkg:sourcePath ?path ; rkg:contentHash ?hash .
                 OPTIONAL {{ ?doc schema:headline ?title }}
                 OPTIONAL {{ ?doc schema:datePublished ?date }}
                 OPTIONAL {{ ?doc rkg:sourceLine ?line }}
               }}
             }}"
        ),
        Some(cancel),
    )?;
    let mut hits: BTreeMap<(String, usize), Hit> = BTreeMap::new();
    for r in &rows {
        let number = |i: usize| text(&r[i]).parse::<usize>().ok();
        let (Some(s), Some(ab), Some(ae), Some(bb), Some(be)) =
            (number(7), number(8), number(9), number(10), number(11))
        else {
            continue;
        };
        let hit = hits.entry((text(&r[1]), s)).or_insert_with(|| Hit {
            doc: text(&r[0]),
            id: text(&r[1]),
            title: text(&r[2]),
            date: text(&r[3]),
            path: text(&r[4]),
            line: number(5),
            hash: text(&r[6]),
            sentence: s,
            spans: Vec::new(),
        });
        for span in [(ab, ae, 0), (bb, be, 1)] {
            if !hit.spans.contains(&span) {
                hit.spans.push(span);
            }
        }
    }
    let total = hits.len();
    let mut sentences = Vec::new();
    let mut sources: BTreeMap<(String, Option<usize>), Option<crate::corpus::Document>> =
        BTreeMap::new();
    for hit in hits.into_values().take(limit) {
        let doc = sources
            .entry((hit.path.clone(), hit.line))
            .or_insert_with(|| read_source(&hit.path, &hit.id, hit.line))
            .as_ref()
            .filter(|d| sha256_hex(d.identity_text()) == hit.hash);
        let segments = doc.and_then(|d| segments(d, hit.sentence, &hit.spans));
        sentences.push(json!({
            "doc": hit.doc,
            "id": hit.id,
            "title": hit.title,
            "date": hit.date,
            "sentence": hit.sentence,
            "segments": segments,
            "source": if segments.is_some() { "read" } else { "unavailable: the source file is gone or changed since the build" },
        }));
    }
    Ok(json!({"a": a, "b": b, "total": total, "sentences": sentences}))
}

/// The document `id` read again from its source file (the record at `line` of a JSONL file).
fn read_source(path: &str, id: &str, line: Option<usize>) -> Option<crate::corpus::Document> {
    let path = PathBuf::from(path);
    let format = Format::from_path(&path)?;
    let file = SourceFile {
        path,
        name: id.to_string(),
        format,
    };
    Corpus::new(vec![file])
        .filter_map(|d| d.ok())
        .find(|d| d.id == id && (line.is_none() || d.line == line))
}

/// The sentence as runs of text, each marked `a`, `b` or not at all.
fn segments(
    doc: &crate::corpus::Document,
    sentence: usize,
    spans: &[(usize, usize, u8)],
) -> Option<Value> {
    let range = doc.sentences.get(sentence)?.range.clone();
    let start = doc.text[..range.start].chars().count();
    let chars: Vec<char> = doc.text[range].chars().collect();
    let mut marks: Vec<Option<u8>> = vec![None; chars.len()];
    for &(b, e, which) in spans {
        if b < start || e > start + chars.len() || b >= e {
            return None;
        }
        for m in &mut marks[b - start..e - start] {
            *m = Some(which);
        }
    }
    let mut out: Vec<Value> = Vec::new();
    let mut run = String::new();
    let mut current = marks.first().copied().flatten();
    for (c, m) in chars.iter().zip(&marks) {
        if *m != current {
            out.push(json!({"text": run, "mark": current.map(|w| if w == 0 { "a" } else { "b" })}));
            run = String::new();
            current = *m;
        }
        run.push(*c);
    }
    if !run.is_empty() {
        out.push(json!({"text": run, "mark": current.map(|w| if w == 0 { "a" } else { "b" })}));
    }
    Some(Value::Array(out))
}
