//! Reading a corpus: finding files, turning each record into a [`Document`] with its text split
//! into sentences. Formats: Markdown posts with front matter, plain text, JSONL.
//!
//! This stage knows nothing about entities; it hands clean text and sentence ranges to
//! `recognise`. Documents stream one at a time, so memory does not grow with the corpus.

mod jsonl;
mod markdown;

use crate::error::{Error, Result};
use crate::text::split_sentences;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The input formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.md`, `.markdown`: a post with YAML-style front matter.
    Markdown,
    /// `.txt`: one document per file, text unchanged.
    Text,
    /// `.jsonl`: one document per line, `{"id", "text", "title"?, "date"?, "source"?}`.
    Jsonl,
}

impl Format {
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "txt" => Some(Format::Text),
            "jsonl" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// One sentence of a document: a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    /// The sentence repeats an earlier sentence or paragraph of the same document; its
    /// mentions are not recognised again.
    pub repeated: bool,
}

/// One document of the corpus, cleaned and split.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Document id: the record's `id` (JSONL) or the file's path relative to the input folder.
    pub id: String,
    /// The file it came from.
    pub path: PathBuf,
    /// Line of the record in a JSONL file.
    pub line: Option<usize>,
    pub title: Option<String>,
    /// Publication time as ISO 8601 (`2019-02-21T06:41:00`), when the input has a valid one.
    pub date: Option<String>,
    /// Publisher or source named by the input (`source` in JSONL, `author` in front matter).
    pub source: Option<String>,
    /// Channel label split off a post title (`河北频道` from `..._河北频道`).
    pub channel: Option<String>,
    /// The text offsets refer to (for Markdown: the title line, then the cleaned body).
    pub text: String,
    pub sentences: Vec<Sentence>,
    /// Byte offset where the body starts (after the title line of a Markdown post, else 0).
    pub body_start: usize,
    /// An engine's own key for the record (JSONL `key`, a string or number), echoed in `tag
    /// --records` so the engine can join results back to its input.
    pub key: Option<serde_json::Value>,
}

impl Document {
    /// Builds a document from its text, splitting it into sentences. With `title_line`, the
    /// first line is one sentence whatever punctuation it contains.
    pub(crate) fn new(mut meta: Document, title_line: bool) -> Document {
        let text = &meta.text;
        let mut sentences = Vec::new();
        let mut body_start = 0;
        if title_line {
            let end = text.find('\n').unwrap_or(text.len());
            let first = &text[..end];
            if !first.trim().is_empty() {
                let s = first.len() - first.trim_start().len();
                sentences.push(s..s + first.trim().len());
            }
            body_start = end;
        }
        sentences.extend(
            split_sentences(&text[body_start..])
                .into_iter()
                .map(|r| r.start + body_start..r.end + body_start),
        );
        meta.sentences = mark_repeats(text, sentences);
        meta.body_start = body_start;
        meta
    }

    /// What makes two documents the same article: the body, when it is long enough to be
    /// distinctive (posts are republished under new titles), else the whole text.
    pub fn identity_text(&self) -> &str {
        const MIN_BODY_CHARS: usize = 100;
        let body = self.text[self.body_start..].trim();
        if body.chars().nth(MIN_BODY_CHARS).is_some() {
            body
        } else {
            &self.text
        }
    }

    /// A document made from plain text (as a `.txt` file would give), for tests and examples.
    pub fn from_text(id: &str, text: &str) -> Document {
        Document::new(
            Document {
                id: id.to_string(),
                path: PathBuf::from(id),
                line: None,
                title: None,
                date: None,
                source: None,
                channel: None,
                text: text.to_string(),
                sentences: Vec::new(),
                body_start: 0,
                key: None,
            },
            false,
        )
    }

    pub fn sentence_text(&self, index: usize) -> &str {
        &self.text[self.sentences[index].range.clone()]
    }
}

/// Marks sentences whose paragraph (line) repeats an earlier paragraph, or which repeat an
/// earlier sentence of at least `MIN_REPEAT_CHARS` characters.
fn mark_repeats(text: &str, ranges: Vec<Range<usize>>) -> Vec<Sentence> {
    const MIN_REPEAT_CHARS: usize = 6;
    let mut seen_paragraphs: rustc_hash::FxHashSet<&str> = Default::default();
    let mut seen_sentences: rustc_hash::FxHashSet<&str> = Default::default();
    let mut current_paragraph: Option<(usize, bool)> = None; // (line start, repeated)
    let mut out = Vec::with_capacity(ranges.len());
    // Sentences come in text order: the line start is found by scanning only the text since
    // the previous sentence (a 50 MB single-line file must not be rescanned per sentence).
    let (mut scanned, mut line_start) = (0, 0);
    for range in ranges {
        if range.start > scanned {
            if let Some(i) = text[scanned..range.start].rfind('\n') {
                line_start = scanned + i + 1;
            }
            scanned = range.start;
        }
        let paragraph_repeated = match current_paragraph {
            Some((start, repeated)) if start == line_start => repeated,
            _ => {
                let line_end = text[range.start..]
                    .find('\n')
                    .map_or(text.len(), |i| range.start + i);
                let repeated = !seen_paragraphs.insert(text[line_start..line_end].trim());
                current_paragraph = Some((line_start, repeated));
                repeated
            }
        };
        let sentence = &text[range.clone()];
        let sentence_repeated = sentence.chars().nth(MIN_REPEAT_CHARS - 1).is_some()
            && !seen_sentences.insert(sentence);
        out.push(Sentence {
            range,
            repeated: paragraph_repeated || sentence_repeated,
        });
    }
    out
}

/// A file to read, with the id documents from it get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Path relative to the input folder (or the file name), with `/` separators.
    pub name: String,
    pub format: Format,
}

/// What [`discover`] found.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<SourceFile>,
    /// Files in folders that were passed over because their extension is not a known format.
    pub ignored: usize,
    /// Inputs and folders that could not be read.
    pub errors: Vec<Error>,
}

/// The input name that stands for JSONL documents on standard input (`regionkg tag -`, so an
/// engine can pipe a partition of documents through the binary).
pub const STDIN: &str = "-";

/// Lists the files to read: named files, and every known-format file below named folders
/// (recursively, sorted by path; symbolic links to folders are not followed); [`STDIN`] is
/// JSONL on standard input.
pub fn discover(inputs: &[PathBuf]) -> Discovered {
    let mut found = Discovered::default();
    for input in inputs {
        if input.as_os_str() == STDIN {
            if found.files.iter().any(|f| f.path.as_os_str() == STDIN) {
                found
                    .errors
                    .push(Error::record(input, None, "standard input given twice"));
            } else {
                found.files.push(SourceFile {
                    path: input.clone(),
                    name: STDIN.to_string(),
                    format: Format::Jsonl,
                });
            }
            continue;
        }
        match std::fs::metadata(input) {
            Err(e) => found.errors.push(Error::io(input, e)),
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                walk(input, input, &mut files, &mut found);
                files.sort_by(|a: &SourceFile, b| a.path.cmp(&b.path));
                found.files.extend(files);
            }
            Ok(_) => match Format::from_path(input) {
                Some(format) => found.files.push(SourceFile {
                    path: input.clone(),
                    name: input
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                    format,
                }),
                None => found.errors.push(Error::record(
                    input,
                    None,
                    "unknown format: expected .md, .markdown, .txt or .jsonl",
                )),
            },
        }
    }
    found
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<SourceFile>, found: &mut Discovered) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return found.errors.push(Error::io(dir, e)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                found.errors.push(Error::io(dir, e));
                continue;
            }
        };
        let path = entry.path();
        let file_type = match entry.file_type() {
            Ok(t) => t,
            Err(e) => {
                found.errors.push(Error::io(&path, e));
                continue;
            }
        };
        if file_type.is_dir() {
            walk(root, &path, files, found);
            continue;
        }
        // Regular files and symbolic links to files; links to folders are not followed (so a
        // link loop cannot trap the walk), and a broken link with a corpus extension is
        // reported.
        if file_type.is_symlink() && !path.is_file() {
            if !path.exists() && Format::from_path(&path).is_some() {
                found.errors.push(Error::record(
                    &path,
                    None,
                    "a broken symbolic link (its target does not exist)",
                ));
            } else {
                found.ignored += 1;
            }
            continue;
        }
        match Format::from_path(&path) {
            Some(format) => {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let name = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push(SourceFile { path, name, format });
            }
            None => found.ignored += 1,
        }
    }
}

/// The place a channel label names, as written (`河北频道` → 河北, `凤凰网江苏频道` → 江苏,
/// `房产济南` → 济南); none when nothing is left. The one reading of channel labels, used by
/// recognition (to resolve ambiguous names) and by the network analysis (a post's home region).
pub fn channel_place(channel: &str) -> Option<&str> {
    let name = channel.trim_end_matches("频道");
    let name = name.strip_prefix("凤凰网").unwrap_or(name);
    let name = name.strip_prefix("房产").unwrap_or(name);
    (!name.is_empty()).then_some(name)
}

/// The largest document read (a Markdown or text file, or a JSONL line): 256 MiB, or
/// `REGIONKG_MAX_DOCUMENT_MB` megabytes. Larger ones are reported and skipped, so one
/// pathological file cannot exhaust memory (a document's processing holds a few copies of its
/// text).
pub fn max_document_bytes() -> usize {
    static LIMIT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var("REGIONKG_MAX_DOCUMENT_MB")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&mb| mb > 0)
            .map_or(256 << 20, |mb| mb << 20)
    })
}

/// Entry points for fuzzing and property tests: the readers on bytes in memory, as they run on
/// files. None of them may panic, whatever the input.
pub mod fuzzing {
    use super::{Document, Format, SourceFile};
    use crate::error::Result;
    use std::path::PathBuf;

    fn file(name: &str, format: Format) -> SourceFile {
        SourceFile {
            path: PathBuf::from(name),
            name: name.to_string(),
            format,
        }
    }

    /// A Markdown post's bytes (decoded as files are: UTF-8 or GB18030).
    pub fn markdown(bytes: &[u8]) -> Result<Document> {
        let text = super::decode_text(bytes.to_vec())
            .map_err(|m| crate::error::Error::record(std::path::Path::new("fuzz.md"), None, m))?;
        super::markdown::parse(&file("fuzz.md", Format::Markdown), &text)
    }

    /// A plain-text file's bytes.
    pub fn text(bytes: &[u8]) -> Result<Document> {
        let text = super::decode_text(bytes.to_vec())
            .map_err(|m| crate::error::Error::record(std::path::Path::new("fuzz.txt"), None, m))?;
        Ok(Document::from_text("fuzz.txt", &text))
    }

    /// A JSONL file's bytes: every record, or its error.
    pub fn jsonl(bytes: &[u8]) -> Vec<Result<Document>> {
        super::jsonl::Reader::from_bytes(&file("fuzz.jsonl", Format::Jsonl), bytes.to_vec())
            .collect()
    }
}

/// Reads a whole file as text: UTF-8 (a leading byte-order mark is dropped), or else GB18030
/// (which covers GBK and GB2312, common for Chinese text) when the bytes decode cleanly as such.
/// Anything else is an error naming the first byte that is not UTF-8.
fn read_utf8(path: &Path) -> Result<String> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > max_document_bytes() as u64 {
        return Err(Error::record(
            path,
            None,
            format!(
                "the file is {} MB, more than the {} MB one document may have: split it (or \
                 convert it to JSONL, one document a line)",
                size >> 20,
                max_document_bytes() >> 20
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    decode_text(bytes).map_err(|message| Error::record(path, None, message))
}

/// See [`read_utf8`].
pub(crate) fn decode_text(bytes: Vec<u8>) -> std::result::Result<String, String> {
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // A NUL byte means a binary file, whatever else the bytes might decode as.
            let (text, had_errors) = if bytes.contains(&0) {
                (std::borrow::Cow::Borrowed(""), true)
            } else {
                encoding_rs::GB18030.decode_without_bom_handling(&bytes)
            };
            if had_errors {
                return Err(format!(
                    "neither UTF-8 (first bad byte at offset {valid_up_to}) nor GB18030/GBK text"
                ));
            }
            text.into_owned()
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// Documents of a list of files, one at a time, in file order. Errors are yielded in place of
/// the records they concern, and reading goes on with the next record.
pub struct Corpus {
    files: std::vec::IntoIter<SourceFile>,
    jsonl: Option<jsonl::Reader>,
}

impl Corpus {
    pub fn new(files: Vec<SourceFile>) -> Corpus {
        Corpus {
            files: files.into_iter(),
            jsonl: None,
        }
    }
}

impl Iterator for Corpus {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        loop {
            if let Some(reader) = &mut self.jsonl {
                match reader.next() {
                    Some(item) => return Some(item),
                    None => self.jsonl = None,
                }
            }
            let file = self.files.next()?;
            match file.format {
                Format::Markdown => return Some(markdown::read(&file)),
                Format::Text => return Some(read_text(&file)),
                Format::Jsonl => match jsonl::Reader::open(&file) {
                    Ok(reader) => self.jsonl = Some(reader),
                    Err(e) => return Some(Err(e)),
                },
            }
        }
    }
}

fn read_text(file: &SourceFile) -> Result<Document> {
    let text = read_utf8(&file.path)?;
    Ok(Document::new(
        Document {
            id: file.name.clone(),
            path: file.path.clone(),
            line: None,
            title: None,
            date: None,
            source: None,
            channel: None,
            text,
            sentences: Vec::new(),
            body_start: 0,
            key: None,
        },
        false,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::new(
            Document {
                id: "d".into(),
                path: "d.txt".into(),
                line: None,
                title: None,
                date: None,
                source: None,
                channel: None,
                text: text.into(),
                sentences: Vec::new(),
                body_start: 0,
                key: None,
            },
            true,
        )
    }

    #[test]
    fn decodes_utf8_and_gbk_and_refuses_binary() {
        assert_eq!(
            decode_text("\u{feff}雄安新区".as_bytes().to_vec()).unwrap(),
            "雄安新区"
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("雄安新区与北京城市副中心");
        assert_eq!(
            decode_text(gbk.into_owned()).unwrap(),
            "雄安新区与北京城市副中心"
        );
        let err = decode_text(vec![0x89, b'P', b'N', b'G', 0, 0, 0xff]).unwrap_err();
        assert!(err.contains("first bad byte at offset 0"), "{err}");
    }

    #[test]
    fn republished_bodies_share_an_identity() {
        let body = "雄安新区建设提速。".repeat(20);
        let a = doc(&format!("标题一\n{body}"));
        let b = doc(&format!("标题二\n{body}"));
        assert_eq!(a.identity_text(), b.identity_text());
        // Short bodies are not distinctive: the title counts.
        assert_ne!(
            doc("标题一\n短文。").identity_text(),
            doc("标题二\n短文。").identity_text()
        );
    }

    #[test]
    fn title_is_sentence_zero_and_repeats_are_marked() {
        let d = doc("标题。含句号\n雄安新区建设提速。北京城市副中心启用。\n雄安新区建设提速。北京城市副中心启用。\n好。好。");
        let texts: Vec<(&str, bool)> = (0..d.sentences.len())
            .map(|i| (d.sentence_text(i), d.sentences[i].repeated))
            .collect();
        assert_eq!(
            texts,
            [
                ("标题。含句号", false),
                ("雄安新区建设提速。", false),
                ("北京城市副中心启用。", false),
                ("雄安新区建设提速。", true),
                ("北京城市副中心启用。", true),
                ("好。", false),
                ("好。", false),
            ]
        );
    }
}
