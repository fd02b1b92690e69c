//! Names in a list of names: in 奥马电器、骅威文化、银河电子、麦达数字 the press lists things of
//! one kind, so where most items of a list are organisations already found, an item nothing
//! found is one too. The mechanism reads the text's own structure, not a list of names, and holds
//! for any corpus; it needs jieba (to tell a name from a common word).

use super::rules::{is_name_char, is_proper_tag, Rule};
use super::{Found, Recognizer, Resolution, Target, Unlinked};
use crate::corpus::Document;
use crate::gazetteer::EntityType;
use std::ops::Range;

/// The most characters an item may have.
const MAX_ITEM_CHARS: usize = 10;

impl Recognizer {
    /// Adds, as organisations (rule `list`), the items of lists of three or more (separated by
    /// 、) of which at least two and at least half are organisations found by another layer,
    /// exactly (or one, when every other item reads as a name): an item nothing else found that
    /// reads as a name ([`Recognizer::item_is_a_name`]). The new names are then found at their
    /// other occurrences in the document.
    pub(super) fn list_items(&self, doc: &Document, found: &mut Vec<Found>) {
        let Some(checker) = self.boundary.as_ref().filter(|_| self.boundary_check) else {
            return;
        };
        let mut names: Vec<(String, Target)> = Vec::new();
        let mut new: Vec<Found> = Vec::new();
        for (i, sentence) in doc.sentences.iter().enumerate() {
            if sentence.repeated || !doc.text[sentence.range.clone()].contains('、') {
                continue;
            }
            for mut list in lists(&doc.text, sentence.range.clone()) {
                // The first item may start, and the last end, with words of the clause (据悉 +
                // 蔚来, 威马 + 均): a mention that ends the first or starts the last is the item.
                // An edge item nothing cut must start with a name (not 国产大品牌如 + 飞鹤).
                let n = list.len();
                let mut loose = [true, true];
                if let Some(f) = found
                    .iter()
                    .find(|f| f.range.end == list[0].end && f.range.start >= list[0].start)
                {
                    list[0] = f.range.clone();
                    loose[0] = false;
                }
                if let Some(f) = found
                    .iter()
                    .find(|f| f.range.start == list[n - 1].start && f.range.end <= list[n - 1].end)
                {
                    list[n - 1] = f.range.clone();
                    loose[1] = false;
                }
                let edge_ok = |k: usize| {
                    let at_edge = (k == 0 && loose[0]) || (k == n - 1 && loose[1]);
                    !at_edge || self.starts_with_a_name(&doc.text[list[k].clone()])
                };
                let exact = |item: &Range<usize>| {
                    found.iter().any(|f| {
                        f.range == *item && kind_of(self, &f.target) == EntityType::Institution
                    })
                };
                let organisations = list.iter().filter(|item| exact(item)).count();
                // Or one, when every other item reads as a name (光明乳业、卡吉诺、茅台酒、四道鲜).
                let all_names = || {
                    list.iter()
                        .all(|item| exact(item) || self.item_is_a_name(&doc.text[item.clone()]))
                };
                if organisations == 0
                    || (organisations * 2 < list.len() || organisations < 2) && !all_names()
                {
                    continue;
                }
                for (k, item) in list.iter().enumerate() {
                    let text = &doc.text[item.clone()];
                    let overlaps = |f: &Found| f.range.start < item.end && item.start < f.range.end;
                    if found.iter().chain(&new).any(overlaps)
                        || !self.item_is_a_name(text)
                        || !edge_ok(k)
                    {
                        continue;
                    }
                    let target = Target::Unlinked(Unlinked {
                        kind: EntityType::Institution,
                        name: crate::text::normalize(text),
                        rule: Rule::List,
                        parent: None,
                        members: Vec::new(),
                    });
                    if !names.iter().any(|(n, _)| n == text) {
                        names.push((text.to_string(), target.clone()));
                    }
                    new.push(Found {
                        sentence: i,
                        range: item.clone(),
                        target,
                        resolution: Resolution::Rule,
                        alternatives: Vec::new(),
                    });
                }
            }
        }
        super::layers::add_with_occurrences(doc, found, new, &names, checker);
    }

    /// Whether a list item nothing found can be a name: two to ten name characters, not one
    /// common word of jieba's dictionary, not all common words, and no function word or verb
    /// of two characters in it (numbers may be: 四道鲜, 58同城).
    fn item_is_a_name(&self, item: &str) -> bool {
        let Some(checker) = &self.boundary else {
            return false;
        };
        let chars = item.chars().count();
        if !(2..=MAX_ITEM_CHARS).contains(&chars) || !item.chars().all(is_name_char) {
            return false;
        }
        if item.ends_with(|c: char| c.is_ascii_digit()) || looks_like_a_person(checker, item) {
            return false;
        }
        let words: Vec<(&str, &str)> = checker.tags(item).collect();
        let common = |(w, t): &(&str, &str)| checker.is_word(w) && !is_proper_tag(t);
        // One word of the dictionary: a common word, or a kind of body jieba tags nt (房管局,
        // 财政局 in a list of a city's bureaus).
        if let [(w, t)] = words.as_slice() {
            if common(&(w, t)) || *t == "nt" {
                return false;
            }
        }
        !words.iter().any(|(w, t)| {
            matches!(
                t.chars().next(),
                Some('d' | 'p' | 'c' | 'u' | 'r' | 't' | 'y' | 'e' | 'o' | 'f')
            ) || (t.starts_with('v') && w.chars().nth(1).is_some())
        }) && !words.iter().all(common)
    }
}

impl Recognizer {
    /// Whether an item at a list's edge, which nothing cut, starts where a name does: it has
    /// fewer than three words (上机 + 数控, 金龙), or its first word is proper, one jieba's
    /// dictionary does not have, or one character (jieba cuts a name it does not know into
    /// characters: 皮 + 克 + 斯). Not 公司 + 股东 + 盛世 + 九鼎, 电影 + 巨头 + 米拉 + 麦克斯.
    fn starts_with_a_name(&self, item: &str) -> bool {
        let Some(checker) = &self.boundary else {
            return false;
        };
        let words: Vec<(&str, &str)> = checker.tags(item).collect();
        words.len() < 3
            || words.first().is_some_and(|(w, t)| {
                is_proper_tag(t) || !checker.is_word(w) || w.chars().nth(1).is_none()
            })
    }
}

/// Whether an item reads as a person's name: two or three characters after a common surname
/// that jieba tags nr whole (赵宁; not 皮克斯, which jieba tags nr as it tags foreign names, nor
/// 金莱特, which it cuts into characters as it cuts most unknown names).
fn looks_like_a_person(checker: &super::boundary::BoundaryChecker, item: &str) -> bool {
    let chars = item.chars().count();
    let surname = item
        .chars()
        .next()
        .is_some_and(|c| super::lexicon::COMMON_SURNAMES.contains(c));
    let words: Vec<(&str, &str)> = checker.tags(item).collect();
    surname && (2..=3).contains(&chars) && matches!(words.as_slice(), [(_, "nr")])
}

/// The entity type of a found mention.
pub(super) fn kind_of(r: &Recognizer, target: &Target) -> EntityType {
    match target {
        Target::Known(e) => r.gazetteer.entity(*e).kind,
        Target::Unlinked(u) => u.kind,
    }
}

/// The lists of a sentence: runs of three or more items separated by 、, each a run of name
/// characters (byte ranges into `text`) in a clause, which any other mark or character no name
/// has cuts (的, 和, 以 ...: 甲、乙和丙 is as often persons or titles as names, so only 、 joins).
/// The first item starts with its clause and the last ends with it (before 等 of 仟吉等).
fn lists(text: &str, sentence: Range<usize>) -> Vec<Vec<Range<usize>>> {
    let mut out = Vec::new();
    // Clauses: cut at every mark and every character no name has (的, 有, 以 ...), but 、 and ·.
    let mut start = sentence.start;
    let within = &text[sentence.clone()];
    let mut cuts: Vec<Range<usize>> = Vec::new();
    for (at, c) in within.char_indices() {
        if !is_name_char(c) && c != '、' && c != '·' {
            cuts.push(start..sentence.start + at);
            start = sentence.start + at + c.len_utf8();
        }
    }
    cuts.push(start..sentence.end);
    for clause in cuts {
        let part = &text[clause.clone()];
        if part.matches('、').count() < 2 {
            continue;
        }
        let items: Vec<Range<usize>> = split_ranges(part, '、')
            .map(|r| clause.start + r.start..clause.start + r.end)
            .filter(|r| !r.is_empty())
            .collect();
        if items.len() >= 3 {
            out.push(items);
        }
    }
    out
}

/// The ranges of `text` between occurrences of `sep`.
fn split_ranges(text: &str, sep: char) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.char_indices()
        .filter(move |&(_, c)| c == sep)
        .map(|(at, _)| at)
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            let r = start..end;
            start = end + sep.len_utf8();
            r
        })
}

#[cfg(test)]
mod tests {
    use super::lists;

    fn items(text: &str) -> Vec<Vec<&str>> {
        lists(text, 0..text.len())
            .into_iter()
            .map(|l| l.into_iter().map(|r| &text[r]).collect())
            .collect()
    }

    #[test]
    fn reads_the_items_of_lists() {
        assert_eq!(
            items("其中，甲乙电器、丙丁文化、戊己电子等公司预亏。"),
            [["甲乙电器", "丙丁文化", "戊己电子"]]
        );
        assert_eq!(
            items("据悉蔚来、小鹏、威马均已量产"),
            [["据悉蔚来", "小鹏", "威马均"]]
        );
        // Only 、 joins (甲、乙和丙 is as often persons or titles); a clause ends at any other
        // mark or at a character no name has (和, 已).
        assert!(items("北京、上海和天津").is_empty());
        assert!(items("北京、上海，天津、重庆").is_empty());
    }
}
