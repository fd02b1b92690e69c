//! JSONL corpora: one document per line, `{"id", "text", "title"?, "date"?, "source"?}`.
//!
//! The text is used unchanged, so offsets index the record's `text` directly. A line that is not
//! a JSON object with a string `text` is reported with its file and line and skipped.
//!
//! A record may carry a whole Markdown post instead, `{"id", "markdown", "path"?}`: it is read as
//! the post file would be (front matter, cleaning, title line), so an engine that ships posts as
//! records gets the documents, offsets and content hashes of a local run over the folder. `path`
//! names the file the record stands for (it becomes the document's path, as if read from there,
//! at `line` if given); `key` (a string or number) is the engine's own, echoed by `tag
//! --records`.

use super::{Document, SourceFile};
use crate::error::{Error, Result};
use serde_json::Value;
use std::io::{BufRead, Read};
use std::path::PathBuf;

pub(super) struct Reader {
    path: PathBuf,
    name: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
    /// Set after an I/O or encoding error: later lines of the file cannot be trusted.
    finished: bool,
}

impl Reader {
    pub(super) fn open(file: &SourceFile) -> Result<Reader> {
        let reader: Box<dyn BufRead + Send> = if file.path.as_os_str() == super::STDIN {
            Box::new(std::io::BufReader::new(std::io::stdin()))
        } else {
            let f = std::fs::File::open(&file.path).map_err(|e| Error::io(&file.path, e))?;
            Box::new(std::io::BufReader::new(f))
        };
        Ok(Reader {
            path: file.path.clone(),
            name: file.name.clone(),
            reader,
            line: 0,
            finished: false,
        })
    }

    /// A reader over bytes in memory (for fuzzing).
    pub(super) fn from_bytes(file: &SourceFile, bytes: Vec<u8>) -> Reader {
        Reader {
            path: file.path.clone(),
            name: file.name.clone(),
            reader: Box::new(std::io::Cursor::new(bytes)),
            line: 0,
            finished: false,
        }
    }

    fn parse(&self, line: &str) -> Result<Document> {
        let err = |m: String| Error::record(&self.path, Some(self.line), m);
        let value: Value =
            serde_json::from_str(line).map_err(|e| err(format!("not valid JSON: {e}")))?;
        let Value::Object(map) = value else {
            return Err(err("expected a JSON object".into()));
        };
        let markdown = match (map.get("text"), map.get("markdown")) {
            (Some(_), Some(_)) => {
                return Err(err(
                    "both \"text\" and \"markdown\": a record has one or the other".into(),
                ))
            }
            (None, Some(Value::String(s))) => Some(s),
            (None, Some(_)) => return Err(err("\"markdown\" is not a string".into())),
            (Some(Value::String(_)), None) => None,
            (Some(_), None) => return Err(err("\"text\" is not a string".into())),
            (None, None) => return Err(err("no \"text\" field (nor \"markdown\")".into())),
        };
        let id = match map.get("id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            None | Some(Value::Null) => format!("{}:{}", self.name, self.line),
            Some(_) => return Err(err("\"id\" is not a non-empty string or a number".into())),
        };
        let string = |key: &str| -> Result<Option<String>> {
            match map.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(err(format!("\"{key}\" is not a string"))),
            }
        };
        let named_path = match string("path")? {
            Some(p) if p.is_empty() => return Err(err("\"path\" is empty".into())),
            p => p.map(PathBuf::from),
        };
        // A record that names its file stands for that file (at the record's `line`, if it
        // gives one); else the record is at a line of this file, and a `line` field is the
        // corpus's own business.
        let line = match (&named_path, map.get("line")) {
            (None, _) => Some(self.line),
            (Some(_), None | Some(Value::Null)) => None,
            (Some(_), Some(v)) => match v.as_u64() {
                Some(n) if n > 0 => Some(n as usize),
                _ => return Err(err("\"line\" is not a positive integer".into())),
            },
        };
        let key = match map.get("key") {
            None | Some(Value::Null) => None,
            Some(v @ (Value::String(_) | Value::Number(_))) => Some(v.clone()),
            Some(_) => return Err(err("\"key\" is not a string or a number".into())),
        };
        let path = named_path.unwrap_or_else(|| self.path.clone());
        if let Some(markdown) = markdown {
            let file = SourceFile {
                path,
                name: id,
                format: super::Format::Markdown,
            };
            let markdown = markdown.strip_prefix('\u{feff}').unwrap_or(markdown);
            return super::markdown::parse(&file, markdown)
                .map(|doc| Document { line, key, ..doc })
                .map_err(|e| match e {
                    Error::Record { message, .. } => {
                        err(format!("the Markdown post does not parse: {message}"))
                    }
                    e => e,
                });
        }
        let text = match map.get("text") {
            Some(Value::String(s)) => s.clone(),
            _ => unreachable!("checked above"),
        };
        let date = string("date")?;
        Ok(Document::new(
            Document {
                id,
                path,
                line,
                title: string("title")?,
                date: date.as_deref().and_then(super::markdown::parse_date),
                source: string("source")?,
                channel: None,
                text: text
                    .strip_prefix('\u{feff}')
                    .map_or(text.clone(), String::from),
                sentences: Vec::new(),
                body_start: 0,
                key,
            },
            false,
        ))
    }
}

impl Iterator for Reader {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        while !self.finished {
            self.line += 1;
            let err = |m: String| Some(Err(Error::record(&self.path, Some(self.line), m)));
            // A line is read up to the document size limit; a longer one is skipped whole
            // (never held in memory) and reported.
            let mut bytes = Vec::new();
            let limit = super::max_document_bytes() as u64;
            match (&mut self.reader)
                .take(limit + 1)
                .read_until(b'\n', &mut bytes)
            {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.finished = true;
                    return err(format!("cannot read: {e}"));
                }
            }
            if bytes.len() as u64 > limit && bytes.last() != Some(&b'\n') {
                let mut rest = Vec::new();
                loop {
                    rest.clear();
                    match (&mut self.reader)
                        .take(1 << 20)
                        .read_until(b'\n', &mut rest)
                    {
                        Ok(0) => break,
                        Ok(_) if rest.last() == Some(&b'\n') => break,
                        Ok(_) => {}
                        Err(e) => {
                            self.finished = true;
                            return err(format!("cannot read: {e}"));
                        }
                    }
                }
                return err(format!(
                    "the line is longer than {} MB, the most one document may have",
                    super::max_document_bytes() >> 20
                ));
            }
            let line = match String::from_utf8(bytes) {
                Ok(l) => l,
                Err(e) => {
                    return err(format!(
                        "not UTF-8 (first bad byte at offset {} of the line)",
                        e.utf8_error().valid_up_to()
                    ))
                }
            };
            let line = line.trim_end_matches(['\n', '\r']).to_string();
            let l = if self.line == 1 {
                line.trim_start_matches('\u{feff}')
            } else {
                &line
            };
            if l.trim().is_empty() {
                continue;
            }
            return Some(self.parse(l));
        }
        None
    }
}
