//! JSONL corpora: one document per line, `{"id", "text", "title"?, "date"?, "source"?}`.
//!
//! The text is used unchanged, so offsets index the record's `text` directly. A line that is not
//! a JSON object with a string `text` is reported with its file and line and skipped.

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
