//! Measuring recognition against hand annotations: the gold JSONL format of
//! `../shared/gold/dev.jsonl` (mentions with document, sentence, surface, type, canonical entity)
//! and character-per-line BIO files (LOC/ORG spans).
//!
//! Levels, as the gold README defines them: distinct surfaces per document (untyped and typed),
//! entities per document (a predicted entity matches a gold entity when they share a surface),
//! and pairs of entities that share a sentence (what the co-occurrence graph is built from).

use crate::error::{Error, Result};
use crate::gazetteer::EntityType;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;
use std::path::Path;

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

/// Reads gold annotations (one JSON object a line: doc, s, sentence, surface, type, canonical).
pub fn read_gold(path: &Path) -> Result<Vec<Annotation>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let err = |m: String| Error::record(path, Some(i + 1), m);
        let v: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| err(format!("not valid JSON: {e}")))?;
        let text = |k: &str| -> Result<String> {
            v.get(k)
                .and_then(|x| x.as_str())
                .map(String::from)
                .ok_or_else(|| err(format!("no string field {k:?}")))
        };
        let surface = text("surface")?;
        out.push(Annotation {
            doc: text("doc")?,
            sentence: v
                .get("s")
                .and_then(|x| x.as_u64())
                .ok_or_else(|| err("no sentence number \"s\"".into()))?
                as usize,
            kind: text("type")?,
            entity: v
                .get("canonical")
                .and_then(|x| x.as_str())
                .map_or_else(|| surface.clone(), String::from),
            context: v
                .get("sentence")
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string(),
            surface,
        });
    }
    Ok(out)
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
    fn add(&mut self, other: Score) {
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

fn set_score<T: Ord>(predicted: &BTreeSet<T>, gold: &BTreeSet<T>) -> Score {
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
        let surfaces =
            |l: &[Annotation]| l.iter().map(|a| a.surface.clone()).collect::<BTreeSet<_>>();
        let typed = |l: &[Annotation]| {
            l.iter()
                .map(|a| (a.surface.clone(), a.kind.clone()))
                .collect::<BTreeSet<_>>()
        };
        let (gs, ps) = (surfaces(g), surfaces(p));
        report.surfaces.add(set_score(&ps, &gs));
        let (gt, pt) = (typed(g), typed(p));
        report.typed_surfaces.add(set_score(&pt, &gt));
        let kinds: BTreeSet<&String> = gt.iter().chain(&pt).map(|(_, k)| k).collect();
        for k in kinds {
            let only = |s: &BTreeSet<(String, String)>| {
                s.iter()
                    .filter(|(_, t)| t == k)
                    .cloned()
                    .collect::<BTreeSet<_>>()
            };
            report
                .typed_by_type
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
            report
                .false_positives
                .push((doc.to_string(), s.clone(), kind, sentence));
        }
        for s in gs.difference(&ps) {
            let (kind, sentence) = context_of(g, s);
            report
                .misses
                .push((doc.to_string(), s.clone(), kind, sentence));
        }

        // Entities: surfaces grouped by entity key.
        let entities = |l: &[Annotation]| {
            let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for a in l {
                m.entry(a.entity.clone())
                    .or_default()
                    .insert(a.surface.clone());
            }
            m
        };
        let (ge, pe) = (entities(g), entities(p));
        let overlaps =
            |a: &BTreeSet<String>, b: &BTreeSet<String>| a.intersection(b).next().is_some();
        report.entities.add(Score {
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
        });

        // Pairs: predicted entities are named by the gold entity they share most surfaces with.
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
        report.pairs.add(set_score(&pp, &gp));
    }
    report
}

/// A BIO file's column separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BioFormat {
    /// `char<TAB>tag`
    Tsv,
    /// `char tag`
    Space,
}

/// A sentence of a BIO file with its labelled spans (character offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BioSentence {
    pub text: String,
    pub spans: BTreeSet<(usize, usize, String)>,
}

/// Reads a character-per-line BIO file (blank line between sentences).
pub fn read_bio(path: &Path, format: BioFormat) -> Result<Vec<BioSentence>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    let mut chars = String::new();
    let mut tags: Vec<String> = Vec::new();
    let finish = |chars: &mut String, tags: &mut Vec<String>, out: &mut Vec<BioSentence>| {
        if chars.is_empty() {
            return;
        }
        let mut spans = BTreeSet::new();
        let mut open: Option<(usize, String)> = None;
        for (i, tag) in tags
            .iter()
            .chain(std::iter::once(&"O".to_string()))
            .enumerate()
        {
            let (prefix, label) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
            let continues = prefix == "I" && open.as_ref().is_some_and(|(_, l)| l == label);
            if !continues {
                if let Some((start, label)) = open.take() {
                    spans.insert((start, i, label));
                }
                if prefix == "B" || prefix == "I" {
                    open = Some((i, label.to_string()));
                }
            }
        }
        out.push(BioSentence {
            text: std::mem::take(chars),
            spans,
        });
        tags.clear();
    };
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish(&mut chars, &mut tags, &mut out);
            continue;
        }
        let split = match format {
            BioFormat::Tsv => line.split_once('\t'),
            BioFormat::Space => line.rsplit_once(' '),
        };
        let Some((c, tag)) = split else {
            return Err(Error::record(
                path,
                Some(i + 1),
                format!(
                    "expected `char{}tag`, found {line:?}",
                    if format == BioFormat::Tsv {
                        "<TAB>"
                    } else {
                        " "
                    }
                ),
            ));
        };
        let mut cs = c.chars();
        let (Some(ch), None) = (cs.next(), cs.next()) else {
            return Err(Error::record(
                path,
                Some(i + 1),
                format!("expected one character before the tag, found {c:?}"),
            ));
        };
        chars.push(ch);
        tags.push(tag.trim().to_string());
    }
    finish(&mut chars, &mut tags, &mut out);
    Ok(out)
}

/// Scores predicted spans against BIO gold spans for the given labels (exact span and label
/// match; gold spans of other labels, such as PER, are out of scope and ignored).
pub fn evaluate_bio(
    gold: &[BioSentence],
    predicted: &[BTreeSet<(usize, usize, String)>],
    labels: &[&str],
) -> BTreeMap<String, Score> {
    let mut out: BTreeMap<String, Score> = BTreeMap::new();
    for (g, p) in gold.iter().zip(predicted) {
        for label in labels {
            let only = |s: &BTreeSet<(usize, usize, String)>| {
                s.iter()
                    .filter(|(_, _, l)| l == label)
                    .cloned()
                    .collect::<BTreeSet<_>>()
            };
            out.entry(label.to_string())
                .or_default()
                .add(set_score(&only(p), &only(&g.spans)));
        }
    }
    out
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
