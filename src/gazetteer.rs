//! Gazetteers: plain UTF-8 TSV files of named entities, loaded in layers and checked.
//!
//! This module owns the file format (see `gazetteers/README.md`), layering and validation; it
//! knows nothing about text. Recognition (`recognise`) builds its automaton from a [`Gazetteer`].

use crate::error::{Error, GazetteerProblem, GazetteerProblems, Result};
use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The gazetteer files compiled into the binary, so `regionkg build corpus/` works anywhere.
const BUILTIN: &[(&str, &str)] = &[
    ("regional.tsv", include_str!("../gazetteers/regional.tsv")),
    ("divisions.tsv", include_str!("../gazetteers/divisions.tsv")),
    ("airports.tsv", include_str!("../gazetteers/airports.tsv")),
];

/// The five kinds of entity regionkg recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Place,
    Zone,
    Institution,
    Project,
    Plan,
}

impl EntityType {
    pub const ALL: [EntityType; 5] = [
        EntityType::Place,
        EntityType::Zone,
        EntityType::Institution,
        EntityType::Project,
        EntityType::Plan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Place => "Place",
            EntityType::Zone => "Zone",
            EntityType::Institution => "Institution",
            EntityType::Project => "Project",
            EntityType::Plan => "Plan",
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown type {s:?} (expected one of Place, Zone, Institution, Project, Plan)"
                )
            })
    }
}

/// Where a row came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: PathBuf,
    pub line: usize,
}

/// One named entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Stable id: a division code (`110112`) or a readable slug (`xiongan`).
    pub id: String,
    /// Canonical name (`北京市通州区` style official name).
    pub name: String,
    pub kind: EntityType,
    /// Free-form finer type (`district`, `airport`, `composite`...); may be empty.
    pub subtype: String,
    /// Other names that refer to the entity (short forms, abbreviations).
    pub aliases: Vec<String>,
    /// Id of the containing entity (区 → 市 → 省), if any.
    pub parent: Option<String>,
    /// Ids of the members of a composite (京津冀 → 11, 12, 13); membership is not containment.
    pub members: Vec<String>,
    /// Official code (statistical division code, IATA code), if any.
    pub code: Option<String>,
    /// Representative point (longitude, latitude), if known.
    pub coordinates: Option<(f64, f64)>,
    pub origin: Origin,
}

/// Index of an entity in a [`Gazetteer`]; stable for the life of that gazetteer.
pub type EntityId = u32;

/// A set of entities, merged from one or more layers and validated.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_id: HashMap<String, EntityId>,
    parents: Vec<Option<EntityId>>,
    depths: Vec<u32>,
}

const COLUMNS: [&str; 10] = [
    "id", "name", "type", "subtype", "aliases", "parent", "members", "code", "lon", "lat",
];

/// Column positions found in a file's header.
struct Header {
    index: [Option<usize>; COLUMNS.len()],
    width: usize,
}

impl Header {
    fn parse(line: &str) -> std::result::Result<Header, String> {
        let mut index = [None; COLUMNS.len()];
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        for (pos, field) in fields.iter().enumerate() {
            let Some(col) = COLUMNS.iter().position(|c| c == field) else {
                return Err(format!(
                    "unknown column {field:?} in header (known: {})",
                    COLUMNS.join(", ")
                ));
            };
            if index[col].is_some() {
                return Err(format!("column {field:?} appears twice in header"));
            }
            index[col] = Some(pos);
        }
        for required in ["id", "name", "type"] {
            if index[COLUMNS.iter().position(|c| *c == required).unwrap()].is_none() {
                return Err(format!("header lacks the required column {required:?}"));
            }
        }
        Ok(Header {
            index,
            width: fields.len(),
        })
    }

    fn get<'a>(&self, fields: &[&'a str], column: &str) -> &'a str {
        let col = COLUMNS
            .iter()
            .position(|c| *c == column)
            .expect("column names are from COLUMNS");
        self.index[col]
            .and_then(|i| fields.get(i))
            .map_or("", |s| s.trim())
    }
}

fn split_list(value: &str) -> impl Iterator<Item = &str> {
    value
        .split('|')
        .filter(|s| !value.is_empty() || !s.is_empty())
}

/// Parses one gazetteer file. Rows with problems are reported and left out.
pub fn parse_file(
    path: &Path,
    reader: impl BufRead,
    problems: &mut Vec<GazetteerProblem>,
) -> Vec<Entity> {
    let mut entities = Vec::new();
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
                    return entities;
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
        match parse_row(h, &fields) {
            Ok(mut entity) => {
                entity.origin = Origin {
                    path: path.to_path_buf(),
                    line: lineno,
                };
                entities.push(entity)
            }
            Err(message) => problem(lineno, message),
        }
    }
    if header.is_none() {
        problem(
            1,
            "no header line (expected at least id, name, type)".into(),
        );
    }
    entities
}

fn parse_row(h: &Header, fields: &[&str]) -> std::result::Result<Entity, String> {
    let id = h.get(fields, "id");
    if id.is_empty() {
        return Err("empty id".into());
    }
    if id.chars().any(|c| c.is_whitespace() || c == '|') {
        return Err(format!("id {id:?} contains whitespace or '|'"));
    }
    let name = h.get(fields, "name");
    if name.is_empty() {
        return Err(format!("entity {id:?} has an empty name"));
    }
    let kind = h.get(fields, "type").parse::<EntityType>()?;
    let mut aliases = Vec::new();
    for alias in split_list(h.get(fields, "aliases")) {
        let alias = alias.trim();
        if alias.is_empty() {
            return Err(format!("entity {id:?} has an empty alias"));
        }
        if alias != name && !aliases.iter().any(|a| a == alias) {
            aliases.push(alias.to_string());
        }
    }
    let mut members = Vec::new();
    for member in split_list(h.get(fields, "members")) {
        let member = member.trim();
        if member.is_empty() {
            return Err(format!("entity {id:?} has an empty member id"));
        }
        members.push(member.to_string());
    }
    let number = |column: &str| -> std::result::Result<Option<f64>, String> {
        let v = h.get(fields, column);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| format!("{column} {v:?} is not a number"))
    };
    let coordinates = match (number("lon")?, number("lat")?) {
        (Some(lon), Some(lat)) => Some((lon, lat)),
        (None, None) => None,
        _ => return Err(format!("entity {id:?} has only one of lon and lat")),
    };
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Ok(Entity {
        id: id.to_string(),
        name: name.to_string(),
        kind,
        subtype: h.get(fields, "subtype").to_string(),
        aliases,
        parent: non_empty(h.get(fields, "parent")),
        members,
        code: non_empty(h.get(fields, "code")),
        coordinates,
        origin: Origin {
            path: PathBuf::new(),
            line: 0,
        },
    })
}

/// One layer: the entities of a folder of `.tsv` files (or of one file).
fn read_layer(path: &Path, problems: &mut Vec<GazetteerProblem>) -> Result<Vec<Entity>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let files = if meta.is_dir() {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
            let entry = entry.map_err(|e| Error::io(path, e))?;
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "tsv") {
                files.push(p);
            }
        }
        files.sort();
        if files.is_empty() {
            return Err(Error::Invalid(format!(
                "gazetteer folder {} holds no .tsv files",
                path.display()
            )));
        }
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut entities = Vec::new();
    for file in files {
        let f = std::fs::File::open(&file).map_err(|e| Error::io(&file, e))?;
        entities.extend(parse_file(&file, std::io::BufReader::new(f), problems));
    }
    Ok(entities)
}

/// The built-in layer, compiled into the binary.
fn builtin_layer(problems: &mut Vec<GazetteerProblem>) -> Vec<Entity> {
    BUILTIN
        .iter()
        .flat_map(|(name, text)| {
            let path = Path::new("gazetteers").join(name);
            parse_file(&path, text.as_bytes(), problems)
        })
        .collect()
}

/// Which layers to load.
#[derive(Debug, Clone, Default)]
pub struct GazetteerOptions {
    /// Leave out the built-in gazetteers (only `layers` are used).
    pub no_builtin: bool,
    /// Folders or files loaded after the built-in layer, in order.
    pub layers: Vec<PathBuf>,
}

impl Gazetteer {
    /// The built-in gazetteers alone.
    pub fn builtin() -> Result<Gazetteer> {
        Gazetteer::load(&GazetteerOptions::default())
    }

    /// Loads and merges layers: within a layer an id may appear once; a later layer's row with
    /// an existing id extends that entity (its non-empty fields replace, its aliases and members
    /// are added).
    pub fn load(options: &GazetteerOptions) -> Result<Gazetteer> {
        let mut problems = Vec::new();
        let mut layers = Vec::new();
        if !options.no_builtin {
            layers.push(builtin_layer(&mut problems));
        }
        for path in &options.layers {
            layers.push(read_layer(path, &mut problems)?);
        }
        if layers.is_empty() {
            return Err(Error::Invalid(
                "no gazetteers: --no-builtin-gazetteers needs at least one --gazetteers".into(),
            ));
        }
        Gazetteer::from_layers(layers, problems)
    }

    /// Merges already-parsed layers and validates the result.
    pub fn from_layers(
        layers: Vec<Vec<Entity>>,
        mut problems: Vec<GazetteerProblem>,
    ) -> Result<Gazetteer> {
        let mut entities: Vec<Entity> = Vec::new();
        let mut by_id: HashMap<String, EntityId> = HashMap::new();
        for layer in layers {
            let mut in_layer: HashMap<String, Origin> = HashMap::new();
            for entity in layer {
                if let Some(first) = in_layer.get(&entity.id) {
                    problems.push(GazetteerProblem {
                        path: entity.origin.path.clone(),
                        line: entity.origin.line,
                        message: format!(
                            "duplicate id {:?} (first defined at {}:{})",
                            entity.id,
                            first.path.display(),
                            first.line
                        ),
                    });
                    continue;
                }
                in_layer.insert(entity.id.clone(), entity.origin.clone());
                match by_id.get(&entity.id) {
                    Some(&idx) => entities[idx as usize].extend_with(entity),
                    None => {
                        let idx = u32::try_from(entities.len())
                            .map_err(|_| Error::Invalid("more than 4 billion entities".into()))?;
                        by_id.insert(entity.id.clone(), idx);
                        entities.push(entity);
                    }
                }
            }
        }
        let mut parents = Vec::with_capacity(entities.len());
        for e in &entities {
            let mut dangling = |what: &str, id: &str| {
                problems.push(GazetteerProblem {
                    path: e.origin.path.clone(),
                    line: e.origin.line,
                    message: format!("{} {:?} of {:?} is not a known id", what, id, e.id),
                })
            };
            let parent = match &e.parent {
                Some(p) => match by_id.get(p) {
                    Some(&i) => Some(i),
                    None => {
                        dangling("parent", p);
                        None
                    }
                },
                None => None,
            };
            for m in &e.members {
                if !by_id.contains_key(m) {
                    dangling("member", m);
                }
            }
            parents.push(parent);
        }
        let depths = depths(&entities, &parents, &mut problems);
        if !problems.is_empty() {
            return Err(Error::Gazetteer(GazetteerProblems(problems)));
        }
        Ok(Gazetteer {
            entities,
            by_id,
            parents,
            depths,
        })
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id as usize]
    }

    /// Looks an entity up by its gazetteer id.
    pub fn find(&self, id: &str) -> Option<EntityId> {
        self.by_id.get(id).copied()
    }

    pub fn parent(&self, id: EntityId) -> Option<EntityId> {
        self.parents[id as usize]
    }

    /// Number of ancestors (a province under 中国 has depth 1).
    pub fn depth(&self, id: EntityId) -> u32 {
        self.depths[id as usize]
    }

    /// The entity's ancestors, nearest first.
    pub fn ancestors(&self, id: EntityId) -> impl Iterator<Item = EntityId> + '_ {
        std::iter::successors(self.parent(id), move |&p| self.parent(p))
    }

    /// Every (surface, entity) pair the recogniser should look for: names first, then aliases.
    pub fn surfaces(&self) -> impl Iterator<Item = (&str, EntityId, bool)> + '_ {
        self.entities.iter().enumerate().flat_map(|(i, e)| {
            let id = i as EntityId;
            std::iter::once((e.name.as_str(), id, true))
                .chain(e.aliases.iter().map(move |a| (a.as_str(), id, false)))
        })
    }
}

impl Entity {
    /// Applies a later layer's row for the same id.
    fn extend_with(&mut self, other: Entity) {
        self.name = other.name;
        self.kind = other.kind;
        if !other.subtype.is_empty() {
            self.subtype = other.subtype;
        }
        for a in other.aliases {
            if a != self.name && !self.aliases.contains(&a) {
                self.aliases.push(a);
            }
        }
        if other.parent.is_some() {
            self.parent = other.parent;
        }
        for m in other.members {
            if !self.members.contains(&m) {
                self.members.push(m);
            }
        }
        if other.code.is_some() {
            self.code = other.code;
        }
        if other.coordinates.is_some() {
            self.coordinates = other.coordinates;
        }
        self.origin = other.origin;
    }
}

/// Depth of every entity in the parent forest; a cycle is a problem (reported once per cycle).
fn depths(
    entities: &[Entity],
    parents: &[Option<EntityId>],
    problems: &mut Vec<GazetteerProblem>,
) -> Vec<u32> {
    const UNKNOWN: u32 = u32::MAX;
    let mut depths = vec![UNKNOWN; entities.len()];
    for start in 0..entities.len() {
        let mut path = Vec::new();
        let mut cur = Some(start as EntityId);
        while let Some(c) = cur {
            if depths[c as usize] != UNKNOWN {
                break;
            }
            if path.contains(&c) {
                let e = &entities[c as usize];
                let cycle: Vec<&str> = path
                    .iter()
                    .skip_while(|&&p| p != c)
                    .map(|&p| entities[p as usize].id.as_str())
                    .collect();
                problems.push(GazetteerProblem {
                    path: e.origin.path.clone(),
                    line: e.origin.line,
                    message: format!("parent cycle: {} -> {}", cycle.join(" -> "), e.id),
                });
                for &p in &path {
                    depths[p as usize] = 0;
                }
                path.clear();
                break;
            }
            path.push(c);
            cur = parents[c as usize];
        }
        let base = cur.map_or(0, |c| depths[c as usize].saturating_add(1));
        for (depth, &p) in (base..).zip(path.iter().rev()) {
            depths[p as usize] = depth;
        }
    }
    depths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<Entity>, Vec<GazetteerProblem>) {
        let mut problems = Vec::new();
        let e = parse_file(Path::new("t.tsv"), text.as_bytes(), &mut problems);
        (e, problems)
    }

    fn messages(text: &str) -> Vec<String> {
        let (entities, problems) = parse(text);
        match Gazetteer::from_layers(vec![entities], problems) {
            Ok(_) => vec![],
            Err(Error::Gazetteer(p)) => p.0.iter().map(|p| p.to_string()).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    const HEAD: &str = "id\tname\ttype\taliases\tparent\tmembers\n";

    #[test]
    fn builtin_gazetteer_loads_and_has_hierarchy() {
        let g = Gazetteer::builtin().expect("built-in gazetteers are valid");
        assert!(g.len() > 3000, "{} entities", g.len());
        let tongzhou = g.find("110112").unwrap();
        assert_eq!(g.entity(tongzhou).name, "通州区");
        let names: Vec<&str> = g
            .ancestors(tongzhou)
            .map(|a| g.entity(a).name.as_str())
            .collect();
        assert_eq!(names, ["北京市", "中国"]);
        assert_eq!(g.depth(tongzhou), 2);
    }

    #[test]
    fn problems_name_file_and_line() {
        let cases: &[(&str, &str)] = &[
            (
                "a\t北京\tPlace\t\t\t\nb\t\tPlace\t\t\t\n",
                "t.tsv:3: entity \"b\" has an empty name",
            ),
            ("a\t北京\tCity\t\t\t\n", "t.tsv:2: unknown type \"City\""),
            (
                "a\t北京\tPlace\t京| \t\t\n",
                "t.tsv:2: entity \"a\" has an empty alias",
            ),
            (
                "a\t北京\tPlace\t\t\t\na\t京\tPlace\t\t\t\n",
                "t.tsv:3: duplicate id \"a\" (first defined at t.tsv:2)",
            ),
            (
                "a\t北京\tPlace\t\tzz\t\n",
                "t.tsv:2: parent \"zz\" of \"a\" is not a known id",
            ),
            (
                "a\t京津\tPlace\t\t\tb|c\nb\t北京\tPlace\t\t\t\n",
                "t.tsv:2: member \"c\" of \"a\" is not a known id",
            ),
            (
                "a\tA\tPlace\t\tb\t\nb\tB\tPlace\t\ta\t\n",
                "parent cycle: a -> b -> a",
            ),
            (
                "a\t北京\tPlace\t\t\t\t\textra\n",
                "t.tsv:2: 8 fields but the header has 6 columns",
            ),
        ];
        for (rows, expected) in cases {
            let got = messages(&format!("{HEAD}{rows}"));
            assert!(
                got.iter().any(|m| m.contains(expected)),
                "rows {rows:?}: expected {expected:?} in {got:?}"
            );
        }
        assert_eq!(
            messages("id\tname\tkind\n"),
            [
                "t.tsv:1: unknown column \"kind\" in header (known: id, name, type, subtype, aliases, parent, members, code, lon, lat)"
            ]
        );
    }

    #[test]
    fn later_layer_extends_by_id() {
        let (base, mut problems) = parse(&format!("{HEAD}a\t北京市\tPlace\t北京\t\t\n"));
        let mut p2 = Vec::new();
        let over = parse_file(
            Path::new("user.tsv"),
            format!("{HEAD}a\t北京市\tPlace\t京城\t\t\nb\t首都\tPlace\t\ta\t\n").as_bytes(),
            &mut p2,
        );
        problems.extend(p2);
        let g = Gazetteer::from_layers(vec![base, over], problems).unwrap();
        let a = g.entity(g.find("a").unwrap());
        assert_eq!(a.aliases, ["北京", "京城"]);
        assert_eq!(g.parent(g.find("b").unwrap()), g.find("a"));
    }
}
