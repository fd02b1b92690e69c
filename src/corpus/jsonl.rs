//! JSONL corpora: one document per line, `{"id", "text", "title"?, "date"?, "source"?}`.
//!
//! The text is used unchanged, so offsets index the record's `text` directly. A line that is not
//! a JSON object with a string `text` is reported with its file and line and skipped.

use super::{Document, SourceFile};
use crate::error::{Error, Result};
use serde_json::Value;
use std::io::BufRead;
use std::path::PathBuf;

pub(super) struct Reader {
    path: PathBuf,
    name: String,
    lines: std::io::Lines<std::io::BufReader<std::fs::File>>,
    line: usize,
    /// Set after an I/O or encoding error: later lines of the file cannot be trusted.
    finished: bool,
}

impl Reader {
    pub(super) fn open(file: &SourceFile) -> Result<Reader> {
        let f = std::fs::File::open(&file.path).map_err(|e| Error::io(&file.path, e))?;
        Ok(Reader {
            path: file.path.clone(),
            name: file.name.clone(),
            lines: std::io::BufReader::new(f).lines(),
            line: 0,
            finished: false,
        })
    }

    fn parse(&self, line: &str) -> Result<Document> {
        let err = |m: String| Error::record(&self.path, Some(self.line), m);
        let value: Value =
            serde_json::from_str(line).map_err(|e| err(format!("not valid JSON: {e}")))?;
        let Value::Object(map) = value else {
            return Err(err("expected a JSON object".into()));
        };
        let text = match map.get("text") {
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(err("\"text\" is not a string".into())),
            None => return Err(err("no \"text\" field".into())),
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
        let date = string("date")?;
        Ok(Document::new(
            Document {
                id,
                path: self.path.clone(),
                line: Some(self.line),
                title: string("title")?,
                date: date.as_deref().and_then(super::markdown::parse_date),
                source: string("source")?,
                channel: None,
                text: text
                    .strip_prefix('\u{feff}')
                    .map_or(text.clone(), String::from),
                sentences: Vec::new(),
                body_start: 0,
            },
            false,
        ))
    }
}

impl Iterator for Reader {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        while !self.finished {
            let line = self.lines.next()?;
            self.line += 1;
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    self.finished = true;
                    return Some(Err(Error::record(
                        &self.path,
                        Some(self.line),
                        format!("cannot read: {e}"),
                    )));
                }
            };
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
