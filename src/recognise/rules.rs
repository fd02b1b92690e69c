//! Rules for names no gazetteer lists: titles in 《》 that end like a policy document (规划, 方案,
//! 意见, 条例 ...) are Plans; names ending in a zone, project or institution suffix (开发区, 高铁,
//! 集团 ...) built on a known Chinese place or zone right before them (河北省 + 交通运输 + 厅,
//! 赣州 + 西 + 站) take the suffix's type. The body between the place and the suffix must be a
//! short run of name characters with no function words (北京的公司 and 上海等地的开发区 make
//! nothing), and with jieba the suffix must be a word of its own (局 in 局长 or 布局 is not).

use super::boundary::BoundaryChecker;
use crate::gazetteer::EntityType;
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

/// Characters of body allowed between the anchoring place and the suffix.
const MAX_BODY_CHARS: usize = 12;

/// How a 《》 title must end (before a trailing year or parenthesis) to be a policy document.
const PLAN_ENDINGS: &[&str] = &[
    "规划",
    "计划",
    "方案",
    "纲要",
    "条例",
    "法",
    "意见",
    "通知",
    "办法",
    "规定",
    "决定",
    "措施",
    "细则",
    "准则",
    "标准",
    "指南",
    "指引",
    "清单",
    "目录",
    "战略",
    "政策",
    "协议",
    "协定",
    "备忘录",
    "公报",
    "白皮书",
    "决议",
    "报告",
    "纪要",
    "章程",
    "指导目录",
];

/// Transport and road suffixes that also make names from two characters with no known place
/// before them: railways and expressways named after two cities' abbreviations (石津高速 =
/// 石家庄–天津, 青银高速 = 青岛–银川), and streets (裕华路, 胜利大街).
const TRANSPORT_SUFFIXES: &[&str] = &[
    "高速公路",
    "高速",
    "高铁",
    "城际铁路",
    "城际",
    "铁路",
    "客专",
    "大街",
    "大道",
    "路",
    "街",
];

/// Words that make a body generic or a clause rather than a name (珠海地方政府, 石家庄计划建成高速公路).
const BODY_STOP_WORDS: &[&str] = &[
    "地方", "当地", "相关", "有关", "全市", "全省", "全区", "全县", "各地", "各级", "部分", "主要",
    "重点", "计划", "建成", "谋划", "推进", "加快", "完成", "实现", "开展", "全力", "延伸", "正式",
    "成立", "设立", "以及", "还是", "今年", "去年", "明年", "目前", "已经", "正在",
    // Officials' titles: 上海市市长应勇作政府工作报告 is a person, not an institution.
    "市长", "省长", "区长", "县长", "书记", "主任", "部长", "局长", "厅长", "主席", "总理",
];

/// jieba tags that cannot be inside a name's body: adverbs, prepositions, conjunctions,
/// particles, pronouns, numerals, measure words, time words, interjections.
fn is_stop_tag(tag: &str) -> bool {
    matches!(
        tag.chars().next(),
        Some('d' | 'p' | 'c' | 'u' | 'r' | 'm' | 'q' | 't' | 'y' | 'e' | 'o')
    )
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

/// Suffixes and the type of the names they end, longest alternatives included so that
/// leftmost-longest matching takes 经济技术开发区 rather than 开发区.
const SUFFIXES: &[(&str, EntityType)] = &[
    // Zones
    ("经济技术开发区", EntityType::Zone),
    ("高新技术产业开发区", EntityType::Zone),
    ("经济开发区", EntityType::Zone),
    ("开发区", EntityType::Zone),
    ("经开区", EntityType::Zone),
    ("高新区", EntityType::Zone),
    ("新区", EntityType::Zone),
    ("自贸区", EntityType::Zone),
    ("自贸试验区", EntityType::Zone),
    ("自由贸易试验区", EntityType::Zone),
    ("综合保税区", EntityType::Zone),
    ("保税区", EntityType::Zone),
    ("示范区", EntityType::Zone),
    ("合作区", EntityType::Zone),
    ("试验区", EntityType::Zone),
    ("先行区", EntityType::Zone),
    ("产业园区", EntityType::Zone),
    ("产业园", EntityType::Zone),
    ("工业园区", EntityType::Zone),
    ("工业园", EntityType::Zone),
    ("科技园", EntityType::Zone),
    ("软件园", EntityType::Zone),
    ("物流园", EntityType::Zone),
    ("科技城", EntityType::Zone),
    ("科学城", EntityType::Zone),
    ("商务区", EntityType::Zone),
    ("金融城", EntityType::Zone),
    ("片区", EntityType::Zone),
    // Projects
    ("国际机场", EntityType::Project),
    ("机场", EntityType::Project),
    ("高铁站", EntityType::Project),
    ("火车站", EntityType::Project),
    ("西站", EntityType::Project),
    ("东站", EntityType::Project),
    ("南站", EntityType::Project),
    ("北站", EntityType::Project),
    ("高铁", EntityType::Project),
    ("城际铁路", EntityType::Project),
    ("城际", EntityType::Project),
    ("铁路", EntityType::Project),
    ("客专", EntityType::Project),
    ("地铁", EntityType::Project),
    ("大桥", EntityType::Project),
    ("隧道", EntityType::Project),
    ("枢纽", EntityType::Project),
    ("港区", EntityType::Project),
    ("码头", EntityType::Project),
    ("高速公路", EntityType::Project),
    ("高速", EntityType::Project),
    ("快速路", EntityType::Project),
    ("收费站", EntityType::Project),
    ("大厦", EntityType::Project),
    ("商贸城", EntityType::Project),
    ("水库", EntityType::Project),
    // Roads and streets (places, as the annotation guide counts them)
    ("大街", EntityType::Place),
    ("大道", EntityType::Place),
    ("环路", EntityType::Place),
    ("路", EntityType::Place),
    ("街", EntityType::Place),
    // Institutions
    ("股份有限公司", EntityType::Institution),
    ("有限责任公司", EntityType::Institution),
    ("有限公司", EntityType::Institution),
    ("公司", EntityType::Institution),
    ("集团", EntityType::Institution),
    ("银行", EntityType::Institution),
    ("大学", EntityType::Institution),
    ("学院", EntityType::Institution),
    ("中学", EntityType::Institution),
    ("医院", EntityType::Institution),
    ("研究院", EntityType::Institution),
    ("研究所", EntityType::Institution),
    ("委员会", EntityType::Institution),
    ("管委会", EntityType::Institution),
    ("办公室", EntityType::Institution),
    ("人民政府", EntityType::Institution),
    ("政府", EntityType::Institution),
    ("厅", EntityType::Institution),
    ("局", EntityType::Institution),
    ("协会", EntityType::Institution),
    ("学会", EntityType::Institution),
    ("商会", EntityType::Institution),
    ("日报", EntityType::Institution),
    ("电视台", EntityType::Institution),
    ("交易所", EntityType::Institution),
    ("法院", EntityType::Institution),
    ("检察院", EntityType::Institution),
    ("纪委", EntityType::Institution),
    ("监委", EntityType::Institution),
    ("政协", EntityType::Institution),
    ("党委", EntityType::Institution),
];

/// Characters that cannot be part of a name's body: function words and the like.
fn is_stop(c: char) -> bool {
    matches!(
        c,
        '的' | '和'
            | '与'
            | '及'
            | '在'
            | '是'
            | '了'
            | '将'
            | '为'
            | '对'
            | '等'
            | '从'
            | '向'
            | '把'
            | '被'
            | '由'
            | '以'
            | '于'
            | '到'
            | '个'
            | '这'
            | '那'
            | '其'
            | '该'
            | '各'
            | '此'
            | '并'
            | '或'
            | '也'
            | '都'
            | '就'
            | '又'
            | '还'
            | '而'
            | '且'
            | '年'
            | '月'
            | '日'
            | '有'
            | '无'
            | '不'
            | '已'
            | '要'
            | '会'
            | '能'
            | '可'
            | '多'
            | '家'
            | '所'
            | '我'
            | '你'
            | '他'
            | '她'
            | '们'
            | '后'
            | '前'
            | '里'
            | '内'
            | '外'
            | '至'
            | '即'
    )
}

fn is_name_char(c: char) -> bool {
    (('\u{4e00}'..='\u{9fff}').contains(&c) && !is_stop(c)) || c.is_ascii_alphanumeric()
}

/// A name a rule found, in byte offsets of the (normalised) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMatch {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
    pub rule: &'static str,
    /// Index (into the gazetteer matches given to [`Rules::find`]) of the place the name is
    /// built on, the nearest to the suffix; the rule's name replaces the matches it covers.
    pub anchor: Option<usize>,
}

/// What a known name can do for a rule: anchor a new name (a Chinese place or zone), or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub start: usize,
    pub end: usize,
    pub can_anchor: bool,
}

/// The suffix automaton.
pub struct Rules {
    suffixes: CharwiseDoubleArrayAhoCorasick<u32>,
}

impl Rules {
    pub fn new() -> Rules {
        let suffixes = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build_with_values(
                SUFFIXES
                    .iter()
                    .enumerate()
                    .map(|(i, (s, _))| (*s, i as u32)),
            )
            .expect("the suffix list is non-empty and has no duplicates");
        Rules { suffixes }
    }

    /// Rule matches in `text`. `known` are the gazetteer matches, sorted and non-overlapping.
    /// `checker`, when given, rejects suffixes that are not words of their own and bodies with
    /// words that cannot be in a name.
    pub fn find(
        &self,
        text: &str,
        known: &[Known],
        checker: Option<&BoundaryChecker>,
    ) -> Vec<RuleMatch> {
        let mut out = Vec::new();
        for m in self.suffixes.leftmost_find_iter(text) {
            let (ss, se) = (m.start(), m.end());
            let kind = SUFFIXES[m.value() as usize].1;
            // A suffix inside or across a known name is part of that name.
            let k = known.partition_point(|x| x.end <= ss);
            if known.get(k).is_some_and(|x| x.start < se) {
                continue;
            }
            // The nearest known name ending before the suffix, with only name characters
            // between them, anchors the new name; directly preceding anchors join it
            // (广东自贸试验区 + 南沙 + 片区).
            let anchored = k.checked_sub(1).filter(|&a| {
                let anchor = known[a];
                let body = &text[anchor.end..ss];
                anchor.can_anchor
                    && body.chars().count() <= MAX_BODY_CHARS
                    && body.chars().all(is_name_char)
                    && !BODY_STOP_WORDS.iter().any(|w| body.contains(w))
            });
            let Some(mut a) = anchored else {
                if let Some(r) =
                    self.abbreviation_name(text, ss, se, known.get(k.wrapping_sub(1)), checker)
                {
                    out.push(r);
                }
                continue;
            };
            let body = &text[known[a].end..ss];
            if let Some(checker) = checker {
                if !checker.on_boundaries(text, ss, se)
                    // Two-character bodies are often tagged as person names (裕华): allowed here.
            || checker
                .tags(body)
                .any(|(_, tag)| is_stop_tag(tag) && !tag.starts_with("nr"))
                {
                    continue;
                }
            }
            while a > 0 && known[a - 1].end == known[a].start && known[a - 1].can_anchor {
                a -= 1;
            }
            out.push(RuleMatch {
                start: known[a].start,
                end: se,
                kind,
                rule: "suffix",
                anchor: Some(k - 1),
            });
        }
        // Titles in 《》: the title inside the brackets is a Plan.
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
                out.push(RuleMatch {
                    start: inner_start,
                    end: inner_start + close,
                    kind: EntityType::Plan,
                    rule: "title",
                    anchor: None,
                });
            }
            offset = inner_start + close;
            rest = &text[offset..];
        }
        out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        out
    }
}

impl Rules {
    /// A transport name made of two abbreviations before the suffix (石津高速), with no known
    /// place to anchor it: the two characters must be name characters on jieba word boundaries
    /// and not a dictionary word of their own (城市高速 is not a name).
    fn abbreviation_name(
        &self,
        text: &str,
        ss: usize,
        se: usize,
        previous: Option<&Known>,
        checker: Option<&BoundaryChecker>,
    ) -> Option<RuleMatch> {
        let checker = checker?;
        let suffix = &text[ss..se];
        if !TRANSPORT_SUFFIXES.contains(&suffix) {
            return None;
        }
        let kind = SUFFIXES
            .iter()
            .find(|(s, _)| *s == suffix)
            .map_or(EntityType::Project, |(_, k)| *k);
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
        Some(RuleMatch {
            start,
            end: se,
            kind,
            rule: "suffix",
            anchor: None,
        })
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, known names in it, expected rule names)
    #[test]
    fn rule_cases() {
        let rules = Rules::new();
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("河北省交通运输厅发布", &["河北省"], &["河北省交通运输厅"]),
            ("赣州西站基本完工", &["赣州"], &["赣州西站"]),
            ("即墨经济技术开发区升级", &["即墨"], &["即墨经济技术开发区"]),
            ("北京的公司", &["北京"], &[]),
            ("上海等地的开发区", &["上海"], &[]),
            ("公司发布公告", &[], &[]),
            ("北京大兴国际机场", &["北京大兴国际机场"], &[]),
            (
                "印发《京津冀教育协同发展行动计划（2018—2020年）》。",
                &["京津冀"],
                &["京津冀教育协同发展行动计划（2018—2020年）"],
            ),
            ("《》和《未闭合", &[], &[]),
            ("电影《黑豹》获奖", &[], &[]),
            (
                "《河北省大气污染防治条例（修订）》",
                &["河北省"],
                &["河北省大气污染防治条例（修订）"],
            ),
            (
                "广东自贸试验区南沙片区",
                &["广东自贸试验区", "南沙"],
                &["广东自贸试验区南沙片区"],
            ),
            ("珠海地方政府提出", &["珠海"], &[]),
        ];
        // Names from two abbreviations need jieba (to know 城市 is a word).
        let checker = BoundaryChecker::new(std::iter::empty());
        let with_checker: &[(&str, &[&str])] = &[
            ("建设石津高速和青银高速公路", &["石津高速", "青银高速公路"]),
            ("城市高速发展", &[]),
            ("全省高速", &[]),
            ("新建4条铁路", &[]),
            ("盼着高速公路通车", &[]),
            ("沿着裕华路前行", &["裕华路"]),
            ("提出新思路", &[]),
        ];
        for (text, expected) in with_checker {
            let got: Vec<&str> = rules
                .find(text, &[], Some(&checker))
                .iter()
                .map(|r| &text[r.start..r.end])
                .collect();
            assert_eq!(got, *expected, "{text}");
        }
        for (text, known, expected) in cases {
            let mut spans: Vec<Known> = known
                .iter()
                .map(|k| {
                    let s = text.find(k).unwrap();
                    Known {
                        start: s,
                        end: s + k.len(),
                        can_anchor: true,
                    }
                })
                .collect();
            spans.sort_by_key(|k| k.start);
            let got: Vec<&str> = rules
                .find(text, &spans, None)
                .iter()
                .map(|r| &text[r.start..r.end])
                .collect();
            assert_eq!(got, *expected, "{text}");
        }
    }
}
