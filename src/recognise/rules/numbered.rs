//! Numbered names: ring roads (北二环, 四环路), metro lines (轨道交通7号线), national and
//! provincial roads (国道307), and the numbered meetings of the Party (十九大, 十八届三中全会);
//! and what extends a road or line into a project of its own (北延, 二期, a section in a place).

use super::{Anchor, At, Known, Rule, RuleMatch};
use crate::gazetteer::EntityType;
use crate::recognise::lexicon::{EXTENSIONS, PHASES, SECTIONS};

/// The numbered name around the mark `at` finds, if it stands apart from known names and (with
/// jieba) on word boundaries, extended by what follows it.
pub(super) fn find(at: At) -> Option<RuleMatch> {
    let (start, end, kind) = numbered(at.text, at.ss, at.se).filter(|&(start, end, _)| {
        at.previous().is_none_or(|p| p.end <= start)
            && at.next().is_none_or(|n| n.start >= end)
            && at
                .checker
                .is_none_or(|c| c.on_boundaries(at.text, start, end))
    })?;
    let mut r = RuleMatch::new(start, end, kind, Rule::Numbered);
    extend(at.text, &mut r, at.next());
    Some(r)
}

/// Chinese numerals.
const NUMERALS: &str = "一二三四五六七八九十";

/// The length in bytes of the run of Chinese numerals ending `text`.
fn numeral_suffix(text: &str) -> usize {
    text.len() - text.trim_end_matches(|c: char| NUMERALS.contains(c)).len()
}

/// Where a Party congress starting at `start` begins: before 党的 when it is written so, the
/// longest name as written (党的十九大; dev2's annotators took it in all 8 times). A plenum
/// keeps its own name (十八届三中全会 of 党的十八届三中全会, as dev's annotators wrote it).
fn party_before(text: &str, start: usize) -> usize {
    if text[..start].ends_with("党的") {
        start - "党的".len()
    } else {
        start
    }
}

/// The numbered road or line around a mark at `text[ss..se]`, if any: its range and type.
fn numbered(text: &str, ss: usize, se: usize) -> Option<(usize, usize, EntityType)> {
    let mark = &text[ss..se];
    let before = &text[..ss];
    if mark.starts_with('环') {
        let n = before
            .chars()
            .next_back()
            .filter(|c| "二三四五六七".contains(*c))?;
        let mut start = ss - n.len_utf8();
        if let Some(d) = text[..start]
            .chars()
            .next_back()
            .filter(|c| "东西南北".contains(*c))
        {
            start -= d.len_utf8();
        }
        return Some((start, se, EntityType::Place));
    }
    if mark == "大" {
        // 十一大 to 十九大, 二十大 and later: never 十大 ("the top ten") or 五大 ("the five big").
        let n = numeral_suffix(before);
        let numeral = &before[before.len() - n..];
        // A measure word after it makes a count (十五大类: fifteen big classes).
        let count = text[se..].starts_with(|c: char| "类项个件种批条块门家座".contains(c));
        let congress = !count
            && ((numeral.starts_with('十') && numeral.chars().count() == 2)
                || (numeral.starts_with("二十") && numeral.chars().count() <= 3));
        return congress.then_some((party_before(text, ss - n), se, EntityType::Project));
    }
    if mark.ends_with("中全会") {
        // 三中全会, or with its committee: 十八届三中全会 (the marks hold the plenum's number:
        // 三中 alone is a school's suffix, which would take the place of a shorter mark).
        let mut start = ss;
        if let Some(term) = before.strip_suffix('届') {
            let n = numeral_suffix(term);
            if n > 0 && term[term.len() - n..].chars().count() <= 3 {
                start = term.len() - n;
            }
        }
        return Some((start, se, EntityType::Project));
    }
    if mark == "号线" {
        let digits = before.len()
            - before
                .trim_end_matches(|c: char| c.is_ascii_digit() || NUMERALS.contains(c))
                .len();
        if digits == 0 || before[before.len() - digits..].chars().count() > 2 {
            return None;
        }
        let mut start = ss - digits;
        for line in ["轨道交通", "地铁"] {
            if text[..start].ends_with(line) {
                start -= line.len();
                break;
            }
        }
        return Some((start, se, EntityType::Project));
    }
    // 国道, 省道 and a three-digit number.
    let after = &text[se..];
    let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (digits == 3).then_some((ss, se + 3, EntityType::Project))
}

/// The end of a section or branch of a line ending at `line_end`: the known place `next`
/// right after it, then 段, 支线, 连接线 or 联络线 (平赞高速 + 石家庄 + 支线, 京唐铁路 + 北京 + 段).
pub fn section_end(text: &str, line_end: usize, next: Option<&Known>) -> Option<usize> {
    let place = next.filter(|n| n.start == line_end && n.anchor == Anchor::Place)?;
    let tail = SECTIONS
        .iter()
        .find(|t| text[place.end..].starts_with(**t))?;
    Some(place.end + tail.len())
}

/// Extends a road or line with an extension or a phase after it into a project of its own
/// (太行大街北延, 西阜高速连接线, 八通线二期), unless a known name (`next`) starts inside; a
/// project line with a section or branch in a known place right after it takes that in
/// (平赞高速 + 石家庄 + 支线, 京港澳高速 + 河北 + 段).
pub(super) fn extend(text: &str, r: &mut RuleMatch, next: Option<&Known>) {
    if let Some(end) = section_end(text, r.end, next).filter(|_| r.kind == EntityType::Project) {
        r.end = end;
        return;
    }
    let line = text[..r.end].ends_with('线');
    if let Some(ext) = EXTENSIONS
        .iter()
        .chain(PHASES.iter().filter(|_| line))
        .find(|e| text[r.end..].starts_with(**e))
    {
        let end = r.end + ext.len();
        if next.is_none_or(|x| x.start >= end) {
            r.end = end;
            r.kind = EntityType::Project;
        }
    }
}
