//! Names with no known name to anchor them: a proper word and a company, facility or event
//! suffix (凯雷投资集团, 新华保险, 中国国际进口博览会), two abbreviations and a transport suffix
//! (石津高速), and organisations jieba's dictionary knows whole (中央气象台, 波音公司).

use super::suffix::{is_name_body, is_name_char, MAX_BODY_CHARS};
use super::titles::{edition_len, edition_start};
use super::{is_proper_tag, is_stop_tag, At, Rule, RuleMatch};
use crate::gazetteer::EntityType;
use crate::recognise::lexicon::{
    BODY_STOP_WORDS, FREE_STOP_WORDS, GENERIC_COMPANY_WORDS, SAYING_VERBS, SCOPE_WORDS, SUFFIXES,
    TRANSPORT_SUFFIXES,
};

/// Characters looked at before a company or event suffix with no known place before it.
const FREE_BODY_CHARS: usize = 8;

/// The tag given to a run of single characters read as one unknown word.
const OOV: &str = "n-oov";

/// An institution jieba's dictionary knows by its whole name (中央气象台 nt, 国家统计局 nt), with
/// no known name in it, ending in the suffix at `at`.
pub(super) fn jieba_institution(at: &At, kind: EntityType) -> Option<RuleMatch> {
    let (text, ss, se) = (at.text, at.ss, at.se);
    let checker = at.checker.filter(|_| kind == EntityType::Institution)?;
    let before = text[..ss].chars().next_back();
    if !before.is_some_and(|c| is_name_char(c) && !c.is_ascii())
        || !may_be_proper_institution(text, ss, at.suffix())
    {
        return None;
    }
    let start = checker.organisation_ending(text, ss, se)?;
    let fits = at.previous().is_none_or(|p| p.end <= start)
        && is_proper_institution(&text[start..ss], at.suffix());
    fits.then(|| RuleMatch::new(start, se, kind, Rule::JiebaNt))
}

/// A transport name made of two abbreviations before the suffix (石津高速), with no known
/// place to anchor it: the two characters must be name characters on jieba word boundaries
/// and not a dictionary word of their own (城市高速 is not a name).
pub(super) fn abbreviation_name(at: &At) -> Option<RuleMatch> {
    let (text, ss, se, previous) = (at.text, at.ss, at.se, at.previous());
    let checker = at.checker?;
    let suffix = at.suffix();
    if !TRANSPORT_SUFFIXES.contains(&suffix) {
        return None;
    }
    let kind = SUFFIXES
        .iter()
        .find(|s| s.text == suffix)
        .map_or(EntityType::Project, |s| s.kind);
    let start = text[..ss].char_indices().rev().nth(1)?.0;
    let body = &text[start..ss];
    if previous.is_some_and(|p| p.end > start)
        || !body.chars().all(|c| is_name_char(c) && !c.is_ascii())
        || checker.tags(body).any(|(_, tag)| is_stop_tag(tag))
        || BODY_STOP_WORDS.contains(&body)
        // A dictionary word is a common word (城市, even tagged ns), unless jieba calls it a
        // proper name or abbreviation (裕华 nz).
        || (checker.is_word(body)
            && !checker
                .tags(body)
                .all(|(_, tag)| matches!(tag, "nz" | "j") || tag.starts_with("nr")))
        || !checker.on_boundaries(text, start, se)
        // The suffix must be a word of its own (路 in 思路 or 老路 is not).
        || !checker.on_boundaries(text, ss, se)
    {
        return None;
    }
    Some(RuleMatch::new(start, se, kind, Rule::Suffix))
}

/// A name with no known place before it, for company and event suffixes (凯雷投资集团,
/// 新华保险, 中国国际进口博览会): the run of jieba words before the suffix with no function
/// word, verb of a clause boundary or stop word, from its first proper-name word (a person,
/// place, organisation or other proper name, an abbreviation, a Latin word, or a word
/// jieba's dictionary does not have). Generic words alone make nothing (科技公司, 商业银行).
pub(super) fn free_name(at: &At, kind: EntityType) -> Option<RuleMatch> {
    let (text, ss, se) = (at.text, at.ss, at.se);
    let checker = at.checker?;
    let previous = at.previous().filter(|p| !p.scoped);
    let from = text[..ss]
        .char_indices()
        .rev()
        .nth(FREE_BODY_CHARS)
        .map_or(0, |(i, _)| i);
    let window = &text[from..ss];
    let mut words: Vec<(usize, &str, &str)> = Vec::new();
    let mut at = from;
    for (word, tag) in checker.tags(window) {
        // jieba without its HMM splits a name it does not know into single characters
        // (国海 → 国, 海; 众诚 → 众, 诚): a run of two or more single name characters is
        // read as one unknown word.
        let single = |w: &str, tag: &str| {
            w.chars().count() == 1 && w.chars().all(is_name_char) && !tag.starts_with('v')
        };
        match words.last_mut() {
            Some((start, last, last_tag))
                if single(word, tag)
                    && (single(last, last_tag) || *last_tag == OOV)
                    && !is_stop_tag(tag)
                    && (*last_tag == OOV || !is_stop_tag(last_tag)) =>
            {
                *last = &text[*start..at + word.len()];
                *last_tag = OOV;
            }
            _ => words.push((at, word, tag)),
        }
        at += word.len();
    }
    // The first word may be cut by the window: it counts only at a text or clause start.
    let cut = from > 0 && text[..from].chars().next_back().is_some_and(is_name_char);
    // The run of name words before the suffix, and its first proper-name word.
    let mut run_start = words.len();
    let mut first_proper = None;
    for (i, &(_, word, tag)) in words.iter().enumerate().rev() {
        // A verb of two characters or more ends the run: the name follows it (收购 + 华润集团;
        // 习近平 + 出席 + 大会 is no name). Single characters tagged as verbs are often parts of
        // names jieba does not know (绣 of 绣源河, 栖 of 云栖).
        if (i == 0 && cut)
            || !word.chars().all(is_name_char)
            || is_stop_tag(tag)
            || (tag == "v" && word.chars().nth(1).is_some())
            || BODY_STOP_WORDS.iter().any(|w| word.contains(w))
            || FREE_STOP_WORDS.contains(&word)
        {
            break;
        }
        run_start = i;
        let proper = tag == OOV || is_proper_tag(tag) || !checker.is_word(word);
        if proper {
            first_proper = Some(i);
        }
    }
    // The name starts the run, or follows a verb (收购 + 华润集团; not a verbal noun: 移动 +
    // 通信 + 大会 is a fragment of 世界移动通信大会), or is an unknown word
    // right before the suffix (股东 + 粤财 + 信托); a proper word after generic ones is a
    // fragment (零边界 + 集成电路有限公司).
    let first = first_proper?;
    let unknown_before_suffix = first + 1 == words.len() && words[first].2 == OOV;
    if first != run_start && !unknown_before_suffix && words[first - 1].2 != "v" {
        return None;
    }
    let start = words[first].0;
    let body = &text[start..ss];
    let name = &text[start..se];
    if body.chars().count() < 2
        || FREE_STOP_WORDS.contains(&body)
        // 中国公司, 美国银行: a known name that cannot anchor does not make one here.
        || previous.is_some_and(|p| p.end > start && (p.start >= start || p.end == ss))
        || (checker.is_word(name)
            && !checker.tags(name).all(|(_, tag)| matches!(tag, "nt" | "nz")))
    {
        return None;
    }
    Some(RuleMatch::new(start, se, kind, Rule::Name))
}

/// Whether an organisation name of jieba's dictionary with no known name in it, `body` then
/// `suffix`, names one body rather than a kind of body. jieba tags common institutional nouns
/// `nt` too (税务局, 公立医院, 施工队, 住院部, 中西部, 新格局); a name needs a national or
/// international scope word first, or a suffix that only ends proper names (大学, 出版社).
/// Governments are left out: People's Daily tags the country, not 俄政府 or 中央政府.
fn is_proper_institution(body: &str, suffix: &str) -> bool {
    if suffix.ends_with("政府") || body.chars().all(|c| "东西南北中".contains(c)) {
        return false;
    }
    SCOPE_WORDS.iter().any(|w| body.starts_with(w)) || matches!(suffix, "大学" | "出版社")
}

/// The cheap test before segmenting for [`is_proper_institution`]: the suffix ends only proper
/// names, or a scope word stands in the few characters before it.
fn may_be_proper_institution(text: &str, ss: usize, suffix: &str) -> bool {
    if matches!(suffix, "大学" | "出版社") {
        return true;
    }
    let from = text[..ss]
        .char_indices()
        .rev()
        .nth(MAX_BODY_CHARS)
        .map_or(0, |(i, _)| i);
    SCOPE_WORDS.iter().any(|w| text[from..ss].contains(w))
}

/// A company jieba's dictionary knows by its whole name and tags nt (微软公司, 波音公司,
/// 东风汽车公司), where the free-name test cannot tell its head from a common word (微软 a, 波音
/// n): no known name in it (美国公司 is no name), a head of two characters or more, and no
/// generic word in the head (信托投资公司, 国际航空公司).
pub(super) fn dictionary_company(at: &At, kind: EntityType) -> Option<RuleMatch> {
    let (text, ss, se, previous) = (at.text, at.ss, at.se, at.previous());
    let checker = at.checker?;
    if kind != EntityType::Institution {
        return None;
    }
    let start = checker.organisation_ending(text, ss, se)?;
    let head = &text[start..ss];
    let generic = |w: &&str| head.contains(*w);
    if previous.is_some_and(|p| p.end > start)
        || head.chars().count() < 2
        || FREE_STOP_WORDS.iter().any(generic)
        || BODY_STOP_WORDS.iter().any(generic)
        || GENERIC_COMPANY_WORDS.iter().any(generic)
    {
        return None;
    }
    Some(RuleMatch::new(start, se, kind, Rule::JiebaNt))
}

/// An event named by its edition or year, or by a national or international scope, before its
/// own words, however common those are (第十一届 + 健康中国 + 论坛, 2019 + 中国医药产业新年 +
/// 展望会, 国际 + 消费类电子产品 + 展览会): the run of name characters before the event suffix,
/// from the nearest edition or the farthest scope word on a word boundary, with no function
/// word or stop word in it and no known name cut by it.
pub(super) fn marked_event(at: &At, kind: EntityType) -> Option<RuleMatch> {
    let (text, ss, se) = (at.text, at.ss, at.se);
    let checker = at.checker?;
    // The known names are sorted and do not overlap: the one that could cut `p` is the first
    // ending after it.
    let cuts = |p: usize| {
        let i = at.known.partition_point(|k| k.end <= p);
        at.known.get(i).is_some_and(|k| k.start < p)
    };
    let mut start = None;
    for (p, c) in text[..ss].char_indices().rev().take(MAX_BODY_CHARS) {
        if !is_name_char(c) {
            break;
        }
        let body = &text[p..ss];
        if BODY_STOP_WORDS.iter().any(|w| body.contains(w)) || !is_name_body(body) {
            break;
        }
        if cuts(p) {
            continue;
        }
        if edition_start(text, p, None) < p && !c.is_ascii_digit() {
            start = Some(p);
            break;
        }
        if SCOPE_WORDS.iter().any(|w| body.starts_with(w)) {
            start = Some(p);
        }
    }
    let start = start?;
    let body = &text[start..ss];
    // An ordinal edition names a series (首届 + 进口 + 博览会), a year may date a routine
    // meeting (2019年 + 部署 + 大会).
    let edition = edition_start(text, start, None);
    let ordinal = edition < start && edition_len(&text[edition..start]) > 0;
    // The event's own words after the scope: two characters or more, not a rank (国际级, 世界级)
    // and not a verb alone unless after an ordinal (国际论坛 and 世界大会 name nothing).
    let own = SCOPE_WORDS
        .iter()
        .filter_map(|w| body.strip_prefix(w))
        .min_by_key(|rest| rest.len())
        .unwrap_or(body);
    let fits = own.chars().count() >= 2
        && !own.starts_with('级')
        && (ordinal || !checker.tags(own).all(|(_, tag)| tag.starts_with('v')))
        // After a year alone, more than one word (2019 + 工业 互联网 + 峰会; not 2019年 + 部署).
        && (ordinal || own.len() < body.len() || checker.tags(own).nth(1).is_some())
        && !cuts(ss)
        && checker.on_boundaries(text, start, se)
        // A season or a festival is part of an event's name (新年 + 论坛, 春季 + 招聘会): time
        // words (t) may stand in it, other function words not.
        && !checker
            .tags(body)
            .any(|(_, tag)| is_stop_tag(tag) && !tag.starts_with('t'));
    fits.then(|| RuleMatch::new(start, se, kind, Rule::Name))
}

/// Characters of a quoted title before an event suffix (“选择法国”峰会).
const MAX_QUOTED_TITLE: usize = 20;

/// Characters of a quoted event name, the suffix included (“2019可持续发展金融峰会”).
const MAX_QUOTED_NAME: usize = 30;

/// An event named in quotation marks, which mark its edges whatever its words: a quoted title
/// and the suffix right after it (“选择法国”峰会, “互联网+零售”论坛), or a quoted name that
/// the suffix ends (“2019可持续发展金融峰会”, without the marks, as the annotation guide
/// writes it). Over the 5,801 posts: 17 titles, all events, and 42 quoted names no other rule
/// found, about nine in ten events by reading (not 每年召开两次代表大会, a clause, nor
/// 书香与音乐的交融——新春音乐会, a headline).
pub(super) fn quoted_event(at: &At, kind: EntityType) -> Option<RuleMatch> {
    let (text, ss, se) = (at.text, at.ss, at.se);
    if let Some(before) = text[..ss].strip_suffix('”') {
        let open = before.rfind('“')?;
        let title = &before[open + '“'.len_utf8()..];
        return quoted(title, MAX_QUOTED_TITLE).then(|| RuleMatch::new(open, se, kind, Rule::Name));
    }
    if !text[se..].starts_with('”') {
        return None;
    }
    let start = text[..ss]
        .rfind(['“', '”'])
        .filter(|&i| text[i..].starts_with('“'))?
        + '“'.len_utf8();
    let name = &text[start..se];
    let fits = start < ss
        && quoted(name, MAX_QUOTED_NAME)
        && !name.contains("——")
        && !["召开", "举行", "举办"].iter().any(|v| name.contains(v));
    fits.then(|| RuleMatch::new(start, se, kind, Rule::Name))
}

/// Where an event's name starts with the quoted sponsor's cup written before it (“工友杯” +
/// 职工创业创新大赛, “华新园杯” + 青岛市首届手工艺大赛), or `start` when there is none.
pub(super) fn cup_start(text: &str, start: usize) -> usize {
    let Some(before) = text[..start].strip_suffix("杯”") else {
        return start;
    };
    match before.rfind('“') {
        Some(open) if quoted(&before[open + '“'.len_utf8()..], MAX_QUOTED_TITLE) => open,
        _ => start,
    }
}

/// Whether the text between quotation marks can be a name of two to `max` characters: no
/// space, sentence punctuation or other quotation mark in it.
fn quoted(inner: &str, max: usize) -> bool {
    (2..=max).contains(&inner.chars().count())
        && !inner
            .chars()
            .any(|c| c.is_whitespace() || "。！？；，“”\"".contains(c))
}

/// What follows an analyst's firm besides a verb of saying ([`SAYING_VERBS`]: 认为, 表示, 指出
/// ...): its forecasts, its analysts and its research (平安证券 + 预计, 银河证券 + 分析师).
const RESEARCH_CUES: [&str; 7] = ["预计", "分析师", "研报", "首席", "研究所", "研究员", "发布"];

/// The suffixes of [`speaking_firm`]: not 公司, 集团 or 信托, which with a common word before them
/// name a kind (基金公司, 管理公司, 集合信托) as often as a firm.
const FIRM_SUFFIXES: [&str; 4] = ["证券", "银行", "保险", "资本"];

/// A financial firm whose trade name is a common word (平安证券, 银河证券, 财富证券: 平安 a,
/// 银河 n), which [`free_name`] refuses as generic, when its view or its analysts follow: two
/// name characters on jieba's word boundaries before the suffix, no count, pronoun, time or
/// place word (几家银行, 当地银行, 年度银行), no generic word (投资银行), and a verb of saying
/// or a research cue after it. Over the 5,801 posts: 平安证券 32, 民生证券 15, 联讯证券 10, 财富证券 8 ...
pub(super) fn speaking_firm(at: &At, kind: EntityType) -> Option<RuleMatch> {
    let (text, ss, se) = (at.text, at.ss, at.se);
    let checker = at.checker?;
    if kind != EntityType::Institution
        || !FIRM_SUFFIXES.contains(&at.suffix())
        || !SAYING_VERBS
            .iter()
            .chain(&RESEARCH_CUES)
            .any(|c| text[se..].starts_with(c))
    {
        return None;
    }
    let start = text[..ss].char_indices().rev().nth(1)?.0;
    let head = &text[start..ss];
    let fits = head.chars().all(|c| is_name_char(c) && !c.is_ascii())
        && at
            .previous()
            .filter(|p| !p.scoped)
            .is_none_or(|p| p.end <= start)
        && !checker
            .tags(head)
            .any(|(_, tag)| is_stop_tag(tag) || matches!(tag, "m" | "q" | "r" | "t" | "f" | "s"))
        && !FREE_STOP_WORDS.contains(&head)
        && !GENERIC_COMPANY_WORDS.iter().any(|w| head.contains(w))
        && !BODY_STOP_WORDS.iter().any(|w| head.contains(w))
        && checker.on_boundaries(text, start, se);
    fits.then(|| RuleMatch::new(start, se, kind, Rule::Name))
}
