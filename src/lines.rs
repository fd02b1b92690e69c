//! The JSON-lines records `regionkg tag` and `regionkg read` print: one mention, or one document
//! as regionkg reads it. Field names and order are the output contract (README, "`tag`
//! output"); offsets are characters into the document text.

use crate::catalog::describe;
use crate::corpus::Document;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::recognise::Mention;
use crate::text::CharCounter;
use std::io::Write;

/// One mention.
#[derive(serde::Serialize)]
struct TagLine<'a> {
    doc: &'a str,
    path: &'a str,
    sentence: usize,
    start: usize,
    end: usize,
    text: &'a str,
    entity: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    resolution: &'static str,
    /// The other entities a shared name could have meant.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternatives: Vec<&'a str>,
}

/// Writes a document's mentions, a line each.
pub fn write_mentions(
    g: &Gazetteer,
    doc: &Document,
    mentions: &[Mention],
    out: &mut dyn Write,
) -> Result<()> {
    let path = doc.path.to_string_lossy();
    for m in mentions {
        let (id, name, kind) = describe(g, &m.target);
        let line = TagLine {
            doc: &doc.id,
            path: &path,
            sentence: m.sentence,
            start: m.start,
            end: m.end,
            text: &m.text,
            entity: &id,
            name,
            kind: kind.as_str(),
            resolution: m.resolution.as_str(),
            alternatives: m
                .alternatives
                .iter()
                .map(|&a| g.entity(a).id.as_str())
                .collect(),
        };
        write_line(&line, out)?;
    }
    Ok(())
}

/// One document as read.
#[derive(serde::Serialize)]
struct ReadLine<'a> {
    doc: &'a str,
    path: &'a str,
    line: Option<usize>,
    title: Option<&'a str>,
    date: Option<&'a str>,
    source: Option<&'a str>,
    channel: Option<&'a str>,
    text: &'a str,
    sentences: Vec<[usize; 2]>,
}

/// Writes a document: its metadata, cleaned text and sentences as character offsets.
pub fn write_document(doc: &Document, out: &mut dyn Write) -> Result<()> {
    let mut chars = CharCounter::new(&doc.text);
    let sentences = doc
        .sentences
        .iter()
        .map(|s| {
            [
                chars.char_offset(s.range.start),
                chars.char_offset(s.range.end),
            ]
        })
        .collect();
    let line = ReadLine {
        doc: &doc.id,
        path: &doc.path.to_string_lossy(),
        line: doc.line,
        title: doc.title.as_deref(),
        date: doc.date.as_deref(),
        source: doc.source.as_deref(),
        channel: doc.channel.as_deref(),
        text: &doc.text,
        sentences,
    };
    write_line(&line, out)
}

/// A record and a newline; a write error keeps its kind (a closed pipe is `BrokenPipe`).
fn write_line(record: &impl serde::Serialize, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer(&mut *out, record)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(Error::Write)
}
