//! Gazetteers: plain UTF-8 TSV files of named entities, loaded in layers and checked.
//!
//! This module owns the model, layering and validation; `tsv` owns the file format
//! (`gazetteers/README.md`), `check` the warnings and statistics of `regionkg gazetteer`,
//! `interop` the jieba and spaCy formats. Nothing here knows about text: recognition
//! (`recognise`) builds its automaton from a [`Gazetteer`].

pub mod check;
pub mod edit;
pub mod interop;
pub mod subtype;
pub mod tsv;

use crate::error::{Error, GazetteerProblem, GazetteerProblems, Result};
use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
pub use tsv::parse_file;

/// The gazetteer files compiled into the binary, so `regionkg build corpus/` works anywhere.
/// (A test checks that every `gazetteers/*.tsv` is listed here.)
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "abbreviations.tsv",
        include_str!("../../gazetteers/abbreviations.tsv"),
    ),
    (
        "airports.tsv",
        include_str!("../../gazetteers/airports.tsv"),
    ),
    (
        "companies-china.tsv",
        include_str!("../../gazetteers/companies-china.tsv"),
    ),
    (
        "companies-world.tsv",
        include_str!("../../gazetteers/companies-world.tsv"),
    ),
    (
        "composites.tsv",
        include_str!("../../gazetteers/composites.tsv"),
    ),
    (
        "divisions.tsv",
        include_str!("../../gazetteers/divisions.tsv"),
    ),
    (
        "geography.tsv",
        include_str!("../../gazetteers/geography.tsv"),
    ),
    (
        "institutions.tsv",
        include_str!("../../gazetteers/institutions.tsv"),
    ),
    (
        "international.tsv",
        include_str!("../../gazetteers/international.tsv"),
    ),
    (
        "listed-companies.tsv",
        include_str!("../../gazetteers/listed-companies.tsv"),
    ),
    (
        "local-institutions.tsv",
        include_str!("../../gazetteers/local-institutions.tsv"),
    ),
    (
        "markets-events.tsv",
        include_str!("../../gazetteers/markets-events.tsv"),
    ),
    ("media.tsv", include_str!("../../gazetteers/media.tsv")),
    ("plans.tsv", include_str!("../../gazetteers/plans.tsv")),
    (
        "projects.tsv",
        include_str!("../../gazetteers/projects.tsv"),
    ),
    ("towns.tsv", include_str!("../../gazetteers/towns.tsv")),
    (
        "universities.tsv",
        include_str!("../../gazetteers/universities.tsv"),
    ),
    (
        "world-cldr.tsv",
        include_str!("../../gazetteers/world-cldr.tsv"),
    ),
    ("world.tsv", include_str!("../../gazetteers/world.tsv")),
    ("zones.tsv", include_str!("../../gazetteers/zones.tsv")),
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
    /// Canonical name (the official name where there is one).
    pub name: String,
    pub kind: EntityType,
    /// Free-form finer type (`district`, `airport`, `composite`...); may be empty.
    pub subtype: String,
    /// Other names that refer to the entity (short forms, abbreviations).
    pub aliases: Vec<String>,
    /// Names that refer to the entity only inside a document that already names it or one of
    /// its ancestors by another name (副中心 in a 北京城市副中心 article; 资源 for 资源县 in a
    /// 桂林 article). Elsewhere they are ordinary words or other things.
    pub context_aliases: Vec<String>,
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

/// A one-character abbreviation of a province-level unit (京 → 北京市), for composites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    pub abbreviation: String,
    pub id: String,
    pub origin: Origin,
}

/// How a surface names an entity, in the order the recogniser prefers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SurfaceKind {
    Name,
    Alias,
    ContextAlias,
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
    abbreviations: Vec<(String, EntityId)>,
}

/// The `.tsv` files of a layer folder, sorted (or the file itself).
fn layer_files(path: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
        let p = entry.map_err(|e| Error::io(path, e))?.path();
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
    Ok(files)
}

/// One layer: everything in a folder of `.tsv` files (or in one file).
fn read_layer(path: &Path, problems: &mut Vec<GazetteerProblem>) -> Result<tsv::Parsed> {
    let mut layer = tsv::Parsed::default();
    for file in layer_files(path)? {
        let f = std::fs::File::open(&file).map_err(|e| Error::io(&file, e))?;
        let parsed = parse_file(&file, std::io::BufReader::new(f), problems);
        layer.entities.extend(parsed.entities);
        layer.abbreviations.extend(parsed.abbreviations);
    }
    Ok(layer)
}

/// The built-in layer, compiled into the binary.
fn builtin_layer(problems: &mut Vec<GazetteerProblem>) -> tsv::Parsed {
    let mut layer = tsv::Parsed::default();
    for (name, text) in BUILTIN {
        let path = Path::new("gazetteers").join(name);
        let parsed = parse_file(&path, text.as_bytes(), problems);
        layer.entities.extend(parsed.entities);
        layer.abbreviations.extend(parsed.abbreviations);
    }
    layer
}

/// Which layers to load.
#[derive(Debug, Clone, Default)]
pub struct GazetteerOptions {
    /// Leave out the built-in gazetteers (only `layers` are used).
    pub no_builtin: bool,
    /// Folders or files loaded after the built-in layer, in order.
    pub layers: Vec<PathBuf>,
}

impl GazetteerOptions {
    fn read(&self, problems: &mut Vec<GazetteerProblem>) -> Result<Vec<tsv::Parsed>> {
        let mut layers = Vec::new();
        if !self.no_builtin {
            layers.push(builtin_layer(problems));
        }
        for path in &self.layers {
            layers.push(read_layer(path, problems)?);
        }
        if layers.is_empty() {
            return Err(Error::Invalid(
                "no gazetteers: --no-builtin-gazetteers needs at least one --gazetteers".into(),
            ));
        }
        Ok(layers)
    }
}

impl Gazetteer {
    /// The built-in gazetteers alone.
    pub fn builtin() -> Result<Gazetteer> {
        Gazetteer::load(&GazetteerOptions::default())
    }

    /// Loads and merges layers: within a layer an id may appear once; a later layer's row with
    /// an existing id extends that entity (its non-empty fields replace, its aliases and members
    /// are added). Any problem makes loading fail, listing every problem found.
    pub fn load(options: &GazetteerOptions) -> Result<Gazetteer> {
        let (gazetteer, problems) = Gazetteer::load_checked(options)?;
        match gazetteer {
            Some(g) if problems.is_empty() => Ok(g),
            _ => Err(Error::Gazetteer(GazetteerProblems(problems))),
        }
    }

    /// Like [`Gazetteer::load`], but returns the problems beside whatever could be merged (for
    /// `regionkg gazetteer check`). The gazetteer is `None` when problems prevent merging.
    pub fn load_checked(
        options: &GazetteerOptions,
    ) -> Result<(Option<Gazetteer>, Vec<GazetteerProblem>)> {
        let mut problems = Vec::new();
        let layers = options.read(&mut problems)?;
        Ok(Gazetteer::merge(layers, problems))
    }

    /// Merges already-parsed layers and validates the result.
    pub fn from_layers(
        layers: Vec<tsv::Parsed>,
        problems: Vec<GazetteerProblem>,
    ) -> Result<Gazetteer> {
        match Gazetteer::merge(layers, problems) {
            (Some(g), p) if p.is_empty() => Ok(g),
            (_, p) => Err(Error::Gazetteer(GazetteerProblems(p))),
        }
    }

    fn merge(
        layers: Vec<tsv::Parsed>,
        mut problems: Vec<GazetteerProblem>,
    ) -> (Option<Gazetteer>, Vec<GazetteerProblem>) {
        let mut entities: Vec<Entity> = Vec::new();
        let mut by_id: HashMap<String, EntityId> = HashMap::default();
        let mut abbreviation_rows = Vec::new();
        for layer in layers {
            let mut in_layer: HashMap<String, Origin> = HashMap::default();
            for entity in layer.entities {
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
                        by_id.insert(entity.id.clone(), entities.len() as EntityId);
                        entities.push(entity);
                    }
                }
            }
            abbreviation_rows.extend(layer.abbreviations);
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
        let mut abbreviations = Vec::new();
        for a in abbreviation_rows {
            match by_id.get(&a.id) {
                Some(&e) => abbreviations.push((a.abbreviation, e)),
                None => problems.push(GazetteerProblem {
                    path: a.origin.path,
                    line: a.origin.line,
                    message: format!(
                        "abbreviation {:?}: {:?} is not a known id",
                        a.abbreviation, a.id
                    ),
                }),
            }
        }
        let depths = depths(&entities, &parents, &mut problems);
        (
            Some(Gazetteer {
                entities,
                by_id,
                parents,
                depths,
                abbreviations,
            }),
            problems,
        )
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

    /// Province abbreviations (京 → 北京市) in file order.
    pub fn abbreviations(&self) -> &[(String, EntityId)] {
        &self.abbreviations
    }

    /// Every (surface, entity, kind) the recogniser should look for.
    pub fn surfaces(&self) -> impl Iterator<Item = (&str, EntityId, SurfaceKind)> + '_ {
        self.entities.iter().enumerate().flat_map(|(i, e)| {
            let id = i as EntityId;
            std::iter::once((e.name.as_str(), id, SurfaceKind::Name))
                .chain(
                    e.aliases
                        .iter()
                        .map(move |a| (a.as_str(), id, SurfaceKind::Alias)),
                )
                .chain(
                    e.context_aliases
                        .iter()
                        .map(move |a| (a.as_str(), id, SurfaceKind::ContextAlias)),
                )
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
        // An alias a later layer makes plain is no longer context-bound.
        self.context_aliases.retain(|a| !self.aliases.contains(a));
        for a in other.context_aliases {
            if a != self.name && !self.aliases.contains(&a) && !self.context_aliases.contains(&a) {
                self.context_aliases.push(a);
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

    fn parse(text: &str) -> (tsv::Parsed, Vec<GazetteerProblem>) {
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
        // Former names of changed divisions are aliases of their successors.
        let named = |surface: &str| -> Vec<&str> {
            g.surfaces()
                .filter(|(s, _, _)| *s == surface)
                .map(|(_, e, _)| g.entity(e).id.as_str())
                .collect()
        };
        assert_eq!(named("宁乡县"), ["430182"]);
        assert_eq!(named("襄樊市"), ["4206"]);
        // Foreign bodies have their country as parent; capitals from JioNLP theirs.
        let parent_name = |surface: &str| {
            let e = g.find(named(surface)[0]).unwrap();
            g.entity(g.parent(e).unwrap()).name.clone()
        };
        assert_eq!(parent_name("美联储"), "美国");
        assert_eq!(parent_name("平壤"), "朝鲜");
        assert_eq!(named("印巴").len(), 1);
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
                "t.tsv:1: unknown column \"kind\" in header (known: id, name, type, subtype, aliases, context_aliases, parent, members, code, lon, lat)"
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

    #[test]
    fn abbreviations_and_context_aliases() {
        let text = "id\tname\ttype\taliases\tcontext_aliases\n\
            11\t北京市\tPlace\t北京\t京|北京\n";
        // An abbreviation table is a file of its own.
        let (entities, mut problems) = parse(text);
        assert_eq!(
            entities.entities[0].context_aliases,
            ["京"],
            "a plain alias wins"
        );
        let mut p2 = Vec::new();
        let abbr = parse_file(
            Path::new("abbr.tsv"),
            "abbreviation\tid\n京\t11\n沪\t31\n".as_bytes(),
            &mut p2,
        );
        problems.extend(p2);
        let merged = Gazetteer::merge(vec![entities, abbr], problems);
        let messages: Vec<String> = merged.1.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            ["abbr.tsv:3: abbreviation \"沪\": \"31\" is not a known id"]
        );
        let g = merged.0.unwrap();
        assert_eq!(g.abbreviations(), [("京".to_string(), 0)]);
    }

    #[test]
    fn every_gazetteer_file_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteers");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tsv"))
            .collect();
        on_disk.sort();
        let built_in: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, built_in);
    }
}
