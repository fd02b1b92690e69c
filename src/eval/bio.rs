//! Character-per-line BIO files (People's Daily style: LOC/ORG/PER spans), the predictions
//! projected onto their labels, and span scores.

use super::{set_score, Score};
use crate::catalog::describe;
use crate::corpus::Document;
use crate::error::{Error, Result};
use crate::gazetteer::EntityType;
use crate::recognise::{Recognizer, Target};
use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::Path;

/// A labelled span: start and end (character offsets, end exclusive) and the label.
pub type Span = (usize, usize, String);

/// A BIO file's column separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BioFormat {
    /// `char<TAB>tag`
    Tsv,
    /// `char tag`
    Space,
}

/// A sentence of a BIO file with its labelled spans (character offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BioSentence {
    pub text: String,
    pub spans: BTreeSet<Span>,
}

/// Reads a character-per-line BIO file (blank line between sentences).
pub fn read_bio(path: &Path, format: BioFormat) -> Result<Vec<BioSentence>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    let mut chars = String::new();
    let mut tags: Vec<String> = Vec::new();
    let finish = |chars: &mut String, tags: &mut Vec<String>, out: &mut Vec<BioSentence>| {
        if chars.is_empty() {
            return;
        }
        let mut spans = BTreeSet::new();
        let mut open: Option<(usize, String)> = None;
        for (i, tag) in tags
            .iter()
            .chain(std::iter::once(&"O".to_string()))
            .enumerate()
        {
            let (prefix, label) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
            let continues = prefix == "I" && open.as_ref().is_some_and(|(_, l)| l == label);
            if !continues {
                if let Some((start, label)) = open.take() {
                    spans.insert((start, i, label));
                }
                if prefix == "B" || prefix == "I" {
                    open = Some((i, label.to_string()));
                }
            }
        }
        out.push(BioSentence {
            text: std::mem::take(chars),
            spans,
        });
        tags.clear();
    };
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish(&mut chars, &mut tags, &mut out);
            continue;
        }
        let split = match format {
            BioFormat::Tsv => line.split_once('\t'),
            BioFormat::Space => line.rsplit_once(' '),
        };
        let Some((c, tag)) = split else {
            return Err(Error::record(
                path,
                Some(i + 1),
                format!(
                    "expected `char{}tag`, found {line:?}",
                    if format == BioFormat::Tsv {
                        "<TAB>"
                    } else {
                        " "
                    }
                ),
            ));
        };
        let mut cs = c.chars();
        let (Some(ch), None) = (cs.next(), cs.next()) else {
            return Err(Error::record(
                path,
                Some(i + 1),
                format!("expected one character before the tag, found {c:?}"),
            ));
        };
        chars.push(ch);
        tags.push(tag.trim().to_string());
    }
    finish(&mut chars, &mut tags, &mut out);
    Ok(out)
}

/// Scores predicted spans against BIO gold spans for the given labels (exact span and label
/// match; gold spans of other labels, such as PER, are out of scope and ignored).
pub fn evaluate_bio(
    gold: &[BioSentence],
    predicted: &[BTreeSet<Span>],
    labels: &[&str],
) -> BTreeMap<String, Score> {
    let mut out: BTreeMap<String, Score> = BTreeMap::new();
    for (g, p) in gold.iter().zip(predicted) {
        for label in labels {
            let only = |s: &BTreeSet<Span>| {
                s.iter()
                    .filter(|(_, _, l)| l == label)
                    .cloned()
                    .collect::<BTreeSet<_>>()
            };
            out.entry(label.to_string())
                .or_default()
                .add(set_score(&only(p), &only(&g.spans)));
        }
    }
    out
}

/// Our mentions of each sentence as BIO labels: places and zones are LOC, institutions ORG;
/// projects and plans have no label. People's Daily tags each abbreviation of a composite (中美,
/// 京津冀, 港澳) apart: a composite whose surface has a character per member is scored as its
/// characters.
pub fn predict_bio(recognizer: &Recognizer, sentences: &[BioSentence]) -> Vec<BTreeSet<Span>> {
    let g = recognizer.gazetteer();
    sentences
        .iter()
        .map(|s| {
            let doc = Document::from_text("bio", &s.text);
            recognizer
                .recognise(&doc)
                .into_iter()
                .flat_map(|m| {
                    let label = match describe(g, &m.target).2 {
                        EntityType::Place | EntityType::Zone => "LOC",
                        EntityType::Institution => "ORG",
                        EntityType::Project | EntityType::Plan => return Vec::new(),
                    };
                    let members = match &m.target {
                        Target::Unlinked(u) => u.members.len(),
                        Target::Known(e) => g.entity(*e).members.len(),
                    };
                    if members > 1 && m.end - m.start == members {
                        (m.start..m.end)
                            .map(|c| (c, c + 1, label.to_string()))
                            .collect()
                    } else {
                        vec![(m.start, m.end, label.to_string())]
                    }
                })
                .collect()
        })
        .collect()
}
