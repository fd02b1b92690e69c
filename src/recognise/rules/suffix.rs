//! Names built on a known name by a suffix: a Chinese place or zone before any suffix (河北省 +
//! 交通运输 + 厅, 赣州 + 西 + 站), an institution before the suffixes of its units (华为 +
//! 业务部), a country before a public body (芬兰 + 农林 + 部); the body between them must read as
//! part of a name. A suffix with no anchor goes to [`super::names`].

use super::names::{
    abbreviation_name, cup_start, dictionary_company, free_name, jieba_institution, marked_event,
    quoted_event, speaking_firm,
};
use super::numbered::extend;
use super::titles::{edition_len, edition_start};
use super::{is_stop_tag, Anchor, At, Known, Rule, RuleMatch};
use crate::gazetteer::EntityType;
use crate::recognise::lexicon::{
    Extra, Suffix, BODY_STOP_CHARS, BODY_STOP_WORDS, FREE_STOP_WORDS, NAME_VERBS, NAME_WORDS,
    NOT_BODIES, SUFFIXES, TITLE_MODIFIERS, TRANSPORT_SUFFIXES,
};

/// Characters of body allowed between the anchoring place and the suffix.
pub(super) const MAX_BODY_CHARS: usize = 12;

/// Whether every character of an anchored body can be in a name, the words of
/// [`NAME_WORDS`] included (年 is a stop character for dates, 3年; 青年 is a name's word).
pub(super) fn is_name_body(body: &str) -> bool {
    let covered = name_word_spans(body);
    body.char_indices()
        .all(|(i, c)| is_name_char(c) || covered.iter().any(|s| s.contains(&i)))
}

/// Whether a character can be in a name's body: a Chinese character that is no stop character
/// ([`BODY_STOP_CHARS`]), or an ASCII letter or digit.
pub fn is_name_char(c: char) -> bool {
    (('\u{4e00}'..='\u{9fff}').contains(&c) && !BODY_STOP_CHARS.contains(c))
        || c.is_ascii_alphanumeric()
}

impl Known {
    /// A known name with only its anchor, to ask what it may anchor.
    fn bare(anchor: Anchor) -> Known {
        Known {
            start: 0,
            end: 0,
            anchor,
            scoped: false,
        }
    }

    fn anchors(&self, kind: EntityType, extra: Extra, body: &str, suffix: &str) -> bool {
        match self.anchor {
            // Not a state's own bodies: 海军 and 陆军 are given names too (院长李海军), and
            // 议会 and 参议院 follow a place inside a word (佩洛西 + 和参议院).
            Anchor::Place => !STATE_BODIES.contains(&suffix),
            // Units of an institution (华为 + 业务部); not its events (第一财经电视 + 论坛 is a
            // programme).
            Anchor::Institution => extra == Extra::Unit,
            // A bare team, academy or state body (中国队, 美国科学院, 美国政府: the annotation
            // guide's one ORG, though People's Daily tags the country alone) is a name; a bare
            // 美国公司 is not. Events with a name of their own are too (中国 + 国际进口 + 博览会).
            // A company too when its body is a proper name (美国 + 休斯 + 公司), which the
            // segmentation test of `find` checks.
            Anchor::Country => {
                (kind == EntityType::Institution
                    && (!body.is_empty()
                        || (extra != Extra::Company
                            && (COUNTRY_BODIES.contains(&suffix)
                                || STATE_BODIES.contains(&suffix)))))
                    || (extra == Extra::Event && !body.is_empty())
            }
            Anchor::No => false,
        }
    }
}

/// The bodies a country's name alone makes a name of (中国队, 美国科学院, 美国政府), with
/// [`STATE_BODIES`] (日本内阁, 美国海军): the annotation guide's one ORG. A country's bare 公司
/// or 市场 is no name.
const COUNTRY_BODIES: [&str; 6] = ["队", "科学院", "大使馆", "总领事馆", "领事馆", "政府"];

/// A state's legislature, cabinet and armed services: built on a country only.
const STATE_BODIES: [&str; 8] = [
    "国会",
    "议会",
    "众议院",
    "参议院",
    "内阁",
    "海军",
    "陆军",
    "空军",
];

/// Whether `rest` is a bare kind (公司) that makes no name after a known name with this anchor
/// (美国公司 is no name, 中国队 and 美国政府 are), or no body at all (美国市场).
pub fn bare_kind_is_no_name(anchor: Anchor, rest: &str) -> bool {
    if NOT_BODIES.contains(&rest) {
        return true;
    }
    let known = Known::bare(anchor);
    SUFFIXES
        .iter()
        .find(|s| s.text == rest)
        .is_some_and(|s| !known.anchors(s.kind, s.extra, "", s.text))
}

/// Whether `rest`, after a known name with this anchor, is the rest of an institution's name:
/// name characters, then an institution suffix the anchor may take with that body (韩国 + 队,
/// 河北省 + 委; not 中国 + 公司).
/// The suffix is the longest one that ends `rest`, as the suffix automaton reads it (公司, not
/// the 司 of a ministry's department).
pub fn institution_rest(anchor: Anchor, rest: &str) -> bool {
    let known = Known::bare(anchor);
    let Some(s) = SUFFIXES
        .iter()
        .filter(|s| rest.ends_with(s.text))
        .max_by_key(|s| s.text.len())
    else {
        return false;
    };
    s.kind == EntityType::Institution
        && rest.strip_suffix(s.text).is_some_and(|body| {
            is_name_body(body)
                && !BODY_STOP_WORDS.iter().any(|w| body.contains(w))
                && known.anchors(s.kind, s.extra, body, s.text)
        })
}

/// The body between a known name (index `a`) and the suffix; for an event, without the edition
/// that may stand between its place and its name (尚义 + 首届 + 鸳鸯湖冰雪 + 文化节).
fn body_of<'a>(at: &At<'a>, extra: Extra, a: usize) -> &'a str {
    let body = &at.text[at.known[a].end..at.ss];
    match extra {
        Extra::Event => &body[edition_len(body)..],
        _ => body,
    }
}

/// The known name right before the suffix, if it may anchor a name with the body between them.
fn anchor_candidate(at: &At, s: Suffix) -> Option<usize> {
    let (text, se, suffix) = (at.text, at.se, at.suffix());
    at.k.checked_sub(1).filter(|&a| {
        let anchor = at.known[a];
        let body = body_of(at, s.extra, a);
        anchor.anchors(s.kind, s.extra, body, suffix)
            && body.chars().count() <= MAX_BODY_CHARS
            && is_name_body(body)
            && !BODY_STOP_WORDS.iter().any(|w| body.contains(w))
            // 河北北部, 城市东部: a part of the place, not an institution.
            && (body.is_empty() || !body.chars().all(|c| "东西南北中".contains(c)))
            // Private capital (发挥社会资本), not a fund; a country's or a place's troops
            // (美国军队, 西藏部队), not a unit.
            && !(suffix == "资本" && body.ends_with("社会"))
            && !(suffix == "队" && matches!(body, "军" | "部"))
            // A level of education (中央党校 + 大学学历), not a university; after a place the
            // university is real (从青岛农业大学专科毕业).
            && !(suffix == "大学"
                && anchor.anchor == Anchor::Institution
                && ["学历", "文化", "本科", "专科", "学位"]
                    .iter()
                    .any(|w| text[se..].starts_with(w)))
    })
}

/// Without an anchor, a name needs name characters right before the suffix: one for a company
/// or event name, two (no known name among them) for a transport name made of abbreviations.
fn may_stand_alone(at: &At, s: Suffix) -> bool {
    let before: Vec<(usize, char)> = at.text[..at.ss].char_indices().rev().take(2).collect();
    (matches!(s.extra, Extra::Company | Extra::Event)
        && before.first().is_some_and(|&(_, c)| is_name_char(c)))
        || (at.checker.is_some()
            && TRANSPORT_SUFFIXES.contains(&at.suffix())
            && before.len() == 2
            && before
                .iter()
                .all(|&(_, c)| is_name_char(c) && !c.is_ascii())
            && at.previous().is_none_or(|p| p.end <= before[1].0))
}

/// The head of a ministry or bureau is named after it (芬兰农林部长, 美国财政部长): an anchored
/// 部, 局 or 厅 before 长 ends a name although jieba joins them; not the title after a whole
/// name (财政部 + 部长, 公安局 + 副局长, 环保局 + 原局长, 达沃斯 + 小型部长会议).
fn minister_title(at: &At, s: Suffix, candidate: Option<usize>) -> bool {
    let suffix = at.suffix();
    matches!(suffix, "部" | "局" | "厅")
        && at.text[at.se..].starts_with('长')
        && candidate.is_some_and(|a| {
            let body = body_of(at, s.extra, a);
            !body.is_empty()
                && !body.ends_with(suffix)
                && !TITLE_MODIFIERS.iter().any(|m| body.ends_with(m))
        })
}

/// Whether jieba's reading of the body lets the anchor's name stand (with jieba; always
/// without).
fn body_reads_as_name(at: &At, s: Suffix, a: usize) -> bool {
    let body = body_of(at, s.extra, a);
    // A country's company needs a body jieba reads as a person's name or a proper noun (西门子
    // nr, 大唐 nz) or does not know (谷 + 歌): 美国科技公司, 美国加州公司 and 美国高科技公司 are
    // no names.
    if at.known[a].anchor == Anchor::Country && s.extra == Extra::Company {
        return !FREE_STOP_WORDS.iter().any(|w| body.contains(w))
            && at.checker.is_some_and(|c| {
                c.tags(body).all(|(word, tag)| {
                    tag.starts_with("nr")
                        || tag == "nz"
                        || (word.chars().count() == 1
                            && word.chars().all(is_name_char)
                            && !is_stop_tag(tag)
                            && !tag.starts_with('v'))
                })
            });
    }
    at.checker.is_none_or(|c| {
        // Two-character bodies are often tagged as person names (裕华): allowed. Verbs make a
        // clause (山东省具备承接国际级高端峰会), not a name, except the verbs bodies are named
        // after (上海 + 联合产权 + 交易所). The words of a name word are part of it (和 of
        // 文化和旅游).
        let covered = name_word_spans(body);
        let mut at = 0;
        !c.tags(body).any(|(word, tag)| {
            let range = at..at + word.len();
            at = range.end;
            let inside = covered
                .iter()
                .any(|s| s.start <= range.start && range.end <= s.end);
            !inside
                && ((is_stop_tag(tag) && !tag.starts_with("nr")) || tag == "v")
                && !NAME_VERBS.contains(&word)
        })
    })
}

/// The byte ranges of `body` that words of [`NAME_WORDS`] cover, read from the left, the
/// longest word at each place (文化广电和旅游 rather than 文化).
fn name_word_spans(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut i = 0;
    while let Some(c) = body[i..].chars().next() {
        match NAME_WORDS
            .iter()
            .filter(|w| body[i..].starts_with(**w))
            .max_by_key(|w| w.len())
        {
            Some(w) => {
                spans.push(i..i + w.len());
                i += w.len();
            }
            None => i += c.len_utf8(),
        }
    }
    spans
}

/// The name the suffix `s` at `at` ends, if any.
pub(super) fn find(at: At, s: Suffix) -> Option<RuleMatch> {
    let (text, ss, se) = (at.text, at.ss, at.se);
    // The nearest known name ending before the suffix, with only name characters between them,
    // anchors the new name; directly preceding anchors join it (广东自贸试验区 + 南沙 + 片区).
    // The cheap tests come first: most suffixes (路 in 思路, 部 in 全部) have no anchor and no
    // other way to make a name, and need no segmentation at all.
    // 股份 after a company's name is its shares (众诚保险股份2.25亿股), not a name.
    if at.suffix() == "股份" && SUFFIXES.iter().any(|x| text[..ss].ends_with(x.text)) {
        return None;
    }
    if s.extra == Extra::Event {
        if let Some(r) = quoted_event(&at, s.kind) {
            return Some(r);
        }
    }
    let candidate = anchor_candidate(&at, s);
    if candidate.is_none() && !may_stand_alone(&at, s) {
        // An institution jieba's dictionary knows by its whole name (中央气象台 nt, 国家统计局
        // nt), with no known name in it.
        return jieba_institution(&at, s.kind);
    }
    // The suffix must end a word (局 in 局长 or 布局 does not; 局 in 商务局 does), and a street
    // suffix must be a word of its own (路 in 思路 or 探路 is not).
    if !minister_title(&at, s, candidate)
        && at.checker.is_some_and(|c| {
            if s.kind == EntityType::Place {
                !c.on_boundaries(text, ss, se)
            } else {
                !c.ends_word(text, ss, se)
            }
        })
    {
        return None;
    }
    let anchored = candidate.filter(|&a| body_reads_as_name(&at, s, a));
    let mut r = match anchored {
        Some(mut a) => {
            while a > 0
                && at.known[a - 1].end == at.known[a].start
                && at.known[a - 1].anchor == Anchor::Place
            {
                a -= 1;
            }
            let mut r = RuleMatch::new(at.known[a].start, se, s.kind, Rule::Suffix);
            r.anchor = Some(at.k - 1);
            if s.kind == EntityType::Place {
                let last = at.known[at.k - 1];
                r.start = street_start(text, last.end, ss).unwrap_or(last.start);
            }
            r
        }
        None if matches!(s.extra, Extra::Company | Extra::Event) => free_name(&at, s.kind)
            .or_else(|| dictionary_company(&at, s.kind))
            .or_else(|| speaking_firm(&at, s.kind))
            .or_else(|| (s.extra == Extra::Event).then(|| marked_event(&at, s.kind))?)?,
        None => abbreviation_name(&at)?,
    };
    if s.extra == Extra::Event {
        let before = at.known.partition_point(|x| x.end <= r.start);
        r.start = edition_start(text, r.start, at.known.get(before.wrapping_sub(1)));
        r.start = cup_start(text, r.start);
    }
    if matches!(s.kind, EntityType::Place | EntityType::Project) {
        extend(text, &mut r, at.next());
    }
    if matches!(at.suffix(), "高速" | "高速公路") {
        r.start = route_number_start(text, r.start);
    }
    Some(r)
}

/// Where a street's own name starts when a place is written before it: after the place (the
/// annotation guide's two names side by side: 广州市 + 海珠区 + 江南大道, not one name), and after
/// another street written before it (郑州市 + 文化路 + 国基路). None when nothing but the
/// place names the street (北京 + 路 is 北京路; 广州市 + 江南 + 大道 is 江南大道).
fn street_start(text: &str, anchor_end: usize, ss: usize) -> Option<usize> {
    let body = &text[anchor_end..ss];
    let inner = SUFFIXES
        .iter()
        .filter(|s| s.kind == EntityType::Place)
        .filter_map(|s| body.rfind(s.text).map(|i| i + s.text.len()))
        .max()
        .unwrap_or(0);
    (inner < body.len()).then_some(anchor_end + inner)
}

/// Where an expressway's name starts with its route number joined (G93 + 渝泸高速, S15 +
/// 沪杭高速): a national (G) or provincial (S) number of one to four digits right before it,
/// not part of a longer Latin word or number.
fn route_number_start(text: &str, start: usize) -> usize {
    let before = &text[..start];
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let Some(head) = before[..before.len() - digits]
        .strip_suffix(['G', 'S'])
        .filter(|_| (1..=4).contains(&digits))
    else {
        return start;
    };
    match head.chars().next_back() {
        Some(c) if c.is_ascii_alphanumeric() => start,
        _ => head.len(),
    }
}
