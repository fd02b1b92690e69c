//! Discovery measured against gold annotations: recall of the gold entities no gazetteer knows
//! among the top 200 candidates (and among all of them), and precision@50 (a candidate is right
//! when it or one of its short forms is a gold surface). Over a whole corpus, also recall@200 of
//! the names a user most needs proposed: gold entities recognition misses in their document,
//! that no gazetteer knows and that recur in three or more documents of the corpus
//! ([`recurring_misses`]), with the share of them any ranking could hold in its top 200 when the
//! annotated documents are a sample of the corpus ([`RecurringMisses::sampling_ceiling`]).

use super::Candidate;
use crate::eval::Annotation;
use crate::recognise::Recognizer;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

/// The figures of one measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldReport {
    /// Gold entities (document, entity) and the documents they are in.
    pub entities: usize,
    pub documents: usize,
    /// Gold entities none of whose surfaces the gazetteers know.
    pub unknown: usize,
    pub candidates: usize,
    /// Unknown gold entities among all candidates, and among the top 200.
    pub found_anywhere: usize,
    pub found_top200: usize,
    /// Of the top 50 candidates (or fewer), how many are gold surfaces.
    pub head: usize,
    pub right_in_head: usize,
    /// Recurring misses ([`recurring_misses`]), when measured, how many of them are among the
    /// top 200, and how many a ranking could hold there at most
    /// ([`RecurringMisses::sampling_ceiling`]).
    pub recurring: Option<(usize, usize, usize)>,
}

/// The recurring misses of a gold set over a corpus ([`recurring_misses`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecurringMisses {
    /// Each miss's surfaces, normalised.
    pub targets: Vec<BTreeSet<String>>,
    /// For each target, the documents of the corpus that name it (its most named surface).
    pub documents: Vec<usize>,
    /// The corpus's documents, and how many of them the gold annotates.
    pub corpus_documents: usize,
    pub annotated_documents: usize,
}

impl RecurringMisses {
    /// About how many of the targets a ranking of the corpus's candidates can hold in its top
    /// `n`, when the annotated documents are a random sample of the corpus. A name in `m` of
    /// the `N` documents is in a sample of `k` with probability p(m) = 1 − C(N−m, k) / C(N, k),
    /// so each target named in `m` documents stands for about 1/p(m) such names of the corpus,
    /// of which the sample happened to hold one. A ranking that knew every such name (perfect
    /// precision) and put the most named first fills its `n` places with the targets' like in
    /// that order; the targets it reaches are the ceiling. Real rankings are below it: they
    /// also propose names the gazetteers or recognition find, and words.
    pub fn sampling_ceiling(&self, n: usize) -> usize {
        let total = self.corpus_documents;
        let k = self.annotated_documents.min(total);
        if k == 0 {
            return 0;
        }
        // p(m) = 1 − Π_{i<k} (N − m − i) / (N − i), the chance the sample misses none of them.
        let p = |m: usize| -> f64 {
            let none: f64 = (0..k)
                .map(|i| total.saturating_sub(m + i) as f64 / (total - i) as f64)
                .product();
            1.0 - none
        };
        let mut counts = self.documents.clone();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let mut places = 0.0;
        let mut reached = 0;
        for m in counts {
            if places >= n as f64 {
                break;
            }
            places += 1.0 / p(m.max(1));
            reached += 1;
        }
        reached
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The gold entities per document, (document, entity) → their surfaces. Candidates are
/// NFKC-normalised names (（ → (); the gold surfaces are normalised the same way.
fn gold_entities(gold: &[Annotation]) -> BTreeMap<(&str, &str), BTreeSet<String>> {
    let mut entities: BTreeMap<(&str, &str), BTreeSet<String>> = BTreeMap::new();
    for a in gold {
        entities
            .entry((a.doc.as_str(), a.entity.as_str()))
            .or_default()
            .insert(crate::text::normalize(&a.surface));
    }
    entities
}

impl GoldReport {
    /// `recurring`: the surfaces of each recurring miss, when measured.
    pub fn measure(
        gold: &[Annotation],
        ranked: &[(String, Candidate)],
        recognizer: &Recognizer,
        recurring: Option<&RecurringMisses>,
    ) -> GoldReport {
        let normal = |s: &str| -> String { crate::text::normalize(s) };
        let entities = gold_entities(gold);
        let unknown: Vec<&BTreeSet<String>> = entities
            .values()
            .filter(|surfaces| !surfaces.iter().any(|s| recognizer.knows(s)))
            .collect();
        let names_of = |c: &(String, Candidate)| -> Vec<String> {
            std::iter::once(c.0.clone())
                .chain(c.1.aliases.iter().cloned())
                .collect()
        };
        let all: HashSet<String> = ranked.iter().flat_map(names_of).collect();
        let top: HashSet<String> = ranked.iter().take(200).flat_map(names_of).collect();
        let among = |set: &HashSet<String>| {
            unknown
                .iter()
                .filter(|surfaces| surfaces.iter().any(|s| set.contains(s)))
                .count()
        };
        let surfaces: HashSet<String> = gold.iter().map(|a| normal(&a.surface)).collect();
        GoldReport {
            entities: entities.len(),
            documents: entities.keys().map(|k| k.0).collect::<HashSet<_>>().len(),
            unknown: unknown.len(),
            candidates: ranked.len(),
            found_anywhere: among(&all),
            found_top200: among(&top),
            head: ranked.len().min(50),
            right_in_head: ranked
                .iter()
                .take(50)
                .filter(|c| names_of(c).iter().any(|n| surfaces.contains(n)))
                .count(),
            recurring: recurring.map(|r| {
                let found = r
                    .targets
                    .iter()
                    .filter(|surfaces| surfaces.iter().any(|s| top.contains(s)))
                    .count();
                (r.targets.len(), found, r.sampling_ceiling(200))
            }),
        }
    }

    pub fn recall_at_200(&self) -> f64 {
        ratio(self.found_top200, self.unknown)
    }

    pub fn precision_at_50(&self) -> f64 {
        ratio(self.right_in_head, self.head)
    }
}

impl fmt::Display for GoldReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "recall over all {} candidates {:.3} ({})",
            self.candidates,
            ratio(self.found_anywhere, self.unknown),
            self.found_anywhere
        )?;
        writeln!(
            f,
            "gold: {} entities in {} documents, {} with no known surface; {} candidates",
            self.entities, self.documents, self.unknown, self.candidates
        )?;
        writeln!(
            f,
            "recall@200 {:.3} ({} of {} unknown gold entities among the top 200)",
            self.recall_at_200(),
            self.found_top200,
            self.unknown
        )?;
        write!(
            f,
            "precision@50 {:.3} ({} of the top {} are gold surfaces)",
            self.precision_at_50(),
            self.right_in_head,
            self.head
        )?;
        if let Some((targets, found, ceiling)) = self.recurring {
            write!(
                f,
                "\nrecurring misses@200 {:.3} ({found} of the {targets} gold entities recognition \
                 misses, no gazetteer knows and 3+ documents name are among the top 200)\n\
                 sampling ceiling@200 {:.3} (about {ceiling} of them: what a ranking of perfect \
                 precision by documents could hold when the annotated documents are a sample of \
                 the corpus)",
                ratio(found, targets),
                ratio(ceiling, targets)
            )?;
        }
        Ok(())
    }
}

/// Gold entities a measurement counted that are not among the top 200 candidates, grouped by
/// their surfaces: the recurring misses when they were measured, else the entities no gazetteer
/// knows (what `discover --gold --errors` lists).
#[derive(Debug, Clone, PartialEq)]
pub struct Missed {
    /// The entity's surfaces, normalised, sorted.
    pub surfaces: Vec<String>,
    /// How many gold entities (one per document) have these surfaces.
    pub entities: usize,
    /// The rank (1 = first) of the best candidate naming it, and that candidate's signals;
    /// None when no candidate does.
    pub rank: Option<(usize, String)>,
}

/// The [`Missed`] entities, the nearest to the top first (those no candidate names last), then
/// the most frequent, then by surfaces.
pub fn missed(
    gold: &[Annotation],
    ranked: &[(String, Candidate)],
    recognizer: &Recognizer,
    recurring: Option<&[BTreeSet<String>]>,
) -> Vec<Missed> {
    let targets: Vec<BTreeSet<String>> = match recurring {
        Some(r) => r.to_vec(),
        None => gold_entities(gold)
            .into_values()
            .filter(|surfaces| !surfaces.iter().any(|s| recognizer.knows(s)))
            .collect(),
    };
    // The first (best) rank of each name a candidate goes by.
    let mut rank_of: HashMap<&str, usize> = HashMap::new();
    for (i, (name, c)) in ranked.iter().enumerate() {
        for n in std::iter::once(name).chain(&c.aliases) {
            rank_of.entry(n.as_str()).or_insert(i);
        }
    }
    let mut grouped: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for surfaces in targets {
        *grouped.entry(surfaces.into_iter().collect()).or_default() += 1;
    }
    let mut out: Vec<Missed> = grouped
        .into_iter()
        .filter_map(|(surfaces, entities)| {
            let best = surfaces
                .iter()
                .filter_map(|s| rank_of.get(s.as_str()).copied())
                .min();
            if best.is_some_and(|r| r < 200) {
                return None;
            }
            let rank = best.map(|r| (r + 1, ranked[r].1.signal_names()));
            Some(Missed {
                surfaces,
                entities,
                rank,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |m: &Missed| m.rank.as_ref().map_or(usize::MAX, |r| r.0);
        key(a)
            .cmp(&key(b))
            .then(b.entities.cmp(&a.entities))
            .then_with(|| a.surfaces.cmp(&b.surfaces))
    });
    out
}

/// The gold entities (as their sets of normalised surfaces) that recognition misses in their
/// document, whose surfaces no gazetteer knows, and one of whose surfaces occurs in at least
/// `min_documents` documents of `inputs`. Recognition is `recognizer`'s, less any learned-model
/// layer it has (a miss is what gazetteers and rules miss).
pub fn recurring_misses(
    inputs: &[std::path::PathBuf],
    recognizer: &Recognizer,
    gold: &[Annotation],
    min_documents: usize,
    on_error: &mut dyn FnMut(&crate::Error),
) -> crate::Result<RecurringMisses> {
    use daachorse::CharwiseDoubleArrayAhoCorasickBuilder as Builder;
    let normal = |s: &str| -> String { crate::text::normalize(s) };
    let mut entities = gold_entities(gold);
    entities.retain(|_, surfaces| !surfaces.iter().any(|s| recognizer.knows(s)));
    let patterns: Vec<String> = entities
        .values()
        .flatten()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if patterns.is_empty() {
        return Ok(RecurringMisses::default());
    }
    let automaton = Builder::new()
        .build(patterns.iter().map(|p| p.as_str()))
        .map_err(|e| crate::Error::Invalid(format!("cannot index the gold surfaces: {e}")))?;
    let docs: HashSet<&str> = gold.iter().map(|a| a.doc.as_str()).collect();
    let mut documents_with = vec![0usize; patterns.len()];
    // Per gold document, the normalised surfaces recognition found.
    let mut recognised: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    let mut corpus_documents = 0;
    let mut consume = |p: crate::pipeline::Processed<'_>| -> crate::Result<()> {
        corpus_documents += 1;
        let text = normal(&p.document.text);
        let hit: HashSet<u32> = automaton
            .find_overlapping_iter(&text)
            .map(|m| m.value())
            .collect();
        for i in hit {
            documents_with[i as usize] += 1;
        }
        let Some(key) = crate::eval::annotated_key(p.document, |k| docs.contains(k)) else {
            return Ok(());
        };
        let found = recognised.entry(key).or_default();
        for m in p.mentions {
            if m.resolution != crate::recognise::Resolution::Model {
                found.insert(normal(&m.text));
            }
        }
        Ok(())
    };
    crate::pipeline::process(inputs, recognizer, on_error, &|_, _| {}, &mut consume)?;
    let count: BTreeMap<&str, usize> = patterns
        .iter()
        .zip(&documents_with)
        .map(|(p, &n)| (p.as_str(), n))
        .collect();
    let annotated_documents = recognised.len();
    let (targets, documents) = entities
        .into_iter()
        .filter_map(|((doc, _), surfaces)| {
            let missed = recognised
                .get(doc)
                .is_none_or(|found| !surfaces.iter().any(|s| found.contains(s)));
            let most = surfaces.iter().map(|s| count[s.as_str()]).max()?;
            (missed && most >= min_documents).then_some((surfaces, most))
        })
        .unzip();
    Ok(RecurringMisses {
        targets,
        documents,
        corpus_documents,
        annotated_documents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    fn annotation(doc: &str, surface: &str) -> Annotation {
        Annotation {
            doc: doc.to_string(),
            sentence: 0,
            surface: surface.to_string(),
            kind: "ORG".to_string(),
            entity: surface.to_string(),
            context: String::new(),
        }
    }

    fn candidate(name: &str, aliases: &[&str]) -> (String, Candidate) {
        let c = Candidate {
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            signals: [super::super::Signal::Model].into(),
            ..Candidate::default()
        };
        (name.to_string(), c)
    }

    #[test]
    fn the_sampling_ceiling_counts_the_most_named_first() {
        // 100 of 1,000 documents annotated. A name in every document is surely in the sample
        // and stands for itself; one in 10 documents is in it with p ≈ 0.65, so it stands for
        // about 1.5 such names; one in a single document for 10.
        let misses = RecurringMisses {
            targets: vec![BTreeSet::new(); 5],
            documents: vec![10, 1000, 1, 1000, 10],
            corpus_documents: 1000,
            annotated_documents: 100,
        };
        assert_eq!(misses.sampling_ceiling(2), 2);
        assert_eq!(misses.sampling_ceiling(3), 3);
        // 1 + 1 + 1.5 + 1.5 ≈ 5.1 places before the rare one: a top 5 does not reach it.
        assert_eq!(misses.sampling_ceiling(4), 4);
        assert_eq!(misses.sampling_ceiling(5), 4);
        assert_eq!(misses.sampling_ceiling(6), 5);
        assert_eq!(misses.sampling_ceiling(200), 5);
        // Nothing annotated, nothing to reach.
        let none = RecurringMisses {
            annotated_documents: 0,
            ..misses
        };
        assert_eq!(none.sampling_ceiling(200), 0);
    }

    #[test]
    fn lists_what_the_top_200_misses_nearest_first() {
        let recognizer = Recognizer::new(Gazetteer::builtin().unwrap()).unwrap();
        let gold = [
            annotation("a", "云栖湾"),
            annotation("b", "云栖湾"),
            annotation("a", "禾风书院"),
            annotation("a", "青石资本"),
            // Known to the gazetteers: never a target.
            annotation("a", "北京"),
        ];
        let mut ranked: Vec<(String, Candidate)> = (0..250)
            .map(|i| candidate(&format!("候选{i}"), &[]))
            .collect();
        ranked[3] = candidate("青石资本集团", &["青石资本"]);
        ranked[230] = candidate("禾风书院", &[]);
        let missed = missed(&gold, &ranked, &recognizer, None);
        let rows: Vec<(Vec<String>, usize, Option<usize>)> = missed
            .iter()
            .map(|m| (m.surfaces.clone(), m.entities, m.rank.as_ref().map(|r| r.0)))
            .collect();
        assert_eq!(
            rows,
            [
                (vec!["禾风书院".to_string()], 1, Some(231)),
                (vec!["云栖湾".to_string()], 2, None),
            ]
        );
        assert_eq!(missed[0].rank.as_ref().unwrap().1, "model");
        // With recurring misses measured, only they are listed.
        let recurring = [BTreeSet::from(["云栖湾".to_string()])];
        let missed = super::missed(&gold, &ranked, &recognizer, Some(&recurring));
        assert_eq!(missed.len(), 1);
        assert_eq!(missed[0].surfaces, ["云栖湾"]);
    }
}
