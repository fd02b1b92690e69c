//! Discovery measured against gold annotations: recall of the gold entities no gazetteer knows
//! among the top 200 candidates (and among all of them), and precision@50 (a candidate is right
//! when it or one of its short forms is a gold surface).

use super::Candidate;
use crate::eval::Annotation;
use crate::recognise::Recognizer;
use std::collections::{BTreeMap, BTreeSet, HashSet};
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
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl GoldReport {
    pub fn measure(
        gold: &[Annotation],
        ranked: &[(String, Candidate)],
        recognizer: &Recognizer,
    ) -> GoldReport {
        // Candidates are NFKC-normalised names (（ → (); the gold surfaces are compared the same
        // way.
        let normal = |s: &str| -> String { crate::text::normalize(s) };
        let mut entities: BTreeMap<(&str, &str), BTreeSet<String>> = BTreeMap::new();
        for a in gold {
            entities
                .entry((a.doc.as_str(), a.entity.as_str()))
                .or_default()
                .insert(normal(&a.surface));
        }
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
        )
    }
}
