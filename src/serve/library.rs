//! The library of ready questions (`queries/*.rq`), compiled into the binary so a server
//! needs no checkout, or read from a user's folder; each with the header it declares.

use crate::error::{Error, Result};
use crate::store::declared_params;
use serde_json::{json, Value};
use std::path::Path;

/// The questions that ship in `queries/`, by name (a test checks the list against the folder).
const BUILT_IN: &[(&str, &str)] = &[
    (
        "ambiguous-mentions",
        include_str!("../../queries/ambiguous-mentions.rq"),
    ),
    (
        "associated-entities",
        include_str!("../../queries/associated-entities.rq"),
    ),
    (
        "composite-rollup",
        include_str!("../../queries/composite-rollup.rq"),
    ),
    (
        "documents-two-entities",
        include_str!("../../queries/documents-two-entities.rq"),
    ),
    (
        "entity-documents",
        include_str!("../../queries/entity-documents.rq"),
    ),
    (
        "institutions-in-zone",
        include_str!("../../queries/institutions-in-zone.rq"),
    ),
    (
        "pair-by-month",
        include_str!("../../queries/pair-by-month.rq"),
    ),
    (
        "pair-evidence",
        include_str!("../../queries/pair-evidence.rq"),
    ),
    (
        "projects-linking-regions",
        include_str!("../../queries/projects-linking-regions.rq"),
    ),
    (
        "regions-linked-by-project",
        include_str!("../../queries/regions-linked-by-project.rq"),
    ),
    (
        "top-pairs-by-type",
        include_str!("../../queries/top-pairs-by-type.rq"),
    ),
    ("top-pairs", include_str!("../../queries/top-pairs.rq")),
    (
        "unlinked-entities",
        include_str!("../../queries/unlinked-entities.rq"),
    ),
    (
        "within-province",
        include_str!("../../queries/within-province.rq"),
    ),
];

/// One question: its name (the file name less `.rq`), text and header.
#[derive(Debug, Clone)]
pub struct Question {
    pub name: String,
    pub sparql: String,
    header: Header,
}

/// What a query's leading comments declare.
#[derive(Debug, Clone, Default, PartialEq)]
struct Header {
    question: String,
    params: Vec<(String, String, Option<String>, String)>,
    columns: Vec<String>,
    notes: String,
}

/// The questions a server offers, sorted by name.
#[derive(Debug, Clone)]
pub struct Library {
    questions: Vec<Question>,
}

impl Library {
    /// The questions compiled into the binary.
    pub fn built_in() -> Library {
        Library::from_texts(BUILT_IN.iter().map(|(n, q)| (n.to_string(), q.to_string())))
    }

    /// The `*.rq` files of a folder.
    pub fn from_folder(dir: &Path) -> Result<Library> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut texts = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| Error::io(dir, e))?.path();
            if path.extension().is_some_and(|e| e == "rq") {
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                texts.push((name, text));
            }
        }
        if texts.is_empty() {
            return Err(Error::Invalid(format!(
                "{}: no .rq files (the library of questions is a folder of SPARQL files)",
                dir.display()
            )));
        }
        Ok(Library::from_texts(texts.into_iter()))
    }

    fn from_texts(texts: impl Iterator<Item = (String, String)>) -> Library {
        let mut questions: Vec<Question> = texts
            .map(|(name, sparql)| Question {
                header: header(&sparql),
                name,
                sparql,
            })
            .collect();
        questions.sort_by(|a, b| a.name.cmp(&b.name));
        Library { questions }
    }

    pub fn get(&self, name: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.name == name)
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// The library as JSON: for each question its name, question, parameters (name, default,
    /// language, note), result columns and notes.
    pub fn to_json(&self) -> Value {
        Value::Array(self.questions.iter().map(Question::to_json).collect())
    }
}

impl Question {
    pub fn to_json(&self) -> Value {
        let h = &self.header;
        json!({
            "name": self.name,
            "sparql": self.sparql,
            "question": h.question,
            "params": h.params.iter().map(|(name, default, language, note)| json!({
                "name": name,
                "default": default,
                "language": language,
                "note": note,
            })).collect::<Vec<_>>(),
            "columns": h.columns,
            "notes": h.notes,
        })
    }
}

/// Reads a query's header: `# Question:` (running on over plain comment lines), `# Param ?x =
/// value@lang (note)` lines, `# Columns: a, b` and the indented comment lines after it.
fn header(sparql: &str) -> Header {
    let mut h = Header::default();
    let declared = declared_params(sparql);
    #[derive(PartialEq)]
    enum Section {
        None,
        Question,
        Columns,
    }
    let mut section = Section::None;
    let join = |text: &mut String, line: &str| {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(line.trim());
    };
    for line in sparql.lines() {
        let Some(comment) = line.trim_start().strip_prefix('#') else {
            if line.trim().is_empty() {
                continue;
            }
            break;
        };
        let body = comment.trim_start();
        if let Some(q) = body.strip_prefix("Question:") {
            join(&mut h.question, q);
            section = Section::Question;
        } else if let Some(p) = body.strip_prefix("Param") {
            let note = p
                .split_once('(')
                .and_then(|(_, rest)| rest.rsplit_once(')'))
                .map_or(String::new(), |(note, _)| note.trim().to_string());
            let name = p
                .split_once('=')
                .map(|(n, _)| n.trim().trim_start_matches(['?', '$']).to_string());
            if let Some(d) = name.and_then(|n| declared.iter().find(|d| d.name == n)) {
                h.params
                    .push((d.name.clone(), d.default.clone(), d.language.clone(), note));
            }
            section = Section::None;
        } else if let Some(c) = body.strip_prefix("Columns:") {
            h.columns = c
                .split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect();
            section = Section::Columns;
        } else if section == Section::Question && !comment.starts_with("   ") {
            join(&mut h.question, body);
        } else if section != Section::None {
            join(&mut h.notes, body);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_library_is_the_queries_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
        let folder = Library::from_folder(&dir).unwrap();
        let built_in = Library::built_in();
        let names =
            |l: &Library| -> Vec<String> { l.questions.iter().map(|q| q.name.clone()).collect() };
        assert_eq!(names(&built_in), names(&folder));
        for (a, b) in built_in.questions.iter().zip(&folder.questions) {
            assert_eq!(a.sparql, b.sparql, "{}", a.name);
        }
        // Every question says what it asks and what it returns.
        for q in &built_in.questions {
            assert!(!q.header.question.is_empty(), "{}", q.name);
            assert!(!q.header.columns.is_empty(), "{}", q.name);
        }
    }

    #[test]
    fn reads_a_header() {
        let h = header(
            "# Question: which entities are most associated\n\
             # with a given one?\n\
             # Param ?name = 雄安新区@zh    (a name or alias)\n\
             # Param ?min = 2\n\
             # Columns: name, npmi\n\
             #   name: its name; npmi: the association\n\
             PREFIX rkg: <https://w3id.org/regionkg/ns#>\n\
             # Not header: after the query starts.\n\
             SELECT * WHERE { ?s ?p ?o }",
        );
        assert_eq!(
            h,
            Header {
                question: "which entities are most associated with a given one?".into(),
                params: vec![
                    (
                        "name".into(),
                        "雄安新区".into(),
                        Some("zh".into()),
                        "a name or alias".into()
                    ),
                    ("min".into(), "2".into(), None, String::new()),
                ],
                columns: vec!["name".into(), "npmi".into()],
                notes: "name: its name; npmi: the association".into(),
            }
        );
    }
}
