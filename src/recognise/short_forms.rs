//! Short forms a text defines for a name it has just given: 广东国防科技推广中心（以下简称“推广中心”）,
//! 中国人寿保险股份有限公司（下称“国寿股份”）. Chinese news, filings and official documents
//! introduce most abbreviations this way, whatever the name, so the definition is read rather
//! than the abbreviation listed: the short form names the same entity at the definition and at
//! its other occurrences in the document.

use super::{Found, Recognizer, Resolution, Target};
use crate::corpus::Document;
use crate::gazetteer::EntityType;
use regex::Regex;
use std::sync::LazyLock;

/// A definition right after a name: an opening parenthesis, 以下简称 / 简称 / 下称 / 以下称 (with
/// an optional 为 or colon), the short form, in quotes or not, and the end of the parenthesis or
/// a comma (（简称“A”，下同）). The short form has no quote, title mark, parenthesis or
/// punctuation inside, so 《》 titles' short forms (（以下简称《意见》）) are not read: a plan's
/// short form is its kind (意见, 通知), no name of its own.
static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^[（(]\s*(?:(?:以下|下文)?简称|(?:以下|下文|下)称)\s*[为：:]?\s*[“"「『‘]?([^“”"「」『』‘’《》（）()，,、。；;：:\s]{2,20}?)[“”"」』’]?\s*[）)，,；;]"#,
    )
    .expect("the definition pattern is valid")
});

/// The types whose names are given short forms worth a mention (not plans: see [`DEFINITION`]).
fn takes_short_forms(kind: EntityType) -> bool {
    matches!(
        kind,
        EntityType::Institution | EntityType::Zone | EntityType::Project | EntityType::Place
    )
}

/// Whether the short form is a bare suffix (交易所 of 上海证券交易所, 高新区, 公司): the document
/// means the name by it, but uses the same word in its common sense too (各交易所).
fn is_bare_suffix(short: &str) -> bool {
    super::lexicon::SUFFIXES.iter().any(|s| s.text == short)
}

impl Recognizer {
    /// Mentions of the short forms the document defines for the names found in it, at the
    /// definition and at every other occurrence where nothing else was found (on jieba's word
    /// boundaries). A learned model's span inside an occurrence (长春理工 of 长春理工转化中心)
    /// gives way to it. A short form that is a name of its own (上交所 is known) or a common
    /// word of jieba's dictionary (公司, 本行), a bare suffix (交易所) or a kind of business
    /// (医院管理公司) is left alone.
    pub(super) fn defined_short_forms(&self, doc: &Document, found: &mut Vec<Found>) {
        let checker = self.boundary.as_ref().filter(|_| self.boundary_check);
        let mut forms: Vec<(String, Target)> = Vec::new();
        let mut at_definitions: Vec<Found> = Vec::new();
        for f in found.iter() {
            let kind = match &f.target {
                Target::Known(e) => self.gazetteer.entity(*e).kind,
                Target::Unlinked(u) => u.kind,
            };
            if !takes_short_forms(kind) {
                continue;
            }
            let sentence = &doc.sentences[f.sentence].range;
            let after = &doc.text[f.range.end..sentence.end];
            let Some(form) = DEFINITION.captures(after).and_then(|c| c.get(1)) else {
                continue;
            };
            let short = form.as_str();
            if short == &doc.text[f.range.clone()]
                || self.index.contains_key(&crate::text::normalize(short))
                || is_bare_suffix(short)
                || self.kind_of_business(short)
                || checker.is_some_and(|c| {
                    c.is_word(short) && !c.tags(short).any(|(_, t)| super::is_proper_tag(t))
                })
            {
                continue;
            }
            let range = f.range.end + form.start()..f.range.end + form.end();
            if !forms.iter().any(|(s, _)| s == short) {
                forms.push((short.to_string(), f.target.clone()));
            }
            at_definitions.push(Found {
                sentence: f.sentence,
                range,
                target: f.target.clone(),
                resolution: Resolution::Scope,
                alternatives: Vec::new(),
            });
        }
        if forms.is_empty() {
            return;
        }
        // The definitions first: what another layer found inside the short form as written
        // there, or at its other occurrences, a model's span only, gives way.
        let mut spans: Vec<std::ops::Range<usize>> =
            at_definitions.iter().map(|f| f.range.clone()).collect();
        for (short, _) in &forms {
            for sentence in doc.sentences.iter().filter(|s| !s.repeated) {
                let within = &doc.text[sentence.range.clone()];
                spans.extend(within.match_indices(short.as_str()).map(|(at, _)| {
                    sentence.range.start + at..sentence.range.start + at + short.len()
                }));
            }
        }
        found.retain(|f| {
            let inside = |s: &std::ops::Range<usize>| {
                s.start <= f.range.start && f.range.end <= s.end && f.range != *s
            };
            !(f.resolution == Resolution::Model && spans.iter().any(inside))
        });
        at_definitions.retain(|d| {
            !found
                .iter()
                .any(|f| f.range.start < d.range.end && d.range.start < f.range.end)
        });
        found.extend(at_definitions);
        let forms: Vec<(&str, &Target)> = forms.iter().map(|(s, t)| (s.as_str(), t)).collect();
        let more = super::layers::occurrences(doc, &forms, found, checker, Resolution::Scope);
        found.extend(more);
        found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    }
}
