//! Composites and countries written as one-character abbreviations: runs no gazetteer lists
//! (京冀, 中美, 日韩, 苏浙皖), a country's abbreviation before its side or offices (美方, 俄政府),
//! and one abbreviation after a verb of going or relating (访华, 进京).

use super::boundary::BoundaryChecker;
use super::lexicon::{ABBREVIATION_VERBS, COUNTRY_HEADS, PAIR_HEADS};
use super::matching::KnownMatch;
use super::rules::{self, Rule, RuleMatch};
use super::Recognizer;
use crate::gazetteer::subtype::Subtype;
use crate::gazetteer::{EntityId, EntityType};

impl Recognizer {
    /// Composites written as runs of one-character abbreviations that no gazetteer lists (京冀,
    /// 中美, 日韩, 苏浙皖): two to four characters, each abbreviating a different entity, outside
    /// every gazetteer match. With jieba, the run must start a word and end it or head a compound
    /// (中美关系; not 中美洲) and must not be a common word of the dictionary (中意 n).
    pub(super) fn abbreviation_runs(
        &self,
        text: &str,
        known: &[KnownMatch],
        checker: Option<&BoundaryChecker>,
    ) -> Vec<RuleMatch> {
        let mut out = Vec::new();
        if self.abbreviations.is_empty() {
            return out;
        }
        let entity = |c: char| {
            if !self.abbreviation_filter.may_contain(c) {
                return None;
            }
            self.abbreviations
                .binary_search_by_key(&c, |&(x, _)| x)
                .ok()
                .map(|i| self.abbreviations[i].1)
        };
        let mut next_known = 0;
        // The current run: its start and its members.
        let mut run: Option<(usize, Vec<EntityId>)> = None;
        let mut flush = |run: &mut Option<(usize, Vec<EntityId>)>, end: usize| {
            if let Some((start, members)) = run.take() {
                out.extend(self.abbreviation_match(text, start, end, members, checker));
            }
        };
        for (i, c) in text.char_indices() {
            while known.get(next_known).is_some_and(|k| k.end <= i) {
                next_known += 1;
            }
            let inside = known.get(next_known).is_some_and(|k| k.start <= i);
            match entity(c).filter(|_| !inside) {
                Some(e) => match &mut run {
                    Some((_, members)) => members.push(e),
                    None => run = Some((i, vec![e])),
                },
                None => flush(&mut run, i),
            }
        }
        flush(&mut run, text.len());
        out
    }

    /// The mention a run of abbreviations at `text[start..end]` makes, if any. One abbreviation
    /// is a mention after a verb of going or relating (or 在) that jieba's dictionary joins to it
    /// (访华, 进京, 驻华, 对华) or after which jieba reads it alone as a place or an abbreviation
    /// (在 + 京 ns, 对 + 俄 j). Elsewhere a lone character is too often part of a person's name
    /// (吴志华, 余华) or of a transliteration (伯德). Two to four are a composite when they pass
    /// [`Self::run_is_composite`]; when the whole run does not, its longest passing prefix is
    /// taken (中美 of 中美加强: 加 for Canada is the first character of 加强).
    fn abbreviation_match(
        &self,
        text: &str,
        start: usize,
        end: usize,
        members: Vec<EntityId>,
        checker: Option<&BoundaryChecker>,
    ) -> Option<RuleMatch> {
        let matched = |end: usize, members: Vec<EntityId>, rule: Rule| RuleMatch {
            start,
            end,
            kind: EntityType::Place,
            rule,
            anchor: None,
            members,
        };
        if members.len() == 1 {
            let c = checker?;
            // A country's side (美方, 中方) is the country's mention as written, as the
            // annotation guide has it; before its forces or offices (美军, 俄总统) the
            // abbreviation alone is.
            if let Some(head) = self.heads_country_noun(text, start, end, members[0], c) {
                let end = if head == "方" { end + head.len() } else { end };
                return Some(matched(end, members, Rule::Abbreviation));
            }
            let verb = text[..start]
                .chars()
                .next_back()
                .filter(|v| ABBREVIATION_VERBS.contains(*v))?;
            let from = start - verb.len_utf8();
            let word = &text[from..end];
            // jieba joins the two into a verb or a proper name (访华 v, 驻华), or reads the
            // abbreviation alone as a place (在 + 京 ns, 对 + 俄 j).
            let joined = || match c.tags(word).collect::<Vec<_>>().as_slice() {
                [(_, tag)] => matches!(*tag, "v" | "nz" | "ns" | "j"),
                _ => false,
            };
            // A known name starting here that the boundary check rejected is not an
            // abbreviation (华 of 对华为 was one before prepositions were let through); nor is
            // 意 alone (来意, 留意, 在意: Italy is 意 in pairs).
            let known_name = text[start..]
                .char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len() - start))
                .skip(2)
                .take(3)
                .any(|i| self.index.contains_key(&text[start..start + i]));
            if known_name || &text[start..end] == "意" {
                return None;
            }
            // 在 joins words of its own (在意 v, 在于): after it only the second way counts.
            // Nor does a character that makes a word with the next (在 + 美股).
            let next = text[end..].chars().next();
            let pair = |n: char| c.is_word(&format!("{}{n}", &text[start..end]));
            let found =
                (verb != '在' && c.is_word(word) && joined() && c.on_boundaries(text, from, end))
                    || (!next.is_some_and(pair)
                        && c.is_token_tagged(text, start, end, &["ns", "j"]));
            return found.then(|| matched(end, members, Rule::Abbreviation));
        }
        let mut ends: Vec<usize> = text[start..end]
            .char_indices()
            .skip(2)
            .map(|(i, _)| start + i)
            .collect();
        ends.push(end);
        for (n, &e) in ends.iter().enumerate().rev() {
            let members = &members[..n + 2];
            if self.run_is_composite(text, start, e, members, checker) {
                return Some(matched(e, members.to_vec(), Rule::Abbreviations));
            }
        }
        None
    }

    /// The one of [`COUNTRY_HEADS`] (中方, 俄总统) the one-character abbreviation
    /// `text[start..end]` of `entity` heads, if it abbreviates a country, on word boundaries of
    /// jieba's segmentation: not 完美 + 方案, 其中 + 方式, 道德 + 方面, 增加 + 政府.
    fn heads_country_noun(
        &self,
        text: &str,
        start: usize,
        end: usize,
        entity: EntityId,
        checker: &BoundaryChecker,
    ) -> Option<&'static str> {
        if Subtype::of(&self.gazetteer.entity(entity).subtype) != Subtype::Country {
            return None;
        }
        // 中 is also "in" (投票中 + 首相) and a word of its own (中军股): only 中方.
        let heads = match &text[start..end] {
            "中" | "华" => &COUNTRY_HEADS[..1],
            _ => &COUNTRY_HEADS[..],
        };
        // 日 after a number is a day (15日 + 政府关门).
        let day = text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_numeric() || "〇一二三四五六七八九十廿卅".contains(c));
        if day {
            return None;
        }
        let rest = &text[end..];
        heads.iter().copied().find(|head| {
            rest.starts_with(head)
                && !rules::in_person_name(text, start, end + head.len())
                && checker.on_boundaries(text, start, end + head.len())
        })
    }

    /// Whether a run of two to four abbreviations of different entities is a composite: with
    /// jieba, no person's name, starting a word and ending one or heading a compound (中美关系;
    /// not 中美洲), and no common word of the dictionary (中意 n).
    fn run_is_composite(
        &self,
        text: &str,
        start: usize,
        end: usize,
        members: &[EntityId],
        checker: Option<&BoundaryChecker>,
    ) -> bool {
        if !(2..=4).contains(&members.len()) {
            return false;
        }
        let mut distinct = members.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() != members.len() {
            return false;
        }
        let Some(c) = checker else { return true };
        let name = &text[start..end];
        if rules::in_person_name(text, start, end) || rules::is_person_name(text, start, end) {
            return false;
        }
        // jieba keeps a common word whole (中意 n) and splits a rare one (中美 ns, 3); a
        // two-character proper noun of its own is a brand or a word, not a pair (华美 nz).
        let pair = members.len() == 2;
        let common = || match c.tags(name).collect::<Vec<_>>().as_slice() {
            [(_, tag)] => match *tag {
                "ns" | "j" => false,
                "nz" => pair,
                _ => true,
            },
            _ => false,
        };
        let before_pair_head = pair && PAIR_HEADS.iter().any(|h| text[end..].starts_with(h));
        c.heads_word(text, start, end) && (before_pair_head || !(c.is_word(name) && common()))
    }
}
