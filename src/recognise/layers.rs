//! The layers after resolution: the head of a company a rule found names it again in the same
//! document (双星 after 双星集团), and, opt-in, jieba's organisation words no other layer found.

use super::rules::{self, Rule};
use super::{Found, Recognizer, Resolution, Target, Unlinked};
use crate::corpus::Document;
use crate::gazetteer::EntityType;

impl Recognizer {
    /// The head of a company name a rule found (双星 of 双星集团) names that company elsewhere in
    /// the same document: a scoped short form, like the gazetteers' context aliases. Only with
    /// jieba: where nothing else was found, on word boundaries, and for heads that are no common
    /// word.
    pub(super) fn company_heads(&self, doc: &Document, found: &mut Vec<Found>) {
        let text = &doc.text;
        let Some(checker) = self.boundary.as_ref().filter(|_| self.boundary_check) else {
            return;
        };
        // Only a head jieba's dictionary does not have (权健 of 权健公司, 泛海 of 泛海控股) is
        // taken: its tags cannot tell a company (双星 nz) from a common word (欧元 nz, 房地产 j,
        // 慈善 nr), which a head like 房地产 of a false 房地产公司 would spread through the
        // document. A head that is a known name of its own (新华 of 新华区) stays that name.
        let usable = |head: &str| !self.index.contains_key(head) && !checker.is_word(head);
        // A head several companies share (双星 of 双星集团 and 双星控股) goes to the first
        // mentioned.
        let mut heads: Vec<(String, Target)> = Vec::new();
        for f in found.iter() {
            let target = &f.target;
            let Target::Unlinked(u) = target else {
                continue;
            };
            if u.kind != EntityType::Institution {
                continue;
            }
            if let Some(head) = rules::company_head(&u.name).filter(|h| usable(h)) {
                if !heads.iter().any(|(h, _)| h == head) {
                    heads.push((head.to_string(), target.clone()));
                }
            }
        }
        if heads.is_empty() {
            return;
        }
        let mut extra: Vec<Found> = Vec::new();
        for (i, sentence) in doc.sentences.iter().enumerate() {
            if sentence.repeated {
                continue;
            }
            let within = &text[sentence.range.clone()];
            for (head, target) in &heads {
                for (at, _) in within.match_indices(head.as_str()) {
                    let range = sentence.range.start + at..sentence.range.start + at + head.len();
                    let taken = |f: &Found| f.range.start < range.end && range.start < f.range.end;
                    if found.iter().any(taken)
                        || extra.iter().any(taken)
                        || !checker.on_boundaries(text, range.start, range.end)
                    {
                        continue;
                    }
                    extra.push(Found {
                        sentence: i,
                        range,
                        target: target.clone(),
                        resolution: Resolution::Scope,
                        alternatives: Vec::new(),
                    });
                }
            }
        }
        if !extra.is_empty() {
            found.extend(extra);
            found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
        }
    }

    /// Adds jieba's organisation words (nt) that overlap nothing already found, keeping `found`
    /// in text order.
    pub(super) fn statistical_layer(&self, doc: &Document, found: &mut Vec<Found>) {
        let Some(checker) = &self.boundary else {
            return;
        };
        let mut extra: Vec<Found> = Vec::new();
        for (i, sentence) in doc.sentences.iter().enumerate() {
            if sentence.repeated {
                continue;
            }
            let mut at = sentence.range.start;
            for (word, tag) in checker.tags(&doc.text[sentence.range.clone()]) {
                let range = at..at + word.len();
                at = range.end;
                if tag != "nt"
                    || word.chars().count() < 2
                    || found
                        .iter()
                        .any(|f| f.range.start < range.end && range.start < f.range.end)
                {
                    continue;
                }
                let unlinked = Unlinked {
                    kind: EntityType::Institution,
                    name: crate::text::normalize(word),
                    rule: Rule::JiebaNt,
                    parent: None,
                    members: Vec::new(),
                };
                extra.push(Found {
                    sentence: i,
                    range,
                    target: Target::Unlinked(unlinked),
                    resolution: Resolution::Rule,
                    alternatives: Vec::new(),
                });
            }
        }
        found.extend(extra);
        found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    }
}
