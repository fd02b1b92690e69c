//! Converting between our gazetteer format and the name lists other tools use: jieba user
//! dictionaries (`word [freq] [tag]`) and spaCy EntityRuler patterns (JSONL `{"label",
//! "pattern", "id"}`), so the same names serve jieba and spaCy pipelines.

use super::tsv::new_entity;
use super::{Entity, EntityType, Gazetteer};
use crate::error::GazetteerProblem;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;

/// Frequency written into exported jieba dictionaries: high enough that jieba keeps the names
/// whole when it segments.
pub const JIEBA_FREQ: u32 = 1000;

/// jieba part-of-speech tag for a type: ns (place), nt (organisation), nz (other proper noun).
pub fn jieba_tag(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Place => "ns",
        EntityType::Institution => "nt",
        EntityType::Zone | EntityType::Project | EntityType::Plan => "nz",
    }
}

fn type_of_jieba_tag(tag: &str) -> Option<EntityType> {
    match tag {
        "ns" => Some(EntityType::Place),
        "nt" => Some(EntityType::Institution),
        "nz" => Some(EntityType::Project),
        _ => None,
    }
}

/// spaCy's usual labels mapped to our types (our own type names are accepted as labels too).
fn type_of_spacy_label(label: &str) -> Option<EntityType> {
    match label {
        "GPE" | "LOC" => Some(EntityType::Place),
        "ORG" | "NORP" => Some(EntityType::Institution),
        "FAC" | "EVENT" => Some(EntityType::Project),
        "LAW" | "WORK_OF_ART" => Some(EntityType::Plan),
        other => other.parse().ok(),
    }
}

/// What an import produced: entities (ids from the input, or the name) and the lines it skipped.
#[derive(Debug, Default)]
pub struct Imported {
    pub entities: Vec<Entity>,
    pub skipped: Vec<GazetteerProblem>,
}

impl Imported {
    /// The lines of `reader` with their 1-based numbers, up to the first that cannot be read
    /// (reported as skipped: what follows it is unreachable).
    fn numbered_lines(&mut self, path: &Path, reader: impl BufRead) -> Vec<(usize, String)> {
        let mut lines = Vec::new();
        for (i, line) in reader.lines().enumerate() {
            match line {
                Ok(l) => lines.push((i + 1, l)),
                Err(e) => {
                    self.skip(path, i + 1, format!("cannot read: {e}"));
                    break;
                }
            }
        }
        lines
    }

    fn skip(&mut self, path: &Path, line: usize, message: String) {
        self.skipped.push(GazetteerProblem {
            path: path.to_path_buf(),
            line,
            message,
        });
    }

    /// Adds a surface for `id`: a new entity, or an alias of the one already imported.
    fn add(
        &mut self,
        index: &mut HashMap<String, usize>,
        id: &str,
        surface: &str,
        kind: EntityType,
        path: &Path,
        line: usize,
    ) {
        match index.get(id) {
            Some(&i) => {
                let e = &mut self.entities[i];
                if e.name != surface && !e.aliases.iter().any(|a| a == surface) {
                    e.aliases.push(surface.to_string());
                }
            }
            None => {
                index.insert(id.to_string(), self.entities.len());
                self.entities
                    .push(new_entity(id, surface, kind, path.to_path_buf(), line));
            }
        }
    }
}

/// Reads a jieba user dictionary: `word [freq] [tag]` per line. Words tagged ns, nt or nz become
/// Place, Institution or Project (`default_type`, when given, is used for every word instead);
/// other words are skipped and reported. The id of an imported entity is its name.
pub fn import_jieba(
    path: &Path,
    reader: impl BufRead,
    default_type: Option<EntityType>,
) -> Imported {
    let mut out = Imported::default();
    let mut index = HashMap::new();
    for (lineno, line) in out.numbered_lines(path, reader) {
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let word = parts[0];
        let tag = match parts.as_slice() {
            [_] => None,
            [_, x] if x.parse::<u64>().is_ok() => None,
            [_, tag] | [_, _, tag] => Some(*tag),
            _ => {
                out.skip(
                    path,
                    lineno,
                    format!("expected `word [freq] [tag]`, found {line:?}"),
                );
                continue;
            }
        };
        if parts.len() == 3 && parts[1].parse::<u64>().is_err() {
            out.skip(
                path,
                lineno,
                format!("frequency {:?} is not a whole number", parts[1]),
            );
            continue;
        }
        let kind = match (default_type, tag) {
            (Some(t), _) => t,
            (None, Some(tag)) => match type_of_jieba_tag(tag) {
                Some(t) => t,
                None => {
                    out.skip(path, lineno, format!("{word:?}: tag {tag:?} is not ns, nt or nz (give --type to import it anyway)"));
                    continue;
                }
            },
            (None, None) => {
                out.skip(
                    path,
                    lineno,
                    format!("{word:?} has no tag (give --type to import untagged words)"),
                );
                continue;
            }
        };
        if word.contains('|') {
            out.skip(path, lineno, format!("{word:?} contains '|'"));
            continue;
        }
        out.add(&mut index, word, word, kind, path, lineno);
    }
    out
}

/// Reads spaCy EntityRuler patterns (JSONL). Phrase patterns (a string) are imported; token
/// patterns (a list) are skipped and reported. Patterns sharing an `id` become one entity (the
/// first pattern its name, the others aliases); without an id, the pattern is the id.
pub fn import_spacy(path: &Path, reader: impl BufRead) -> Imported {
    let mut out = Imported::default();
    let mut index = HashMap::new();
    for (lineno, line) in out.numbered_lines(path, reader) {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                out.skip(path, lineno, format!("not valid JSON: {e}"));
                continue;
            }
        };
        let Some(label) = value.get("label").and_then(|l| l.as_str()) else {
            out.skip(path, lineno, "no \"label\" string".into());
            continue;
        };
        let Some(kind) = type_of_spacy_label(label) else {
            out.skip(path, lineno, format!("label {label:?} has no regionkg type (GPE, LOC, ORG, FAC, ... or Place, Zone, Institution, Project, Plan)"));
            continue;
        };
        let pattern = match value.get("pattern") {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim(),
            Some(serde_json::Value::Array(_)) => {
                out.skip(
                    path,
                    lineno,
                    "token patterns are not supported (only phrase patterns)".into(),
                );
                continue;
            }
            _ => {
                out.skip(path, lineno, "no \"pattern\" string".into());
                continue;
            }
        };
        let id = match value.get("id") {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => pattern.to_string(),
        };
        if id.chars().any(|c| c.is_whitespace() || c == '|') || pattern.contains('|') {
            out.skip(
                path,
                lineno,
                format!("id {id:?} or pattern {pattern:?} contains whitespace or '|'"),
            );
            continue;
        }
        out.add(&mut index, &id, pattern, kind, path, lineno);
    }
    out
}

/// Writes every name and alias as a jieba user dictionary line `word freq tag`, sorted and
/// deduplicated (context aliases are left out: jieba cannot scope them).
pub fn export_jieba(g: &Gazetteer, out: &mut dyn Write) -> std::io::Result<()> {
    let mut lines: Vec<(String, &str)> = Vec::new();
    for e in g.entities() {
        for surface in std::iter::once(&e.name).chain(&e.aliases) {
            if !surface.chars().any(char::is_whitespace) {
                lines.push((surface.clone(), jieba_tag(e.kind)));
            }
        }
    }
    lines.sort();
    lines.dedup_by(|a, b| a.0 == b.0);
    for (word, tag) in lines {
        writeln!(out, "{word} {JIEBA_FREQ} {tag}")?;
    }
    Ok(())
}

/// Writes spaCy EntityRuler phrase patterns, one per name and alias, labelled with our type and
/// carrying the entity id, in gazetteer order.
pub fn export_spacy(g: &Gazetteer, out: &mut dyn Write) -> std::io::Result<()> {
    for e in g.entities() {
        for surface in std::iter::once(&e.name).chain(&e.aliases) {
            let line =
                serde_json::json!({"label": e.kind.as_str(), "pattern": surface, "id": e.id});
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::tsv::Parsed;

    fn gazetteer_of(entities: Vec<Entity>) -> Gazetteer {
        let layer = Parsed {
            entities,
            abbreviations: vec![],
        };
        Gazetteer::from_layers(vec![layer], vec![]).unwrap()
    }

    #[test]
    fn jieba_round_trip() {
        let dict = "雄安新区 100 ns\n国家发改委 nt\n观致汽车 5\n中关村 10 nz\n吃饭 20 v\n";
        let imported = import_jieba(Path::new("user.dict"), dict.as_bytes(), None);
        let names: Vec<(&str, EntityType)> = imported
            .entities
            .iter()
            .map(|e| (e.name.as_str(), e.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("雄安新区", EntityType::Place),
                ("国家发改委", EntityType::Institution),
                ("中关村", EntityType::Project)
            ]
        );
        let skipped: Vec<String> = imported.skipped.iter().map(|p| p.to_string()).collect();
        assert_eq!(skipped.len(), 2);
        assert!(
            skipped[0].starts_with("user.dict:3: \"观致汽车\" has no tag"),
            "{skipped:?}"
        );
        assert!(
            skipped[1].starts_with("user.dict:5: \"吃饭\": tag \"v\""),
            "{skipped:?}"
        );
        let g = gazetteer_of(imported.entities);
        let mut buf = Vec::new();
        export_jieba(&g, &mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "中关村 1000 nz\n国家发改委 1000 nt\n雄安新区 1000 ns\n"
        );
    }

    #[test]
    fn spacy_round_trip() {
        let patterns = concat!(
            "{\"label\": \"GPE\", \"pattern\": \"北京市\", \"id\": \"11\"}\n",
            "{\"label\": \"GPE\", \"pattern\": \"北京\", \"id\": \"11\"}\n",
            "{\"label\": \"ORG\", \"pattern\": [{\"LOWER\": \"x\"}]}\n",
            "{\"label\": \"Zone\", \"pattern\": \"雄安新区\"}\n",
            "not json\n",
        );
        let imported = import_spacy(Path::new("p.jsonl"), patterns.as_bytes());
        assert_eq!(imported.entities.len(), 2);
        assert_eq!(imported.entities[0].aliases, ["北京"]);
        assert_eq!(imported.entities[1].id, "雄安新区");
        assert_eq!(imported.skipped.len(), 2);
        let g = gazetteer_of(imported.entities);
        let mut buf = Vec::new();
        export_spacy(&g, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(
            text.starts_with("{\"id\":\"11\",\"label\":\"Place\",\"pattern\":\"北京市\"}"),
            "{text}"
        );
        let back = import_spacy(Path::new("again.jsonl"), text.as_bytes());
        assert_eq!(back.entities.len(), 2);
        assert_eq!(back.entities[0].kind, EntityType::Place);
    }
}
