//! Plans named in 《》 (a title that ends like a policy document: 规划, 方案, 条例 ...) and the
//! editions of events (首届, 第六届, a year) that join an event's name.

use super::{Known, Rule, RuleMatch};
use crate::gazetteer::EntityType;
use crate::recognise::lexicon::PLAN_ENDINGS;

/// Titles in 《》 that read as policy documents: each title inside the brackets is a Plan.
pub(super) fn plans(text: &str) -> Vec<RuleMatch> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find('《') {
        let inner_start = offset + open + '《'.len_utf8();
        let after = &text[inner_start..];
        let Some(close) = after.find(['》', '《', '\n']) else {
            break;
        };
        let title = &after[..close];
        if after[close..].starts_with('》')
            && (2..=MAX_TITLE_CHARS).contains(&title.chars().count())
            && is_plan_title(title)
        {
            out.push(RuleMatch::new(
                inner_start,
                inner_start + close,
                EntityType::Plan,
                Rule::Title,
            ));
        }
        offset = inner_start + close;
        rest = &text[offset..];
    }
    out
}

/// Whether a 《》 title reads as a policy document, law or plan.
fn is_plan_title(title: &str) -> bool {
    let mut t = title.trim_end();
    // Drop trailing parentheses (（2018—2020年）, (试行)) and a trailing year or number.
    loop {
        let before = t;
        if let Some(stripped) = t.strip_suffix('）').or_else(|| t.strip_suffix(')')) {
            if let Some(open) = stripped.rfind(['（', '(']) {
                t = stripped[..open].trim_end();
            }
        }
        t = t.trim_end_matches(|c: char| c.is_ascii_digit() || c == '年' || c == '-' || c == '—');
        if t == before {
            break;
        }
    }
    PLAN_ENDINGS.iter().any(|e| t.ends_with(e))
}
/// Characters of a 《》 title.
const MAX_TITLE_CHARS: usize = 80;

/// Whether `c` may be part of an edition's number (第91届, 第十五届, 第一百届).
fn is_edition_digit(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十百".contains(c)
}

/// The length in bytes of an edition that opens `text` (首届, 第六届, 第91届), or 0.
pub(super) fn edition_len(text: &str) -> usize {
    if text.starts_with("首届") {
        return "首届".len();
    }
    let Some(rest) = text.strip_prefix('第') else {
        return 0;
    };
    let number = rest.len() - rest.trim_start_matches(is_edition_digit).len();
    match rest[number..].starts_with('届') && number > 0 {
        true => '第'.len_utf8() + number + '届'.len_utf8(),
        false => 0,
    }
}

/// Where an event's name starts once a year or an edition before it is joined (2018崇礼论坛,
/// 第二届数字中国峰会), unless that would reach into the previous known name.
pub(super) fn edition_start(text: &str, start: usize, previous: Option<&Known>) -> usize {
    let before = &text[..start];
    let trimmed = before.strip_suffix('年').unwrap_or(before);
    let digits = trimmed.len() - trimmed.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let new_start = if digits == 4 {
        trimmed.len() - 4
    } else if let Some(head) = before.strip_suffix("首届") {
        head.len()
    } else if let Some(rest) = before.strip_suffix('届') {
        let number = rest.len() - rest.trim_end_matches(is_edition_digit).len();
        match rest[..rest.len() - number].strip_suffix('第') {
            Some(head) if number > 0 => head.len(),
            _ => start,
        }
    } else {
        start
    };
    if previous.is_some_and(|p| p.end > new_start) {
        start
    } else {
        new_start
    }
}
