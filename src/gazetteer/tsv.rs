//! The gazetteer file format: UTF-8 TSV with a header (see `gazetteers/README.md`). Two kinds of
//! file, told apart by their header: entity files (`id`, `name`, `type`, ...) and abbreviation
//! tables (`abbreviation`, `id`). Parsing reports each bad row as `file:line: message` and leaves
//! it out; merging and cross-row checks belong to the parent module.

use super::{Abbreviation, Entity, EntityType, Origin};
use crate::error::GazetteerProblem;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Columns of an entity file, in the order `write_entities` uses.
pub const COLUMNS: [&str; 11] = [
    "id",
    "name",
    "type",
    "subtype",
    "aliases",
    "context_aliases",
    "parent",
    "members",
    "code",
    "lon",
    "lat",
];

const ABBREVIATION_COLUMNS: [&str; 3] = ["abbreviation", "id", "note"];

/// What one file holds.
#[derive(Debug, Default)]
pub struct Parsed {
    pub entities: Vec<Entity>,
    pub abbreviations: Vec<Abbreviation>,
}

/// Column positions found in a file's header.
struct Header {
    known: &'static [&'static str],
    index: Vec<Option<usize>>,
    width: usize,
}

impl Header {
    fn parse(line: &str) -> Result<Header, String> {
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let (known, required): (&'static [&'static str], &[&str]) =
            if fields.contains(&"abbreviation") {
                (&ABBREVIATION_COLUMNS, &["abbreviation", "id"])
            } else {
                (&COLUMNS, &["id", "name", "type"])
            };
        let mut index = vec![None; known.len()];
        for (pos, field) in fields.iter().enumerate() {
            let Some(col) = known.iter().position(|c| c == field) else {
                return Err(format!(
                    "unknown column {field:?} in header (known: {})",
                    known.join(", ")
                ));
            };
            if index[col].is_some() {
                return Err(format!("column {field:?} appears twice in header"));
            }
            index[col] = Some(pos);
        }
        for column in required {
            let col = known
                .iter()
                .position(|c| c == column)
                .expect("required columns are known");
            if index[col].is_none() {
                return Err(format!("header lacks the required column {column:?}"));
            }
        }
        Ok(Header {
            known,
            index,
            width: fields.len(),
        })
    }

    fn is_abbreviations(&self) -> bool {
        self.known[0] == "abbreviation"
    }

    fn get<'a>(&self, fields: &[&'a str], column: &str) -> &'a str {
        let col = self
            .known
            .iter()
            .position(|c| *c == column)
            .expect("column names are from the known list");
        self.at(fields, col)
    }

    /// The value of the `col`-th known column (faster than `get` on hot paths).
    fn at<'a>(&self, fields: &[&'a str], col: usize) -> &'a str {
        self.index[col]
            .and_then(|i| fields.get(i))
            .map_or("", |s| s.trim())
    }
}

/// The non-empty items of a `|`-separated list; an empty item between separators is kept (as
/// "") so the caller can report it.
fn split_list(value: &str) -> Vec<&str> {
    if value.is_empty() {
        Vec::new()
    } else {
        value.split('|').map(str::trim).collect()
    }
}

/// Parses one gazetteer file. Rows with problems are reported and left out.
pub fn parse_file(
    path: &Path,
    reader: impl BufRead,
    problems: &mut Vec<GazetteerProblem>,
) -> Parsed {
    let mut parsed = Parsed::default();
    let mut header: Option<Header> = None;
    let mut problem = |line: usize, message: String| {
        problems.push(GazetteerProblem {
            path: path.to_path_buf(),
            line,
            message,
        })
    };
    for (i, line) in reader.lines().enumerate() {
        let lineno = i + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                problem(lineno, format!("cannot read line: {e}"));
                break;
            }
        };
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let line = if lineno == 1 {
            line.strip_prefix('\u{feff}').unwrap_or(line)
        } else {
            line
        };
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(h) = &header else {
            match Header::parse(line) {
                Ok(h) => header = Some(h),
                Err(message) => {
                    problem(lineno, message);
                    return parsed;
                }
            }
            continue;
        };
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() > h.width {
            problem(
                lineno,
                format!(
                    "{} fields but the header has {} columns",
                    fields.len(),
                    h.width
                ),
            );
            continue;
        }
        let origin = Origin {
            path: path.to_path_buf(),
            line: lineno,
        };
        if h.is_abbreviations() {
            match parse_abbreviation(h, &fields, origin) {
                Ok(a) => parsed.abbreviations.push(a),
                Err(message) => problem(lineno, message),
            }
        } else {
            match parse_row(h, &fields, origin) {
                Ok(e) => parsed.entities.push(e),
                Err(message) => problem(lineno, message),
            }
        }
    }
    if header.is_none() {
        problem(
            1,
            "no header line (expected at least id, name, type)".into(),
        );
    }
    parsed
}

fn parse_abbreviation(h: &Header, fields: &[&str], origin: Origin) -> Result<Abbreviation, String> {
    let abbreviation = h.get(fields, "abbreviation");
    let id = h.get(fields, "id");
    if abbreviation.is_empty() || id.is_empty() {
        return Err("an abbreviation row needs both an abbreviation and an id".into());
    }
    Ok(Abbreviation {
        abbreviation: abbreviation.to_string(),
        id: id.to_string(),
        origin,
    })
}

fn names(
    id: &str,
    list: &str,
    what: &str,
    name: &str,
    out: &mut Vec<String>,
) -> Result<(), String> {
    for item in split_list(list) {
        if item.is_empty() {
            return Err(format!("entity {id:?} has an empty {what}"));
        }
        if item != name && !out.iter().any(|a| a == item) {
            out.push(item.to_string());
        }
    }
    Ok(())
}

// Positions in COLUMNS.
const ID: usize = 0;
const NAME: usize = 1;
const TYPE: usize = 2;
const SUBTYPE: usize = 3;
const ALIASES: usize = 4;
const CONTEXT_ALIASES: usize = 5;
const PARENT: usize = 6;
const MEMBERS: usize = 7;
const CODE: usize = 8;
const LON: usize = 9;
const LAT: usize = 10;

fn parse_row(h: &Header, fields: &[&str], origin: Origin) -> Result<Entity, String> {
    let id = h.at(fields, ID);
    if id.is_empty() {
        return Err("empty id".into());
    }
    if id.chars().any(|c| c.is_whitespace() || c == '|') {
        return Err(format!("id {id:?} contains whitespace or '|'"));
    }
    let name = h.at(fields, NAME);
    if name.is_empty() {
        return Err(format!("entity {id:?} has an empty name"));
    }
    let kind = h.at(fields, TYPE).parse::<EntityType>()?;
    let mut aliases = Vec::new();
    names(id, h.at(fields, ALIASES), "alias", name, &mut aliases)?;
    let mut context_aliases = Vec::new();
    names(
        id,
        h.at(fields, CONTEXT_ALIASES),
        "context alias",
        name,
        &mut context_aliases,
    )?;
    context_aliases.retain(|a| !aliases.contains(a));
    let mut members = Vec::new();
    for member in split_list(h.at(fields, MEMBERS)) {
        if member.is_empty() {
            return Err(format!("entity {id:?} has an empty member id"));
        }
        members.push(member.to_string());
    }
    let number = |col: usize| -> Result<Option<f64>, String> {
        let v = h.at(fields, col);
        let column = COLUMNS[col];
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| format!("{column} {v:?} is not a number"))
    };
    let coordinates = match (number(LON)?, number(LAT)?) {
        (Some(lon), Some(lat)) => Some((lon, lat)),
        (None, None) => None,
        _ => return Err(format!("entity {id:?} has only one of lon and lat")),
    };
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Ok(Entity {
        id: id.to_string(),
        name: name.to_string(),
        kind,
        subtype: h.at(fields, SUBTYPE).to_string(),
        aliases,
        context_aliases,
        parent: non_empty(h.at(fields, PARENT)),
        members,
        code: non_empty(h.at(fields, CODE)),
        coordinates,
        origin,
    })
}

/// Writes entities as a gazetteer file with every column, in the given order.
pub fn write_entities<'a>(
    entities: impl IntoIterator<Item = &'a Entity>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "{}", COLUMNS.join("\t"))?;
    for e in entities {
        writeln!(out, "{}", entity_row(e))?;
    }
    Ok(())
}

/// One entity as a TSV row (no line end). Tabs and line breaks inside values become spaces.
pub fn entity_row(e: &Entity) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let (lon, lat) = e
        .coordinates
        .map_or((String::new(), String::new()), |(lon, lat)| {
            (lon.to_string(), lat.to_string())
        });
    [
        clean(&e.id),
        clean(&e.name),
        e.kind.to_string(),
        clean(&e.subtype),
        clean(&e.aliases.join("|")),
        clean(&e.context_aliases.join("|")),
        clean(e.parent.as_deref().unwrap_or("")),
        clean(&e.members.join("|")),
        clean(e.code.as_deref().unwrap_or("")),
        lon,
        lat,
    ]
    .join("\t")
}

/// An entity with only the given fields set, for importers and `gazetteer add`.
pub fn new_entity(id: &str, name: &str, kind: EntityType, path: PathBuf, line: usize) -> Entity {
    Entity {
        id: id.to_string(),
        name: name.to_string(),
        kind,
        subtype: String::new(),
        aliases: Vec::new(),
        context_aliases: Vec::new(),
        parent: None,
        members: Vec::new(),
        code: None,
        coordinates: None,
        origin: Origin { path, line },
    }
}
