//! What `regionkg gazetteer check` and `stats` report: problems that make a gazetteer unusable
//! (errors), things worth a look (warnings: shared names, thin composites), and counts.

use super::subtype::Subtype;
use super::{EntityId, EntityType, Gazetteer, GazetteerOptions, SurfaceKind};
use crate::error::{GazetteerProblem, Result};
use std::collections::BTreeMap;

/// A surface that names several entities, with the order the recogniser tries them in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedName {
    pub surface: String,
    /// Candidates in prior order (names before aliases before context aliases, higher levels
    /// first, earlier rows first).
    pub candidates: Vec<(EntityId, SurfaceKind)>,
}

impl SharedName {
    /// A note for people: where the first candidate is defined, the candidates with the place
    /// each lies in, and which one wins when the document does not decide.
    pub fn note(&self, g: &Gazetteer) -> String {
        let (first, _) = self.candidates[0];
        let e = g.entity(first);
        let names: Vec<String> = self
            .candidates
            .iter()
            .map(|(c, _)| {
                let c = g.entity(*c);
                let within = g
                    .find(&c.id)
                    .and_then(|i| g.parent(i))
                    .map_or(String::new(), |p| format!(" in {}", g.entity(p).name));
                format!("{} {}{}", c.id, c.name, within)
            })
            .collect();
        format!(
            "{}:{}: note: {:?} names {} entities: {}; the one whose ancestor the document names wins, else {}",
            e.origin.path.display(),
            e.origin.line,
            self.surface,
            self.candidates.len(),
            names.join("; "),
            e.id
        )
    }
}

/// The outcome of a check.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub errors: Vec<GazetteerProblem>,
    pub warnings: Vec<GazetteerProblem>,
    pub shared: Vec<SharedName>,
    pub gazetteer: Option<Gazetteer>,
}

/// Loads the layers and checks them, collecting every problem instead of stopping.
pub fn check(options: &GazetteerOptions) -> Result<CheckReport> {
    let (gazetteer, errors) = Gazetteer::load_checked(options)?;
    let mut report = CheckReport {
        errors,
        ..CheckReport::default()
    };
    if let Some(g) = &gazetteer {
        report.shared = shared_names(g);
        for (i, e) in g.entities().iter().enumerate() {
            let warn = |message: String| GazetteerProblem {
                path: e.origin.path.clone(),
                line: e.origin.line,
                message: format!("warning: {message}"),
            };
            if Subtype::of(&e.subtype) == Subtype::Composite && e.members.len() < 2 {
                report.warnings.push(warn(format!(
                    "composite {:?} has fewer than two members",
                    e.id
                )));
            }
            // A surface that is an entity's id is most likely a value in the wrong column
            // (a parent written one tab early lands among the context aliases).
            for alias in e.aliases.iter().chain(&e.context_aliases) {
                if g.find(alias).is_some() {
                    report.warnings.push(warn(format!(
                        "alias {alias:?} of {:?} is an entity's id: is a column shifted?",
                        e.id
                    )));
                }
            }
            for m in &e.members {
                if let Some(m) = g.find(m) {
                    if g.entity(m).kind != EntityType::Place {
                        report.warnings.push(warn(format!(
                            "member {:?} of {:?} is a {}, not a Place",
                            g.entity(m).id,
                            e.id,
                            g.entity(m).kind
                        )));
                    }
                }
            }
            if e.kind == EntityType::Place
                && g.parent(i as EntityId).is_none()
                && e.members.is_empty()
                && !matches!(
                    Subtype::of(&e.subtype),
                    Subtype::Country | Subtype::FormerCountry | Subtype::WorldRegion
                )
            {
                report
                    .warnings
                    .push(warn(format!("place {:?} ({}) has no parent", e.id, e.name)));
            }
        }
    }
    report.gazetteer = gazetteer;
    Ok(report)
}

/// Surfaces (after NFKC) that name more than one entity: those involving higher-level entities
/// first (通州 before a town name shared by two villages' townships), then by surface.
pub fn shared_names(g: &Gazetteer) -> Vec<SharedName> {
    let mut by_surface: BTreeMap<String, Vec<(SurfaceKind, u32, EntityId)>> = BTreeMap::new();
    for (surface, entity, kind) in g.surfaces() {
        let list = by_surface
            .entry(crate::text::normalize(surface))
            .or_default();
        match list.iter_mut().find(|(_, _, e)| *e == entity) {
            Some(existing) => existing.0 = existing.0.min(kind),
            None => list.push((kind, g.depth(entity), entity)),
        }
    }
    let mut shared: Vec<(u32, SharedName)> = by_surface
        .into_iter()
        .filter(|(_, list)| list.len() > 1)
        .map(|(surface, mut list)| {
            list.sort();
            let top = list.iter().map(|(_, d, _)| *d).min().unwrap_or(0);
            let candidates = list.into_iter().map(|(k, _, e)| (e, k)).collect();
            (
                top,
                SharedName {
                    surface,
                    candidates,
                },
            )
        })
        .collect();
    shared.sort_by(|a, b| (a.0, &a.1.surface).cmp(&(b.0, &b.1.surface)));
    shared.into_iter().map(|(_, s)| s).collect()
}

/// Counts for `regionkg gazetteer stats`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// (type, subtype) → (entities, aliases, context aliases).
    pub by_subtype: BTreeMap<(EntityType, String), (usize, usize, usize)>,
    pub entities: usize,
    pub surfaces: usize,
    pub shared_surfaces: usize,
    pub abbreviations: usize,
}

pub fn stats(g: &Gazetteer) -> Stats {
    let mut s = Stats {
        entities: g.len(),
        abbreviations: g.abbreviations().len(),
        ..Stats::default()
    };
    for e in g.entities() {
        let row = s.by_subtype.entry((e.kind, e.subtype.clone())).or_default();
        row.0 += 1;
        row.1 += e.aliases.len();
        row.2 += e.context_aliases.len();
    }
    let mut surfaces: BTreeMap<String, usize> = BTreeMap::new();
    for (surface, _, _) in g.surfaces() {
        *surfaces.entry(crate::text::normalize(surface)).or_default() += 1;
    }
    s.surfaces = surfaces.len();
    s.shared_surfaces = shared_names(g).len();
    s
}

/// Known-name coverage of annotated surfaces: per type, (known, total).
pub fn coverage<'a>(
    g: &Gazetteer,
    surfaces: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, (usize, usize)> {
    let known: std::collections::HashSet<String> = g
        .surfaces()
        .map(|(s, _, _)| crate::text::normalize(s))
        .collect();
    let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (surface, kind) in surfaces {
        let hit = known.contains(&crate::text::normalize(surface));
        for key in [kind, "ALL"] {
            let row = out.entry(key.to_string()).or_default();
            row.1 += 1;
            if hit {
                row.0 += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::parse_file;
    use std::path::Path;

    #[test]
    fn shared_names_in_prior_order() {
        let mut problems = Vec::new();
        let layer = parse_file(
            Path::new("t.tsv"),
            "id\tname\ttype\taliases\tparent\n\
             CN\t中国\tPlace\t\t\n\
             11\t北京市\tPlace\t北京\tCN\n\
             110112\t通州区\tPlace\t通州\t11\n\
             3206\t南通市\tPlace\t南通\tCN\n\
             320612\t通州区\tPlace\t通州\t3206\n"
                .as_bytes(),
            &mut problems,
        );
        let g = Gazetteer::from_layers(vec![layer], problems).unwrap();
        let shared = shared_names(&g);
        let listed: Vec<(&str, Vec<&str>)> = shared
            .iter()
            .map(|s| {
                (
                    s.surface.as_str(),
                    s.candidates
                        .iter()
                        .map(|(e, _)| g.entity(*e).id.as_str())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                ("通州", vec!["110112", "320612"]),
                ("通州区", vec!["110112", "320612"])
            ]
        );
        let cov = coverage(&g, [("通州", "PLACE"), ("朝阳", "PLACE"), ("北京", "ORG")]);
        assert_eq!(cov["PLACE"], (1, 2));
        assert_eq!(cov["ALL"], (2, 3));
    }
}
