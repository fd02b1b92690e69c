//! Measuring recognition against hand annotations: the gold JSONL format of
//! `../shared/gold/dev.jsonl` (mentions with document, sentence, surface, type, canonical entity)
//! and character-per-line BIO files (LOC/ORG spans).
//!
//! Levels, as the gold README defines them: distinct surfaces per document (untyped and typed),
//! entities per document (a predicted entity matches a gold entity when they share a surface),
//! and pairs of entities that share a sentence (what the co-occurrence graph is built from).

mod bio;
mod gold;

pub use bio::{evaluate_bio, predict_bio, read_bio, BioFormat, BioSentence, Span};
pub use gold::{annotated_key, predict, read_gold, read_surface_types, Prediction};

use crate::gazetteer::EntityType;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Gold type names and ours.
pub fn gold_type(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Place => "PLACE",
        EntityType::Zone => "ZONE",
        EntityType::Institution => "ORG",
        EntityType::Project => "PROJECT",
        EntityType::Plan => "PLAN",
    }
}

/// One annotated or predicted mention, as the scorer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub doc: String,
    /// Sentence index (the annotators' for gold, ours for predictions).
    pub sentence: usize,
    pub surface: String,
    /// `PLACE`, `ZONE`, `ORG`, `PROJECT` or `PLAN`.
    pub kind: String,
    /// Entity key within the document: gold `canonical`, or our entity id.
    pub entity: String,
    /// The sentence's text, when known (for `--errors`).
    pub context: String,
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// Predictions that match.
    pub tp_predicted: usize,
    /// Gold items that are matched (equal to `tp_predicted` where matching is one-to-one).
    pub tp_gold: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.tp_predicted, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp_gold, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub(crate) fn add(&mut self, other: Score) {
        self.tp_predicted += other.tp_predicted;
        self.tp_gold += other.tp_gold;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

pub(crate) fn set_score<T: Ord>(predicted: &BTreeSet<T>, gold: &BTreeSet<T>) -> Score {
    let tp = predicted.intersection(gold).count();
    Score {
        tp_predicted: tp,
        tp_gold: tp,
        predicted: predicted.len(),
        gold: gold.len(),
    }
}

/// All scores of one evaluation.
#[derive(Debug, Default)]
pub struct Report {
    pub documents: usize,
    pub surfaces: Score,
    pub typed_surfaces: Score,
    pub typed_by_type: BTreeMap<String, Score>,
    pub entities: Score,
    pub pairs: Score,
    /// (doc, surface, predicted type or "", gold type or "", sentence text) for errors.
    pub false_positives: Vec<(String, String, String, String)>,
    pub misses: Vec<(String, String, String, String)>,
}

/// Scores predictions against gold, over the documents the gold annotates.
pub fn evaluate(gold: &[Annotation], predicted: &[Annotation]) -> Report {
    let docs: BTreeSet<&str> = gold.iter().map(|a| a.doc.as_str()).collect();
    let by_doc = |list: &[Annotation]| {
        let mut m: BTreeMap<String, Vec<Annotation>> = BTreeMap::new();
        for a in list {
            if docs.contains(a.doc.as_str()) {
                m.entry(a.doc.clone()).or_default().push(a.clone());
            }
        }
        m
    };
    let (g_by, p_by) = (by_doc(gold), by_doc(predicted));
    let mut report = Report {
        documents: docs.len(),
        ..Report::default()
    };
    let empty = Vec::new();
    for doc in &docs {
        let g = g_by.get(*doc).unwrap_or(&empty);
        let p = p_by.get(*doc).unwrap_or(&empty);
        report.add_surfaces(doc, g, p);
        let (ge, pe) = (entities(g), entities(p));
        report.entities.add(entity_score(&ge, &pe));
        report.pairs.add(pair_score(g, p, &ge, &pe));
    }
    report
}

impl Report {
    /// Surface scores of one document (untyped, typed, by type) and its errors.
    fn add_surfaces(&mut self, doc: &str, g: &[Annotation], p: &[Annotation]) {
        let surfaces =
            |l: &[Annotation]| l.iter().map(|a| a.surface.clone()).collect::<BTreeSet<_>>();
        let typed = |l: &[Annotation]| {
            l.iter()
                .map(|a| (a.surface.clone(), a.kind.clone()))
                .collect::<BTreeSet<_>>()
        };
        let (gs, ps) = (surfaces(g), surfaces(p));
        self.surfaces.add(set_score(&ps, &gs));
        let (gt, pt) = (typed(g), typed(p));
        self.typed_surfaces.add(set_score(&pt, &gt));
        let kinds: BTreeSet<&String> = gt.iter().chain(&pt).map(|(_, k)| k).collect();
        for k in kinds {
            let only = |s: &BTreeSet<(String, String)>| {
                s.iter()
                    .filter(|(_, t)| t == k)
                    .cloned()
                    .collect::<BTreeSet<_>>()
            };
            self.typed_by_type
                .entry(k.clone())
                .or_default()
                .add(set_score(&only(&pt), &only(&gt)));
        }
        let context_of = |l: &[Annotation], s: &str| {
            l.iter()
                .find(|a| a.surface == s)
                .map_or((String::new(), String::new()), |a| {
                    (a.kind.clone(), a.context.clone())
                })
        };
        for s in ps.difference(&gs) {
            let (kind, sentence) = context_of(p, s);
            self.false_positives
                .push((doc.to_string(), s.clone(), kind, sentence));
        }
        for s in gs.difference(&ps) {
            let (kind, sentence) = context_of(g, s);
            self.misses
                .push((doc.to_string(), s.clone(), kind, sentence));
        }
    }
}

/// Surfaces grouped by entity key.
fn entities(l: &[Annotation]) -> BTreeMap<String, BTreeSet<String>> {
    let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in l {
        m.entry(a.entity.clone())
            .or_default()
            .insert(a.surface.clone());
    }
    m
}

/// Entities match when they share a surface.
fn entity_score(
    ge: &BTreeMap<String, BTreeSet<String>>,
    pe: &BTreeMap<String, BTreeSet<String>>,
) -> Score {
    let overlaps = |a: &BTreeSet<String>, b: &BTreeSet<String>| a.intersection(b).next().is_some();
    Score {
        tp_predicted: pe
            .values()
            .filter(|s| ge.values().any(|g| overlaps(s, g)))
            .count(),
        tp_gold: ge
            .values()
            .filter(|g| pe.values().any(|s| overlaps(s, g)))
            .count(),
        predicted: pe.len(),
        gold: ge.len(),
    }
}

/// Pairs of entities in a sentence; predicted entities are named by the gold entity they share
/// most surfaces with.
fn pair_score(
    g: &[Annotation],
    p: &[Annotation],
    ge: &BTreeMap<String, BTreeSet<String>>,
    pe: &BTreeMap<String, BTreeSet<String>>,
) -> Score {
    let align: HashMap<&String, String> = pe
        .iter()
        .map(|(id, surfaces)| {
            let best = ge
                .iter()
                .map(|(gid, gs)| (surfaces.intersection(gs).count(), gid))
                .filter(|(n, _)| *n > 0)
                .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)));
            (
                id,
                best.map_or_else(|| format!("predicted:{id}"), |(_, gid)| gid.clone()),
            )
        })
        .collect();
    let pairs = |l: &[Annotation], key: &dyn Fn(&Annotation) -> String| {
        let mut by_sentence: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        for a in l {
            by_sentence.entry(a.sentence).or_default().insert(key(a));
        }
        let mut out = BTreeSet::new();
        for set in by_sentence.values() {
            let v: Vec<&String> = set.iter().collect();
            for (i, a) in v.iter().enumerate() {
                for b in &v[i + 1..] {
                    out.insert(((*a).clone(), (*b).clone()));
                }
            }
        }
        out
    };
    let gp = pairs(g, &|a| a.entity.clone());
    let pp = pairs(p, &|a| align[&a.entity].clone());
    let pp: BTreeSet<(String, String)> = pp
        .into_iter()
        .map(|(a, b)| if a <= b { (a, b) } else { (b, a) })
        .collect();
    set_score(&pp, &gp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(doc: &str, s: usize, surface: &str, kind: &str, entity: &str) -> Annotation {
        Annotation {
            doc: doc.into(),
            sentence: s,
            surface: surface.into(),
            kind: kind.into(),
            entity: entity.into(),
            context: String::new(),
        }
    }

    #[test]
    fn scores_a_tiny_gold_set() {
        let gold = vec![
            a("d", 0, "北京", "PLACE", "北京市"),
            a("d", 0, "雄安新区", "ZONE", "雄安新区"),
            a("d", 1, "北京市", "PLACE", "北京市"),
            a("d", 1, "国家发改委", "ORG", "国家发展和改革委员会"),
        ];
        let predicted = vec![
            a("d", 0, "北京", "PLACE", "11"),
            a("d", 0, "雄安新区", "PLACE", "xiongan"),
            a("d", 2, "北京市", "PLACE", "11"),
            a("d", 2, "通州", "PLACE", "110112"),
            a("other", 0, "天津", "PLACE", "12"),
        ];
        let r = evaluate(&gold, &predicted);
        assert_eq!(r.documents, 1);
        // Surfaces: 北京, 雄安新区, 北京市 of 4 gold; 3 of 4 predicted (通州 wrong).
        assert_eq!(
            (
                r.surfaces.tp_predicted,
                r.surfaces.predicted,
                r.surfaces.gold
            ),
            (3, 4, 4)
        );
        // Typed: 雄安新区 has the wrong type.
        assert_eq!(
            (r.typed_surfaces.tp_predicted, r.typed_surfaces.predicted),
            (2, 4)
        );
        assert_eq!(r.typed_by_type["ZONE"].recall(), 0.0);
        // Entities: 11 and xiongan match; 110112 does not; gold 发改委 missed.
        assert_eq!(
            (
                r.entities.tp_predicted,
                r.entities.predicted,
                r.entities.tp_gold,
                r.entities.gold
            ),
            (2, 3, 2, 3)
        );
        // Pairs: gold {北京市-雄安新区, 北京市-国家发改委}; predicted {北京市-雄安新区, 北京市-通州}.
        assert_eq!(
            (r.pairs.tp_predicted, r.pairs.predicted, r.pairs.gold),
            (1, 2, 2)
        );
        assert!((r.pairs.f1() - 0.5).abs() < 1e-9);
        assert_eq!(
            r.misses.iter().map(|m| m.1.as_str()).collect::<Vec<_>>(),
            ["国家发改委"]
        );
    }

    #[test]
    fn reads_bio_spans() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.bio");
        std::fs::write(
            &path,
            "在 O\n北 B-LOC\n京 I-LOC\n和 O\n国 B-ORG\n务 I-ORG\n院 I-ORG\n\n天 B-LOC\n津 I-LOC\n",
        )
        .unwrap();
        let s = read_bio(&path, BioFormat::Space).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "在北京和国务院");
        let spans: Vec<_> = s[0].spans.iter().cloned().collect();
        assert_eq!(
            spans,
            [(1, 3, "LOC".to_string()), (4, 7, "ORG".to_string())]
        );
        let predicted = vec![
            [(1, 3, "LOC".to_string())].into_iter().collect(),
            [(0, 1, "LOC".to_string())].into_iter().collect(),
        ];
        let scores = evaluate_bio(&s, &predicted, &["LOC", "ORG"]);
        assert_eq!(
            (
                scores["LOC"].tp_predicted,
                scores["LOC"].predicted,
                scores["LOC"].gold
            ),
            (1, 2, 2)
        );
        assert_eq!(scores["ORG"].recall(), 0.0);
        std::fs::write(&path, "北B-LOC\n").unwrap();
        assert!(read_bio(&path, BioFormat::Space)
            .unwrap_err()
            .to_string()
            .contains("t.bio:1:"));
    }
}
