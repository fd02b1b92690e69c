//! Rules for names no gazetteer lists: titles in 《》 that end like a policy document (规划, 方案,
//! 意见, 条例 ...) are Plans; names ending in a zone, project or institution suffix (开发区, 高铁,
//! 集团 ...) built on a known Chinese place or zone right before them (河北省 + 交通运输 + 厅,
//! 赣州 + 西 + 站) take the suffix's type. The body between the place and the suffix must be a
//! short run of name characters with no function words (北京的公司 and 上海等地的开发区 make
//! nothing), and with jieba the suffix must be a word of its own (局 in 局长 or 布局 is not).
//!
//! One automaton finds every suffix and every mark of a numbered name in one pass; each match
//! goes to its family: [`numbered`] (ring roads, lines, national roads, Party meetings),
//! [`suffix`] (a name anchored by a known place or institution), [`names`] (company, event and
//! transport names with no anchor, and organisations jieba's dictionary knows whole). [`titles`]
//! finds 《》 titles and events' editions; [`persons`] tells a given name from a short place
//! name. The word lists are data ([`super::lexicon`]).

mod meetings;
mod names;
mod numbered;
mod persons;
mod suffix;
mod titles;

pub use numbered::section_end;
pub use persons::{in_person_name, is_person_name};
pub use suffix::{bare_kind_is_no_name, institution_rest, is_name_char};

use super::boundary::BoundaryChecker;
use super::lexicon::{Extra, NUMBERED_MARKS, SUFFIXES};
use crate::gazetteer::{EntityId, EntityType};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

/// The rule that found a name no gazetteer lists (see docs/vocabulary.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A known place or institution, a body and a suffix (河北省交通运输厅).
    Suffix,
    /// A proper word and a company, facility or event suffix (凯雷投资集团).
    Name,
    /// A plan in 《》.
    Title,
    /// 北二环, 国道307, 7号线, 十九大, 十八届三中全会.
    Numbered,
    /// One abbreviation read as its place (华 of 访华): a mention of a known entity.
    Abbreviation,
    /// A composite written as abbreviations (京冀, 中美).
    Abbreviations,
    /// An organisation jieba's dictionary tags nt whole (国家统计局, 美国财政部).
    JiebaNt,
    /// An organisation jieba's dictionary has whole without tagging it nt (智利队).
    JiebaWord,
    /// A known line's section (京唐铁路北京段).
    Section,
    /// A foreign country, Hong Kong or Macao before a Chinese national body's name (印度央行).
    ForeignBody,
    /// A work conference or a numbered session (中央经济工作会议, 十三届全国人大二次会议).
    Meeting,
    /// An organisation or place the learned model labelled (not a rule: the layer after them).
    Model,
    /// A known company and a word of its trade (骅威文化 over 骅威).
    Trade,
    /// An item of a list most of whose items are organisations (麦达数字 in 骅威文化、银河电子、
    /// 麦达数字).
    List,
    /// A name before a stock code in brackets that no gazetteer links (恒大健康（0708.HK）).
    StockCode,
}

impl Rule {
    pub const ALL: [Rule; 15] = [
        Rule::Suffix,
        Rule::Name,
        Rule::Title,
        Rule::Numbered,
        Rule::Abbreviation,
        Rule::Abbreviations,
        Rule::JiebaNt,
        Rule::JiebaWord,
        Rule::Section,
        Rule::ForeignBody,
        Rule::Meeting,
        Rule::Model,
        Rule::Trade,
        Rule::List,
        Rule::StockCode,
    ];

    /// The rule's name as stores and outputs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Suffix => "suffix",
            Rule::Name => "name",
            Rule::Title => "title",
            Rule::Numbered => "numbered",
            Rule::Abbreviation => "abbreviation",
            Rule::Abbreviations => "abbreviations",
            Rule::JiebaNt => "jieba-nt",
            Rule::JiebaWord => "jieba-word",
            Rule::Section => "section",
            Rule::ForeignBody => "foreign-body",
            Rule::Meeting => "meeting",
            Rule::Model => "model",
            Rule::Trade => "trade",
            Rule::List => "list",
            Rule::StockCode => "stock-code",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name a rule found, in byte offsets of the (normalised) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMatch {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
    pub rule: Rule,
    /// Index (into the gazetteer matches given to [`Rules::find`]) of the place the name is
    /// built on, the nearest to the suffix; the rule's name replaces the matches it covers.
    pub anchor: Option<usize>,
    /// The entities a composite of abbreviations stands for (empty for other rules).
    pub members: Vec<EntityId>,
}

impl RuleMatch {
    /// A match with no anchor and no members.
    fn new(start: usize, end: usize, kind: EntityType, rule: Rule) -> RuleMatch {
        RuleMatch {
            start,
            end,
            kind,
            rule,
            anchor: None,
            members: Vec::new(),
        }
    }
}

/// What a known name can anchor a new name as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Nothing: 中国, foreign places (中国公司, 美国智库 are not names), plans, projects.
    No,
    /// A Chinese place or zone: any suffix.
    Place,
    /// An institution: the suffixes of its units (华为 + 业务部).
    Institution,
    /// 中国 or a foreign place: public and academic bodies with a name of their own between
    /// (中国音乐家协会, 芬兰农林部, 韩国队), never a bare kind (中国公司, 美国企业).
    Country,
}

/// A known name (a gazetteer match) and what it can anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub start: usize,
    pub end: usize,
    pub anchor: Anchor,
    /// Only a context alias (新华 for 新华区), valid in the scope of its entity: outside it the
    /// characters are an ordinary word and may start another name (新华保险).
    pub scoped: bool,
}

/// A suffix or mark the automaton found, with what the rules need around it.
#[derive(Clone, Copy)]
struct At<'a> {
    text: &'a str,
    /// Byte range of the suffix.
    ss: usize,
    se: usize,
    /// Index of the first known name ending after the suffix starts.
    k: usize,
    known: &'a [Known],
    checker: Option<&'a BoundaryChecker>,
}

impl<'a> At<'a> {
    fn suffix(&self) -> &'a str {
        &self.text[self.ss..self.se]
    }

    /// The nearest known name ending before the suffix.
    fn previous(&self) -> Option<&'a Known> {
        self.known.get(self.k.wrapping_sub(1))
    }

    /// The first known name after the suffix.
    fn next(&self) -> Option<&'a Known> {
        self.known.get(self.k)
    }
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
                    .map(|s| s.text)
                    .chain(NUMBERED_MARKS.iter().copied())
                    .enumerate()
                    .map(|(i, s)| (s, i as u32)),
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
            // A suffix inside or across a known name is part of that name.
            let k = known.partition_point(|x| x.end <= ss);
            if known.get(k).is_some_and(|x| x.start < se) {
                continue;
            }
            let at = At {
                text,
                ss,
                se,
                k,
                known,
                checker,
            };
            let value = m.value() as usize;
            let mark = value >= SUFFIXES.len();
            if mark && meetings::is_meeting_mark(at.suffix()) {
                out.extend(meetings::find(at));
                continue;
            }
            if mark || at.suffix() == "环路" {
                if let Some(r) = numbered::find(at) {
                    out.push(r);
                    continue;
                }
                if mark {
                    continue;
                }
            }
            out.extend(suffix::find(at, SUFFIXES[value]));
        }
        out.extend(titles::plans(text));
        out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        out
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules::new()
    }
}

/// The type a name's suffix gives it (the longest suffix that ends the name), if any:
/// 中信证券 → Institution, 鸳鸯湖滑雪场 → Project.
pub fn suffix_kind(name: &str) -> Option<EntityType> {
    name_suffix(name).map(|(_, kind)| kind)
}

/// The head of a company's name found by a rule, the name less its company suffix (双星 of
/// 双星集团, 国海 of 国海证券), when it is two to four characters.
pub fn company_head(name: &str) -> Option<&str> {
    let suffix = SUFFIXES
        .iter()
        .filter(|s| {
            s.extra == Extra::Company && name.len() > s.text.len() && name.ends_with(s.text)
        })
        .max_by_key(|s| s.text.len())?;
    let head = &name[..name.len() - suffix.text.len()];
    (2..=4).contains(&head.chars().count()).then_some(head)
}

/// Whether `words` end like a body (证监局, 管委会): the longest institution suffix that ends
/// them, all of them allowed, is no company's.
pub fn ends_like_a_body(words: &str) -> bool {
    SUFFIXES
        .iter()
        .filter(|s| words.ends_with(s.text))
        .max_by_key(|s| s.text.len())
        .is_some_and(|s| s.kind == EntityType::Institution && s.extra != Extra::Company)
}

/// The longest suffix that ends `name` (and is not all of it), with its type.
pub fn name_suffix(name: &str) -> Option<(&'static str, EntityType)> {
    SUFFIXES
        .iter()
        .filter(|s| name.len() > s.text.len() && name.ends_with(s.text))
        .max_by_key(|s| s.text.len())
        .map(|s| (s.text, s.kind))
}

/// jieba tags of proper names: persons, places, organisations, other proper nouns,
/// abbreviations, Latin words and unknown strings.
pub fn is_proper_tag(tag: &str) -> bool {
    tag.starts_with("nr") || matches!(tag, "nz" | "ns" | "nt" | "j" | "eng" | "x")
}

/// jieba tags that cannot be inside a name's body: adverbs, prepositions, conjunctions,
/// particles, pronouns, numerals, measure words, time words, interjections.
fn is_stop_tag(tag: &str) -> bool {
    matches!(
        tag.chars().next(),
        Some('d' | 'p' | 'c' | 'u' | 'r' | 'm' | 'q' | 't' | 'y' | 'e' | 'o')
    )
}

/// Known names in `text` with the anchor each gives, sorted, as the rules' tests state them.
#[cfg(test)]
pub(super) fn known_spans(text: &str, known: &[(&str, Anchor)]) -> Vec<Known> {
    let mut spans: Vec<Known> = known
        .iter()
        .map(|&(k, anchor)| {
            let s = text.find(k).unwrap();
            Known {
                start: s,
                end: s + k.len(),
                anchor,
                scoped: false,
            }
        })
        .collect();
    spans.sort_by_key(|k| k.start);
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, known names in it, expected rule names)
    #[test]
    fn given_names_are_not_places() {
        let at = |text: &str, name: &str| {
            let s = text.find(name).unwrap();
            in_person_name(text, s, s + name.len())
        };
        assert!(at("（记者陶常宁通讯员王艺霖）", "常宁"));
        assert!(at("商务局局长张庆元告诉记者", "庆元"));
        assert!(at("通讯员 朱青秦", "青秦"));
        assert!(at("陈安宁表示", "安宁"));
        let whole = |text: &str, name: &str| {
            let s = text.find(name).unwrap();
            is_person_name(text, s, s + name.len())
        };
        assert!(whole("（记者 秦华）2月1日", "秦华"));
        assert!(whole("厂长韩桂升说", "韩桂"));
        assert!(!whole("中美关系", "中美"));
        assert!(!whole("推动秦晋合作", "秦晋"));
        // A place after a surname-like character with no title or verb of saying is a place.
        assert!(!at("前往常宁考察", "常宁"));
        assert!(!at("浙江庆元县", "庆元"));
        assert!(!at("记者从常宁获悉", "常宁"));
        // Three characters are no given name.
        assert!(!at("记者张石家庄", "石家庄"));
    }

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
            (
                "由中国青年志愿者协会负责",
                &["中国"],
                &["中国青年志愿者协会"],
            ),
        ];
        // Names from two abbreviations need jieba (to know 城市 is a word).
        let checker = BoundaryChecker::new(std::iter::empty());
        let with_checker: &[(&str, &[&str])] = &[
            ("建设石津高速和青银高速公路", &["石津高速", "青银高速公路"]),
            // A route number before an expressway is part of its name; not a longer code.
            (
                "经G93渝泸高速和S15沪杭高速",
                &["G93渝泸高速", "S15沪杭高速"],
            ),
            ("型号XG93渝泸高速", &["渝泸高速"]),
            (
                "推进裕华路东延和石津高速连接线",
                &["裕华路东延", "石津高速连接线"],
            ),
            (
                "北二环和四环路、国道307与轨道交通7号线二期",
                &["北二环", "四环路", "国道307", "轨道交通7号线二期"],
            ),
            ("这是第二环节", &[]),
            // The Party's numbered congresses (with 党的 when written so) and plenary
            // sessions; not counts.
            ("党的十九大以来", &["党的十九大"]),
            ("十九大报告", &["十九大"]),
            ("十八届三中全会召开", &["十八届三中全会"]),
            ("党的十八届三中全会提出", &["十八届三中全会"]),
            ("十大品牌和十五大类", &[]),
            ("城市高速发展", &[]),
            ("全省高速", &[]),
            ("新建4条铁路", &[]),
            ("盼着高速公路通车", &[]),
            ("沿着裕华路前行", &["裕华路"]),
            ("提出新思路", &[]),
            // Company and event names with no known place (the first proper word starts them).
            ("宣布收购凯雷投资集团", &["凯雷投资集团"]),
            // Companies jieba knows whole as nt, whose head is a common word (波音 n); not kinds
            // of business it also tags nt.
            ("波音公司宣布", &["波音公司"]),
            ("中央银行和网上银行", &[]),
            ("习近平出席大会并讲话", &[]),
            // Names jieba does not know come as single characters (国海, 粤财).
            ("板块走强，国海证券涨停", &["国海证券"]),
            ("继原股东粤财信托退出", &["粤财信托"]),
            ("转让众诚保险股份2亿股", &["众诚保险"]),
            ("购买人身保险", &[]),
            ("多家科创板公司和金控集团", &[]),
            ("科技公司和商业银行", &[]),
            ("多家上市公司", &[]),
            // National bodies jieba knows whole (nt); common nouns it also tags nt do not count.
            (
                "中央气象台预报，国家统计局发布",
                &["中央气象台", "国家统计局"],
            ),
            ("税务局和施工队进驻，形成新格局", &[]),
            ("中西部地区", &[]),
            ("中央政府表示", &[]),
            // Events named by an ordinal edition or a scope, their own words however common;
            // not a scope or a rank alone, nor a year and a verb.
            (
                "消费电子是国际消费类电子产品展览会的主题",
                &["国际消费类电子产品展览会"],
            ),
            ("第三届智慧养老论坛开幕", &["第三届智慧养老论坛"]),
            ("首届进口博览会闭幕", &["首届进口博览会"]),
            ("第五届滨江庙会开幕", &["第五届滨江庙会"]),
            ("第二届数字经济展望会举行", &["第二届数字经济展望会"]),
            ("参加国际论坛和世界级运动会", &[]),
            ("召开2019年部署大会", &[]),
            // A season is part of the name; an adverb is no part of one.
            ("第二届春季人才招聘大会开幕", &["第二届春季人才招聘大会"]),
            ("第二届正在人才招聘大会", &[]),
            // Quotation marks are an event's edges, whatever its words: a title before the
            // suffix, or a whole name; not a clause or a headline in quotes.
            ("出席“走向未来”论坛", &["“走向未来”论坛"]),
            ("在“2019绿色金融峰会”上发言", &["2019绿色金融峰会"]),
            ("“每年召开两次大会”", &[]),
            ("“书香与音乐——诗歌音乐会”", &[]),
            ("他说“我们一起去论坛", &[]),
            // A sponsor's cup in quotes before an event's name is part of it.
            (
                "“金鼎杯”第二届手工艺大赛开幕",
                &["“金鼎杯”第二届手工艺大赛"],
            ),
            // A firm named by a common word, when its view or analysts follow; not a kind.
            ("财富证券认为风险可控", &["财富证券"]),
            ("财富证券的业务", &[]),
            ("当地银行表示支持", &[]),
        ];
        // Anchored names with jieba: the suffix ends a word, the body has no verb.
        let anchored: &[(&str, &[&str], &[&str])] = &[
            ("石家庄市交通局发布", &["石家庄市"], &["石家庄市交通局"]),
            ("张家口市委召开会议", &["张家口市"], &["张家口市委"]),
            ("青岛布局新产业", &["青岛"], &[]),
            ("规划建设全面开局", &["规划"], &[]),
            ("2018崇礼论坛开幕", &["崇礼"], &["2018崇礼论坛"]),
            // An official field joined by 和 is one word of the body; 和 elsewhere ends it.
            (
                "甘肃省文化和旅游厅发布",
                &["甘肃省"],
                &["甘肃省文化和旅游厅"],
            ),
            ("河北省交通和水利厅发布", &["河北省"], &[]),
            // A bureau named by a field jieba has as a common noun (旅游局 n); not a common
            // noun in 局 (大变局, 新格局).
            ("郑州市旅游局发布", &["郑州市"], &["郑州市旅游局"]),
            ("上海证监局发布", &["上海"], &["上海证监局"]),
            ("面对上海大变局", &["上海"], &[]),
            ("江苏省公安厅通报", &["江苏省"], &["江苏省公安厅"]),
            ("形成上海新格局", &["上海"], &[]),
            // A street after a place is a name of its own beside it (two names side by side);
            // a place alone before the suffix names the street (北京路, see street_start).
            (
                "位于广州市海珠区江南大道",
                &["广州市", "海珠区"],
                &["江南大道"],
            ),
            ("郑州市文化路国基路交叉口", &["郑州市"], &["国基路"]),
            ("在上海红宝石路开店", &["上海"], &["红宝石路"]),
            // A section of a line in a known place.
            ("龙青高速青岛段通车", &["龙青", "青岛"], &["龙青高速青岛段"]),
            // An edition between the place and the event's name.
            ("尚义首届冰雪文化节开幕", &["尚义"], &["尚义首届冰雪文化节"]),
            ("山东省承接峰会", &["山东省"], &[]),
            ("河北北部降雪", &["河北"], &[]),
            // Verbs that name what a body does are part of its name.
            (
                "在上海联合产权交易所挂牌",
                &["上海"],
                &["上海联合产权交易所"],
            ),
            ("邯郸市行政审批局发布", &["邯郸市"], &["邯郸市行政审批局"]),
            // Words with a stop character that name a field or level (高等, 社会).
            (
                "吉林省高等学校工作委员会召开会议",
                &["吉林省"],
                &["吉林省高等学校工作委员会"],
            ),
            ("上海社会科学院发布报告", &["上海"], &["上海社会科学院"]),
            ("南昌发挥社会资本作用", &["南昌"], &[]),
            // Troops are no unit; a new pattern (新格局 nt) is no bureau.
            ("西藏部队进驻", &["西藏"], &[]),
            ("打造杭州旅游新格局", &["杭州"], &[]),
            ("海南建设国家生态文明试验区", &["海南"], &[]),
            // Branch bureaus and head companies have suffixes of their own (分局, 总公司).
            ("雁塔分局通报", &["雁塔"], &["雁塔分局"]),
        ];
        // Rule names in `text` with the given known names (and the anchor each gives).
        let found = |text: &'static str,
                     known: &[(&str, Anchor)],
                     checker: Option<&BoundaryChecker>|
         -> Vec<&'static str> {
            let spans = known_spans(text, known);
            rules
                .find(text, &spans, checker)
                .iter()
                .map(|r| &text[r.start..r.end])
                .collect()
        };
        let places = |known: &[&'static str]| -> Vec<(&'static str, Anchor)> {
            known.iter().map(|&k| (k, Anchor::Place)).collect()
        };
        for (text, known, expected) in anchored {
            assert_eq!(
                found(text, &places(known), Some(&checker)),
                *expected,
                "{text}"
            );
        }
        // Units of a known institution; countries anchor public bodies, and companies only with
        // a proper name (西门子; not 高科技 or 科技).
        let others: &[(&str, &str, Anchor, &[&str])] = &[
            (
                "格力电器市场部",
                "格力电器",
                Anchor::Institution,
                &["格力电器市场部"],
            ),
            ("华为手机公司", "华为", Anchor::Institution, &[]),
            // Universities and academies of an institution are its units; a level of education
            // is none.
            (
                "中国科学院大学招生",
                "中国科学院",
                Anchor::Institution,
                &["中国科学院大学"],
            ),
            ("中央党校大学学历", "中央党校", Anchor::Institution, &[]),
            ("芬兰农林部部长", "芬兰", Anchor::Country, &["芬兰农林部"]),
            // A minister's title holds the ministry's name (芬兰农林部 + 长).
            ("会见芬兰农林部长", "芬兰", Anchor::Country, &["芬兰农林部"]),
            ("芬兰农林部副部长", "芬兰", Anchor::Country, &["芬兰农林部"]),
            ("中国公司", "中国", Anchor::Country, &[]),
            (
                "德国西门子公司宣布",
                "德国",
                Anchor::Country,
                &["德国西门子公司"],
            ),
            ("美国科技公司和高科技公司", "美国", Anchor::Country, &[]),
            ("中国队获胜", "中国", Anchor::Country, &["中国队"]),
            ("中国团队表示", "中国", Anchor::Country, &[]),
            // A country's government, legislature or armed service is one name; a place's
            // legislature or navy is none (海军 is a given name too).
            ("美国政府宣布", "美国", Anchor::Country, &["美国政府"]),
            (
                "美国众议院通过了法案",
                "美国",
                Anchor::Country,
                &["美国众议院"],
            ),
            ("东湖分院院长李海军介绍", "东湖", Anchor::Place, &[]),
        ];
        // The rest of a word jieba has after a rejected known name.
        assert!(institution_rest(Anchor::Country, "队"));
        assert!(institution_rest(Anchor::Place, "委"));
        assert!(!institution_rest(Anchor::Country, "公司"));
        assert!(!institution_rest(Anchor::Country, "人"));
        for (text, name, anchor, expected) in others {
            assert_eq!(
                found(text, &[(name, *anchor)], Some(&checker)),
                *expected,
                "{text}"
            );
        }
        for (text, expected) in with_checker {
            assert_eq!(found(text, &[], Some(&checker)), *expected, "{text}");
        }
        for (text, known, expected) in cases {
            assert_eq!(found(text, &places(known), None), *expected, "{text}");
        }
    }
}
