//! Meetings the news names by their shape rather than by a list: a work conference of the
//! nation, the centre or a body ([scope] + [field] + 工作会议: 中央经济工作会议, 全国工业和信息化
//! 工作会议, 证监会 + 系统工作会议, 人民银行工作会议), and the numbered sessions of people's
//! congresses and CPPCC committees (十三届全国人大二次会议, 上海市十五届人大二次会议, 上海市政协
//! 十三届二次会议). Events are Projects, as the gold guide types them.
//!
//! Precision, read over all 5,801 posts (hexo-news and hexo-news-more): 351 mentions of 111
//! distinct names; 5 are doubtful (中央和市委政法工作会议, a joint meeting of the centre's and a
//! city's line, written as one name), the rest are real meetings.

use super::suffix::is_name_char;
use super::{Anchor, At, Rule, RuleMatch};
use crate::gazetteer::EntityType;
use crate::recognise::lexicon::{MEETING_VERBS, SCOPE_WORDS};
use regex::Regex;
use std::sync::LazyLock;

/// Characters of a conference's field (经济, 工业和信息化, 政法) at the most.
const MAX_FIELD_CHARS: usize = 10;

/// Whether `mark` is one this family reads.
pub(super) fn is_meeting_mark(mark: &str) -> bool {
    matches!(mark, "工作会议" | "次会议")
}

/// The meeting around the mark at `at`, if any.
pub(super) fn find(at: At) -> Option<RuleMatch> {
    let start = match at.suffix() {
        "工作会议" => work_conference(&at)?,
        _ => session(&at)?,
    };
    let fits = at
        .previous()
        .is_none_or(|p| p.end <= start || p.start == start)
        && at
            .checker
            .is_none_or(|c| c.on_boundaries(at.text, start, at.se));
    fits.then(|| RuleMatch::new(start, at.se, EntityType::Project, Rule::Meeting))
}

/// Where a work conference's name starts: at a known place or institution right before its
/// field (证监会 + 系统), or at a scope word (中央, 全国, 国家) opening the field.
fn work_conference(at: &At) -> Option<usize> {
    let text = at.text;
    // The field: name characters, and 和 between two of them (工业和信息化).
    let mut start = at.ss;
    for (chars, (i, c)) in text[..at.ss].char_indices().rev().enumerate() {
        let joins = c == '和' && i > 0 && start < at.ss;
        if !(is_name_char(c) && !c.is_ascii() || joins) || chars == MAX_FIELD_CHARS {
            break;
        }
        start = i;
    }
    // A verb of holding or attending before the field is no part of the name (广州市商务局召开
    // + 全市商务工作会议; 北京银保监局 + 开 + 工作会议).
    if let Some(cut) = MEETING_VERBS
        .iter()
        .filter_map(|v| text[start..at.ss].rfind(v).map(|i| start + i + v.len()))
        .max()
    {
        start = cut;
    }
    if start == at.ss || text[..at.ss].ends_with('开') {
        return None;
    }
    let field = &text[start..at.ss];
    if let Some(p) = at.previous().filter(|p| {
        p.end >= start
            && p.end <= at.ss
            && matches!(
                p.anchor,
                Anchor::Place | Anchor::Institution | Anchor::Country
            )
    }) {
        return Some(p.start);
    }
    // The leftmost scope word that opens a field of at least one more character.
    SCOPE_WORDS
        .iter()
        .filter_map(|w| field.find(w).map(|i| (i, w.len())))
        .filter(|&(i, len)| start + i + len < at.ss)
        .min()
        .map(|(i, _)| start + i)
}

/// `N届` and `N次会议` around a congress or a CPPCC committee, optionally after 全国, 省 or 市.
static SESSION: LazyLock<Regex> = LazyLock::new(|| {
    let n = "[一二三四五六七八九十]+";
    Regex::new(&format!(
        "(?:全国|省|市)?(?:(?:(?:全国)?(?:人大常委会|人大|政协)){n}届|{n}届(?:全国)?(?:人大常委会|人大|政协)){n}$"
    ))
    .expect("a valid pattern")
});

/// Where a numbered session's name starts: the place or body known right before it (上海市,
/// 上海市政协), else the pattern's own start.
fn session(at: &At) -> Option<usize> {
    let from = at.text[..at.ss]
        .char_indices()
        .rev()
        .nth(24)
        .map_or(0, |(i, _)| i);
    let m = SESSION.find(&at.text[from..at.ss])?;
    let start = from + m.start();
    let anchored = at
        .previous()
        .filter(|p| p.end == start && matches!(p.anchor, Anchor::Place | Anchor::Institution));
    // A known body that ends inside the pattern (上海市政协 + 十三届) starts the name too.
    let inside = at
        .previous()
        .filter(|p| p.end > start && p.start < start && p.anchor != Anchor::No);
    Some(anchored.or(inside).map_or(start, |p| p.start))
}

#[cfg(test)]
mod tests {
    use super::super::{known_spans, Rules};
    use super::*;

    fn found(text: &str, known: &[(&str, Anchor)]) -> Vec<String> {
        Rules::new()
            .find(text, &known_spans(text, known), None)
            .iter()
            .filter(|r| r.rule == Rule::Meeting)
            .map(|r| text[r.start..r.end].to_string())
            .collect()
    }

    #[test]
    fn meetings_by_their_shape() {
        assert_eq!(found("召开中央经济工作会议。", &[]), ["中央经济工作会议"]);
        assert_eq!(
            found("全国工业和信息化工作会议在京召开", &[]),
            ["全国工业和信息化工作会议"]
        );
        assert_eq!(
            found(
                "2019年证监会系统工作会议",
                &[("证监会", Anchor::Institution)]
            ),
            ["证监会系统工作会议"]
        );
        assert_eq!(
            found("出席人民银行工作会议", &[("人民银行", Anchor::Institution)]),
            ["人民银行工作会议"]
        );
        assert_eq!(
            found(
                "广州市商务局召开全市商务工作会议",
                &[("广州市商务局", Anchor::Institution)]
            ),
            Vec::<String>::new()
        );
        assert_eq!(found("中央召开扶贫开发工作会议", &[]), Vec::<String>::new());
        // No scope and no known name: a meeting of someone, not a name.
        assert!(found("公司召开年度工作会议", &[]).is_empty());
        assert_eq!(
            found("十三届全国人大二次会议开幕", &[]),
            ["十三届全国人大二次会议"]
        );
        assert_eq!(
            found("上海市十五届人大二次会议", &[("上海市", Anchor::Place)]),
            ["上海市十五届人大二次会议"]
        );
        assert_eq!(
            found(
                "上海市政协十三届二次会议",
                &[("上海市政协", Anchor::Institution)]
            ),
            ["上海市政协十三届二次会议"]
        );
        // A count of meetings is no session.
        assert!(found("开了三次会议", &[]).is_empty());
    }
}
