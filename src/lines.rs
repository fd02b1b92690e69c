//! The JSON-lines records `regionkg tag` and `regionkg read` print: one mention, or one document
//! as regionkg reads it. Field names and order are the output contract (README, "`tag`
//! output"); offsets are characters into the document text.

use crate::catalog::describe;
use crate::corpus::Document;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::graph::Window;
use crate::recognise::{Mention, Target};
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

/// What `tag --records` adds: the window co-occurrence is counted in, and, per mention, what a
/// counting engine needs to credit the graph exactly as `build` does.
#[derive(Debug, Clone, Copy)]
pub struct Records {
    pub window: Window,
    pub expand_composites: bool,
}

/// The version of the records `tag --records` prints (and the counts contract builds on).
pub const RECORDS_FORMAT: &str = "regionkg-tag-records/1";

/// The first line of `tag --records`: how the mentions that follow were made.
#[derive(serde::Serialize)]
struct RunLine<'a> {
    record: &'static str,
    format: &'static str,
    generator: &'static str,
    gazetteer: &'a str,
    recognition: &'a str,
    window: &'static str,
    expand_composites: bool,
}

/// One document of `tag --records`, before its mentions.
#[derive(serde::Serialize)]
struct DocumentLine<'a> {
    record: &'static str,
    /// The engine's key of the input record, when it gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a serde_json::Value>,
    doc: &'a str,
    path: &'a str,
    line: Option<usize>,
    hash: &'a str,
    date: Option<&'a str>,
    month: Option<&'a str>,
    channel: Option<&'a str>,
    sentences: usize,
    windows: usize,
    mentions: usize,
    bytes: usize,
}

/// A mention of `tag --records`: the plain line and what the graph needs.
#[derive(serde::Serialize)]
struct MentionRecord<'a> {
    record: &'static str,
    #[serde(flatten)]
    line: TagLine<'a>,
    window: usize,
    /// For a name no gazetteer lists: the rule that found it, the known entity written inside
    /// it (河北省 in 河北省交通运输厅), credited to the same window.
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    /// The members of a composite (京津冀 → 北京市, 天津市, 河北省), credited with
    /// `expand_composites`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    members: Vec<&'a str>,
}

/// Writes the run record that opens `tag --records` output.
pub fn write_run_record(
    records: Records,
    gazetteer_hash: &str,
    recognition: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let line = RunLine {
        record: "run",
        format: RECORDS_FORMAT,
        generator: concat!("regionkg ", env!("CARGO_PKG_VERSION")),
        gazetteer: gazetteer_hash,
        recognition,
        window: records.window.as_str(),
        expand_composites: records.expand_composites,
    };
    write_line(&line, out)
}

/// Writes a document's record and its mentions with their windows (`tag --records`).
pub fn write_records(
    g: &Gazetteer,
    records: Records,
    doc: &Document,
    content_hash: &str,
    mentions: &[Mention],
    out: &mut dyn Write,
) -> Result<()> {
    let path = doc.path.to_string_lossy();
    let (window_of, windows) = crate::pipeline::windows_of(doc, records.window);
    let date = doc.date.as_deref();
    write_line(
        &DocumentLine {
            record: "document",
            key: doc.key.as_ref(),
            doc: &doc.id,
            path: &path,
            line: doc.line,
            hash: content_hash,
            date,
            month: date.and_then(|d| d.get(..7)),
            channel: doc.channel.as_deref(),
            sentences: doc.sentences.len(),
            windows,
            mentions: mentions.len(),
            bytes: doc.text.len(),
        },
        out,
    )?;
    for m in mentions {
        let (id, _, _) = describe(g, &m.target);
        let (rule, parent, members) = match &m.target {
            Target::Known(e) => (
                None,
                None,
                g.entity(*e)
                    .members
                    .iter()
                    .filter_map(|m| g.find(m))
                    .map(|m| g.entity(m).id.as_str())
                    .collect(),
            ),
            Target::Unlinked(u) => (
                Some(u.rule.as_str()),
                u.parent.map(|p| g.entity(p).id.as_str()),
                u.members.iter().map(|&m| g.entity(m).id.as_str()).collect(),
            ),
        };
        let record = MentionRecord {
            record: "mention",
            line: tag_line(g, doc, &path, m, &id),
            window: window_of[m.sentence],
            rule,
            parent,
            members,
        };
        write_line(&record, out)?;
    }
    Ok(())
}

fn tag_line<'a>(
    g: &'a Gazetteer,
    doc: &'a Document,
    path: &'a str,
    m: &'a Mention,
    id: &'a str,
) -> TagLine<'a> {
    let (_, name, kind) = describe(g, &m.target);
    TagLine {
        doc: &doc.id,
        path,
        sentence: m.sentence,
        start: m.start,
        end: m.end,
        text: &m.text,
        entity: id,
        name,
        kind: kind.as_str(),
        resolution: m.resolution.as_str(),
        alternatives: m
            .alternatives
            .iter()
            .map(|&a| g.entity(a).id.as_str())
            .collect(),
    }
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
        let (id, _, _) = describe(g, &m.target);
        write_line(&tag_line(g, doc, &path, m, &id), out)?;
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
