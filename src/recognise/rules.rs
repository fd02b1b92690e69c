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
/// Characters looked at before a company or event suffix with no known place before it.
const FREE_BODY_CHARS: usize = 8;

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

/// What extends a project or road name into a project of its own (太行大街 + 北延, 济乐高速 +
/// 南延线, 八通线 + 二期).
const EXTENSIONS: &[&str] = &[
    "北延线",
    "南延线",
    "东延线",
    "西延线",
    "北延工程",
    "南延工程",
    "东延工程",
    "西延工程",
    "北延",
    "南延",
    "东延",
    "西延",
    "连接线",
    "联络线",
];
/// Marks of numbered roads and lines, found by the suffix automaton with the suffixes (one pass
/// over the text): ring roads (北二环, 四环路 through 环路 of the suffixes), metro lines
/// (轨道交通7号线), national and provincial roads (国道307); and the numbered meetings of the
/// Party, events as the news names them: national congresses (十九大) and plenary sessions of a
/// central committee (十八届三中全会, 三中全会).
const NUMBERED_MARKS: &[&str] = &[
    "环",
    "环线",
    "号线",
    "国道",
    "省道",
    "大",
    "一中全会",
    "二中全会",
    "三中全会",
    "四中全会",
    "五中全会",
    "六中全会",
    "七中全会",
];

/// Chinese numerals.
const NUMERALS: &str = "一二三四五六七八九十";

/// The length in bytes of the run of Chinese numerals ending `text`.
fn numeral_suffix(text: &str) -> usize {
    text.len() - text.trim_end_matches(|c: char| NUMERALS.contains(c)).len()
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
        return congress.then_some((ss - n, se, EntityType::Project));
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

/// What ends a section or branch of a line in a place (平赞高速 + 石家庄 + 支线).
const SECTIONS: &[&str] = &["段", "支线", "连接线", "联络线"];

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
fn extend(text: &str, r: &mut RuleMatch, next: Option<&Known>) {
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

/// Phases, which extend lines only (八通线二期; 赣州西站一期 is a phase of the station's works).
const PHASES: &[&str] = &["一期", "二期", "三期", "四期"];

/// Words that make a body generic or a clause rather than a name (珠海地方政府, 石家庄计划建成高速公路).
#[rustfmt::skip] // grouped by kind, a comment each; rustfmt would put a word a line
const BODY_STOP_WORDS: &[&str] = &[
    "地方", "当地", "相关", "有关", "全市", "全省", "全区", "全县", "各地", "各级", "部分", "主要",
    "重点", "计划", "建成", "谋划", "推进", "加快", "完成", "实现", "开展", "全力", "延伸", "正式",
    "成立", "设立", "以及", "还是", "今年", "去年", "明年", "目前", "已经", "正在", "举行",
    // A verb before 国家 makes a clause (海南 + 建设国家生态文明试验区, 发改委 + 联合国家能源局).
    "建设国家", "联合国家",
    // Officials' titles: 上海市市长应勇作政府工作报告 is a person, not an institution.
    "市长", "省长", "区长", "县长", "书记", "主任", "部长", "局长", "厅长", "主席", "总理",
    // Kinds of company, not names (上市公司, 中小财险公司, 国有银行).
    "上市", "中小", "大型", "国有", "民营", "外资", "跨国", "知名", "龙头", "智库",
];

/// Words jieba tags as verbs or adverbs that name what a body does (城市建设更新局, 征收安置管理
/// 办公室, 联合产权交易所, 投资促进局): in a body between a place and a suffix they are part of
/// the name, where other verbs make a clause.
const NAME_VERBS: &[&str] = &[
    "联合", "更新", "征收", "安置", "促进", "协调", "指导", "监督", "执法", "推广", "保护", "审批",
    "控股", "振兴", "扶贫", "救助", "统筹", "督查", "稽查", "调解", "仲裁", "招商",
];

/// Words that make a company name generic when no known place anchors it (城市商业银行,
/// 国内银行); jieba tags some of them as places (城市 ns).
const FREE_STOP_WORDS: &[&str] = &[
    "城市",
    "商业",
    "国内",
    "海外",
    "境外",
    "全国",
    "全球",
    "中外",
    "地方",
    "农村",
    "金融",
    "非",
    // Kinds of company the financial press abbreviates, which jieba does not know and splits
    // into single characters (科创板公司, 金控集团, 房企信托 are kinds, not names).
    "科创",
    "科创板",
    "金控",
    "房企",
    "险企",
    "车企",
    "药企",
    "券商",
    "国企",
    "央企",
    "民企",
    "外企",
    "高科技",
    "投行",
    "配资",
    "预托",
];

/// Words with a stop character (年, 等, 家, 外, 对, 内, 会, 能, 有, 无, 可) or a stop tag that
/// name bodies often hold: groups of people jieba tags as time words or numerals (青年 t, 少年 m:
/// 中国青年志愿者协会, 中国儿童少年基金会), and the fields and levels bodies are named after
/// (高等学校工作委员会, 国家银行, 对外贸易经济合作部, 内政部, 社会科学院, 能源局, 有色金属).
const NAME_WORDS: &[&str] = &[
    "青年",
    "少年",
    "老年",
    "中年",
    "青少年",
    "高等",
    "国家",
    "专家",
    "外交",
    "对外",
    "内政",
    "内务",
    "社会",
    "能源",
    "有色",
    "无线",
    "可持续",
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

/// What may come before a suffix besides a known Chinese place or zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extra {
    /// Nothing else.
    No,
    /// A known institution too: a unit of it (华为 + 智能计算业务部, 格力电器 + 工会).
    Unit,
    /// A plausible proper name with no known place (凯雷投资集团, 新华保险, 齐鲁大桥): see
    /// [`Rules::free_name`].
    Company,
    /// As `Company`, and a year or an edition number before it joins the name (2018崇礼论坛).
    Event,
}

/// Suffixes, the type of the names they end, and what else they may be built on. Longer
/// alternatives are listed so that leftmost-longest matching takes 经济技术开发区 rather than 开发区.
const SUFFIXES: &[(&str, EntityType, Extra)] = &[
    // Zones
    ("经济技术开发区", EntityType::Zone, Extra::No),
    ("高新技术产业开发区", EntityType::Zone, Extra::No),
    ("经济开发区", EntityType::Zone, Extra::No),
    ("开发区", EntityType::Zone, Extra::Company),
    ("经开区", EntityType::Zone, Extra::Company),
    ("高新区", EntityType::Zone, Extra::Company),
    ("新区", EntityType::Zone, Extra::No),
    ("自贸区", EntityType::Zone, Extra::No),
    ("自贸试验区", EntityType::Zone, Extra::No),
    ("自由贸易试验区", EntityType::Zone, Extra::No),
    ("综合保税区", EntityType::Zone, Extra::No),
    ("保税区", EntityType::Zone, Extra::No),
    ("示范区", EntityType::Zone, Extra::No),
    ("合作区", EntityType::Zone, Extra::No),
    ("试验区", EntityType::Zone, Extra::No),
    ("先行区", EntityType::Zone, Extra::No),
    ("产业园区", EntityType::Zone, Extra::Company),
    ("产业园", EntityType::Zone, Extra::Company),
    ("工业园区", EntityType::Zone, Extra::Company),
    ("工业园", EntityType::Zone, Extra::Company),
    ("科技园", EntityType::Zone, Extra::Company),
    ("软件园", EntityType::Zone, Extra::Company),
    ("物流园", EntityType::Zone, Extra::Company),
    ("科技城", EntityType::Zone, Extra::Company),
    ("科学城", EntityType::Zone, Extra::Company),
    ("商务区", EntityType::Zone, Extra::No),
    ("经济区", EntityType::Zone, Extra::No),
    ("金融城", EntityType::Zone, Extra::No),
    ("片区", EntityType::Zone, Extra::No),
    // Projects: transport
    ("国际机场", EntityType::Project, Extra::No),
    ("机场", EntityType::Project, Extra::No),
    ("高铁站", EntityType::Project, Extra::No),
    ("火车站", EntityType::Project, Extra::No),
    ("西站", EntityType::Project, Extra::No),
    ("东站", EntityType::Project, Extra::No),
    ("南站", EntityType::Project, Extra::No),
    ("北站", EntityType::Project, Extra::No),
    ("高铁", EntityType::Project, Extra::No),
    ("城际铁路", EntityType::Project, Extra::No),
    ("城际", EntityType::Project, Extra::No),
    ("铁路", EntityType::Project, Extra::No),
    ("客专", EntityType::Project, Extra::No),
    ("地铁", EntityType::Project, Extra::No),
    ("大桥", EntityType::Project, Extra::Company),
    ("隧道", EntityType::Project, Extra::Company),
    ("枢纽", EntityType::Project, Extra::No),
    ("港区", EntityType::Project, Extra::No),
    ("码头", EntityType::Project, Extra::Company),
    ("高速公路", EntityType::Project, Extra::No),
    ("高速", EntityType::Project, Extra::No),
    ("快速路", EntityType::Project, Extra::No),
    ("收费站", EntityType::Project, Extra::Company),
    ("服务区", EntityType::Project, Extra::Company),
    ("枢纽站", EntityType::Project, Extra::Company),
    ("支线", EntityType::Project, Extra::No),
    ("连接线", EntityType::Project, Extra::No),
    ("联络线", EntityType::Project, Extra::No),
    ("互通", EntityType::Project, Extra::Company),
    ("停保场", EntityType::Project, Extra::Company),
    ("水库", EntityType::Project, Extra::Company),
    // Projects: buildings and facilities
    ("大厦", EntityType::Project, Extra::Company),
    ("商贸城", EntityType::Project, Extra::Company),
    ("综合体", EntityType::Project, Extra::Company),
    ("大剧院", EntityType::Project, Extra::Company),
    ("滑雪场", EntityType::Project, Extra::Company),
    ("体育场", EntityType::Project, Extra::Company),
    ("体育馆", EntityType::Project, Extra::Company),
    ("体育中心", EntityType::Project, Extra::Company),
    ("会展中心", EntityType::Project, Extra::Company),
    ("博物馆", EntityType::Project, Extra::Company),
    ("图书馆", EntityType::Project, Extra::Company),
    // Projects: named events (the annotation guide counts them as projects)
    ("论坛", EntityType::Project, Extra::Event),
    ("峰会", EntityType::Project, Extra::Event),
    ("年会", EntityType::Project, Extra::Event),
    ("大会", EntityType::Project, Extra::Event),
    ("双年展", EntityType::Project, Extra::Event),
    ("时尚周", EntityType::Project, Extra::Event),
    ("联赛", EntityType::Project, Extra::Event),
    ("锦标赛", EntityType::Project, Extra::Event),
    ("冬令营", EntityType::Project, Extra::Event),
    ("博览会", EntityType::Project, Extra::Event),
    ("交易会", EntityType::Project, Extra::Event),
    ("运动会", EntityType::Project, Extra::Event),
    ("文化节", EntityType::Project, Extra::Event),
    ("旅游节", EntityType::Project, Extra::Event),
    ("艺术节", EntityType::Project, Extra::Event),
    ("音乐节", EntityType::Project, Extra::Event),
    ("冰雪节", EntityType::Project, Extra::Event),
    ("狂欢节", EntityType::Project, Extra::Event),
    ("嘉年华", EntityType::Project, Extra::Event),
    ("音乐会", EntityType::Project, Extra::Event),
    // Roads and streets (places, as the annotation guide counts them)
    ("大街", EntityType::Place, Extra::No),
    ("大道", EntityType::Place, Extra::No),
    ("环路", EntityType::Place, Extra::No),
    ("路", EntityType::Place, Extra::No),
    ("街", EntityType::Place, Extra::No),
    // Institutions: companies
    ("股份有限公司", EntityType::Institution, Extra::Company),
    ("有限责任公司", EntityType::Institution, Extra::Company),
    ("有限公司", EntityType::Institution, Extra::Company),
    ("分公司", EntityType::Institution, Extra::Unit),
    ("总公司", EntityType::Institution, Extra::Company),
    ("公司", EntityType::Institution, Extra::Company),
    ("集团有限公司", EntityType::Institution, Extra::Company),
    ("集团股份有限公司", EntityType::Institution, Extra::Company),
    ("集团公司", EntityType::Institution, Extra::Company),
    ("集团", EntityType::Institution, Extra::Company),
    ("控股", EntityType::Institution, Extra::Company),
    ("证券", EntityType::Institution, Extra::Company),
    ("信托", EntityType::Institution, Extra::Company),
    ("地产", EntityType::Institution, Extra::Company),
    ("种业", EntityType::Institution, Extra::Company),
    ("制药", EntityType::Institution, Extra::Company),
    ("乳品", EntityType::Institution, Extra::Company),
    ("股份", EntityType::Institution, Extra::Company),
    ("影业", EntityType::Institution, Extra::Company),
    ("通信", EntityType::Institution, Extra::Company),
    ("防务", EntityType::Institution, Extra::Company),
    ("电路", EntityType::Institution, Extra::Company),
    ("保险", EntityType::Institution, Extra::Company),
    ("资本", EntityType::Institution, Extra::Company),
    ("银行", EntityType::Institution, Extra::Company),
    ("支行", EntityType::Institution, Extra::Unit),
    ("分行", EntityType::Institution, Extra::Unit),
    // Institutions: education, health, research
    ("大学", EntityType::Institution, Extra::Unit),
    ("学院", EntityType::Institution, Extra::Unit),
    ("中学", EntityType::Institution, Extra::No),
    ("小学", EntityType::Institution, Extra::No),
    ("一中", EntityType::Institution, Extra::No),
    ("二中", EntityType::Institution, Extra::No),
    ("三中", EntityType::Institution, Extra::No),
    ("四中", EntityType::Institution, Extra::No),
    ("五中", EntityType::Institution, Extra::No),
    ("六中", EntityType::Institution, Extra::No),
    ("七中", EntityType::Institution, Extra::No),
    ("八中", EntityType::Institution, Extra::No),
    ("九中", EntityType::Institution, Extra::No),
    ("十中", EntityType::Institution, Extra::No),
    ("分校", EntityType::Institution, Extra::Unit),
    ("医院", EntityType::Institution, Extra::Unit),
    ("研究院", EntityType::Institution, Extra::Unit),
    ("研究所", EntityType::Institution, Extra::Unit),
    ("研究中心", EntityType::Institution, Extra::Unit),
    ("实验室", EntityType::Institution, Extra::Unit),
    // Institutions: government, Party and public bodies
    ("委员会", EntityType::Institution, Extra::Unit),
    ("管委会", EntityType::Institution, Extra::No),
    ("领导小组", EntityType::Institution, Extra::No),
    ("办公室", EntityType::Institution, Extra::Unit),
    ("人民政府", EntityType::Institution, Extra::No),
    ("政府", EntityType::Institution, Extra::No),
    ("厅", EntityType::Institution, Extra::No),
    ("局", EntityType::Institution, Extra::Unit),
    ("服务中心", EntityType::Institution, Extra::Unit),
    ("促进中心", EntityType::Institution, Extra::Unit),
    ("监控中心", EntityType::Institution, Extra::Unit),
    ("指挥中心", EntityType::Institution, Extra::Unit),
    ("交易中心", EntityType::Institution, Extra::Unit),
    ("气象台", EntityType::Institution, Extra::No),
    ("组织部", EntityType::Institution, Extra::Unit),
    ("宣传部", EntityType::Institution, Extra::Unit),
    ("统战部", EntityType::Institution, Extra::Unit),
    ("业务部", EntityType::Institution, Extra::Unit),
    ("事业部", EntityType::Institution, Extra::Unit),
    ("市场部", EntityType::Institution, Extra::Unit),
    ("部", EntityType::Institution, Extra::Unit),
    ("组委会", EntityType::Institution, Extra::No),
    ("俱乐部", EntityType::Institution, Extra::No),
    ("大使馆", EntityType::Institution, Extra::No),
    ("总领事馆", EntityType::Institution, Extra::No),
    ("领事馆", EntityType::Institution, Extra::No),
    ("队", EntityType::Institution, Extra::No),
    ("出版社", EntityType::Institution, Extra::No),
    ("报社", EntityType::Institution, Extra::No),
    ("科学院", EntityType::Institution, Extra::Unit),
    ("厂", EntityType::Institution, Extra::Unit),
    ("总厂", EntityType::Institution, Extra::Unit),
    ("分厂", EntityType::Institution, Extra::Unit),
    ("分局", EntityType::Institution, Extra::Unit),
    ("工会", EntityType::Institution, Extra::Unit),
    ("协会", EntityType::Institution, Extra::Unit),
    ("学会", EntityType::Institution, Extra::Unit),
    ("商会", EntityType::Institution, Extra::No),
    ("日报", EntityType::Institution, Extra::No),
    ("日报社", EntityType::Institution, Extra::No),
    ("基金会", EntityType::Institution, Extra::Unit),
    ("电视台", EntityType::Institution, Extra::No),
    ("交易所", EntityType::Institution, Extra::No),
    ("法院", EntityType::Institution, Extra::No),
    ("检察院", EntityType::Institution, Extra::No),
    ("纪委", EntityType::Institution, Extra::No),
    ("监委", EntityType::Institution, Extra::No),
    ("政协", EntityType::Institution, Extra::No),
    ("党工委", EntityType::Institution, Extra::Unit),
    ("党委", EntityType::Institution, Extra::Unit),
    ("委", EntityType::Institution, Extra::No),
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

/// Whether every character of an anchored body can be in a name, the words of [`NAME_WORDS`]
/// included (年 is a stop character for dates, 3年; 青年 is a name's word).
fn is_name_body(body: &str) -> bool {
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        match NAME_WORDS.iter().find(|w| rest.starts_with(**w)) {
            Some(w) => rest = &rest[w.len()..],
            None if is_name_char(c) => rest = &rest[c.len_utf8()..],
            None => return false,
        }
    }
    true
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
    /// The entities a composite of abbreviations stands for (empty for other rules).
    pub members: Vec<crate::gazetteer::EntityId>,
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
            Anchor::Place => true,
            // Units of an institution (华为 + 业务部); not its events (第一财经电视 + 论坛 is a
            // programme).
            Anchor::Institution => extra == Extra::Unit,
            // A bare team or academy (中国队, 美国科学院) is a name; a bare 中国政府 or 美国公司
            // is not (People's Daily tags the country alone). Events with a name of their own
            // are too (中国 + 国际进口 + 博览会).
            // A company too when its body is a proper name (美国 + 休斯 + 公司), which the
            // segmentation test of `Rules::find` checks.
            Anchor::Country => {
                (kind == EntityType::Institution
                    && (!body.is_empty()
                        || (extra != Extra::Company
                            && matches!(
                                suffix,
                                "队" | "科学院" | "大使馆" | "总领事馆" | "领事馆"
                            ))))
                    || (extra == Extra::Event && !body.is_empty())
            }
            Anchor::No => false,
        }
    }
}

/// Words after a place that jieba's dictionary tags as organisations with it (美国市场 nt) but
/// that name no body: markets, economies, groups of people.
const NOT_BODIES: &[&str] = &[
    "市场",
    "经济",
    "企业",
    "社会",
    "方面",
    "地区",
    "人民",
    "用户",
    "消费者",
    "投资者",
    "股市",
    "楼市",
];

/// Whether `rest` is a bare kind (政府, 公司) that makes no name after a known name with this
/// anchor (中国政府 and 美国公司 are not names, 中国队 is), or no body at all (美国市场).
pub fn bare_kind_is_no_name(anchor: Anchor, rest: &str) -> bool {
    if NOT_BODIES.contains(&rest) {
        return true;
    }
    let known = Known::bare(anchor);
    SUFFIXES
        .iter()
        .find(|(s, _, _)| *s == rest)
        .is_some_and(|&(s, kind, extra)| !known.anchors(kind, extra, "", s))
}

/// Words that open the name of a national or international body (国家统计局, 中央气象台,
/// 联邦贸易委员会, 世界卫生组织).
const SCOPE_WORDS: &[&str] = &[
    "中央",
    "国家",
    "全国",
    "国务院",
    "联邦",
    "联合国",
    "国际",
    "世界",
    "最高",
];

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

/// Whether `rest`, after a known name with this anchor, is the rest of an institution's name:
/// name characters, then an institution suffix the anchor may take with that body (韩国 + 队,
/// 河北省 + 委; not 中国 + 公司).
pub fn institution_rest(anchor: Anchor, rest: &str) -> bool {
    let known = Known::bare(anchor);
    SUFFIXES.iter().any(|&(s, kind, extra)| {
        kind == EntityType::Institution
            && rest.strip_suffix(s).is_some_and(|body| {
                is_name_body(body)
                    && !BODY_STOP_WORDS.iter().any(|w| body.contains(w))
                    && known.anchors(kind, extra, body, s)
            })
    })
}

/// A company jieba's dictionary knows by its whole name and tags nt (微软公司, 波音公司,
/// 东风汽车公司), where the free-name test cannot tell its head from a common word (微软 a, 波音
/// n): no known name in it (美国公司 is no name), a head of two characters or more, and no
/// generic word in the head (信托投资公司, 国际航空公司).
fn dictionary_company(
    text: &str,
    ss: usize,
    se: usize,
    kind: EntityType,
    previous: Option<&Known>,
    checker: &BoundaryChecker,
) -> Option<RuleMatch> {
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
    Some(RuleMatch {
        start,
        end: se,
        kind,
        rule: "jieba-nt",
        anchor: None,
        members: Vec::new(),
    })
}

/// Words of the names jieba's dictionary tags nt that make them a kind of business, not a
/// company (信托投资公司, 中央银行, 中资银行, 网上银行, 化工集团, 公交公司, 统治集团), read off
/// the sample posts.
const GENERIC_COMPANY_WORDS: &[&str] = &[
    "信托投资",
    "国际航空",
    "国际金融",
    "投资",
    "中央",
    "中资",
    "网上",
    "网络",
    "国家",
    "化工",
    "钢铁",
    "统治",
    "广播",
    "公交",
    "安装",
];

/// Words before an official's title that make no ministry's name (副部长, 原局长, 新任局长,
/// 小型部长会议).
const TITLE_MODIFIERS: &[&str] = &[
    "副", "原", "前", "代", "新任", "现任", "首任", "常务", "小型", "大型",
];

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
                    .map(|(s, _, _)| *s)
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
            let value = m.value() as usize;
            let mark = value >= SUFFIXES.len();
            if mark || &text[ss..se] == "环路" {
                let found = numbered(text, ss, se).filter(|&(start, end, _)| {
                    known.get(k.wrapping_sub(1)).is_none_or(|p| p.end <= start)
                        && known.get(k).is_none_or(|n| n.start >= end)
                        && checker.is_none_or(|c| c.on_boundaries(text, start, end))
                });
                if let Some((start, end, kind)) = found {
                    let mut r = RuleMatch {
                        start,
                        end,
                        kind,
                        rule: "numbered",
                        anchor: None,
                        members: Vec::new(),
                    };
                    extend(text, &mut r, known.get(k));
                    out.push(r);
                    continue;
                }
                if mark {
                    continue;
                }
            }
            let (_, kind, extra) = SUFFIXES[value];
            // The nearest known name ending before the suffix, with only name characters
            // between them, anchors the new name; directly preceding anchors join it
            // (广东自贸试验区 + 南沙 + 片区). The cheap tests come first: most suffixes (路 in
            // 思路, 部 in 全部) have no anchor and no other way to make a name, and need no
            // segmentation at all.
            let suffix = &text[ss..se];
            // 股份 after a company's name is its shares (众诚保险股份2.25亿股), not a name.
            if suffix == "股份" && SUFFIXES.iter().any(|(s, _, _)| text[..ss].ends_with(s)) {
                continue;
            }
            // An event's edition may stand between its place and its name (尚义 + 首届 +
            // 鸳鸯湖冰雪 + 文化节): the body's tests apply to the name after it.
            let body_of = |a: usize| {
                let body = &text[known[a].end..ss];
                match extra {
                    Extra::Event => &body[edition_len(body)..],
                    _ => body,
                }
            };
            let candidate = k.checked_sub(1).filter(|&a| {
                let anchor = known[a];
                let body = body_of(a);
                anchor.anchors(kind, extra, body, suffix)
                    && body.chars().count() <= MAX_BODY_CHARS
                    && is_name_body(body)
                    && !BODY_STOP_WORDS.iter().any(|w| body.contains(w))
                    // 河北北部, 城市东部: a part of the place, not an institution.
                    && (body.is_empty() || !body.chars().all(|c| "东西南北中".contains(c)))
                    // Private capital (发挥社会资本), not a fund; a country's or a place's
                    // troops (美国军队, 西藏部队), not a unit.
                    && !(suffix == "资本" && body.ends_with("社会"))
                    && !(suffix == "队" && matches!(body, "军" | "部"))
                    // A level of education (中央党校 + 大学学历), not a university; after a
                    // place the university is real (从青岛农业大学专科毕业).
                    && !(suffix == "大学"
                        && anchor.anchor == Anchor::Institution
                        && ["学历", "文化", "本科", "专科", "学位"]
                            .iter()
                            .any(|w| text[se..].starts_with(w)))
            });
            // Without an anchor, a name needs name characters right before the suffix: one
            // for a company or event name, two (no known name among them) for a transport
            // name made of abbreviations.
            let before: Vec<(usize, char)> = text[..ss].char_indices().rev().take(2).collect();
            let other_ways = (matches!(extra, Extra::Company | Extra::Event)
                && before.first().is_some_and(|&(_, c)| is_name_char(c)))
                || (checker.is_some()
                    && TRANSPORT_SUFFIXES.contains(&suffix)
                    && before.len() == 2
                    && before
                        .iter()
                        .all(|&(_, c)| is_name_char(c) && !c.is_ascii())
                    && known
                        .get(k.wrapping_sub(1))
                        .is_none_or(|p| p.end <= before[1].0));
            if candidate.is_none() && !other_ways {
                // An institution jieba's dictionary knows by its whole name (中央气象台 nt,
                // 国家统计局 nt), with no known name in it.
                let previous = known.get(k.wrapping_sub(1));
                let found = (kind == EntityType::Institution)
                    .then_some(checker)
                    .flatten()
                    .filter(|_| {
                        before
                            .first()
                            .is_some_and(|&(_, c)| is_name_char(c) && !c.is_ascii())
                            && may_be_proper_institution(text, ss, suffix)
                    })
                    .and_then(|c| c.organisation_ending(text, ss, se))
                    .filter(|&start| {
                        previous.is_none_or(|p| p.end <= start)
                            && is_proper_institution(&text[start..ss], suffix)
                    });
                if let Some(start) = found {
                    out.push(RuleMatch {
                        start,
                        end: se,
                        kind,
                        rule: "jieba-nt",
                        anchor: None,
                        members: Vec::new(),
                    });
                }
                continue;
            }
            // The suffix must end a word (局 in 局长 or 布局 does not; 局 in 商务局 does), and
            // a street suffix must be a word of its own (路 in 思路 or 探路 is not).
            // The head of a ministry or bureau is named after it (芬兰农林部长, 美国财政部长):
            // an anchored 部, 局 or 厅 before 长 ends a name although jieba joins them; not the
            // title after a whole name (财政部 + 部长, 公安局 + 副局长, 环保局 + 原局长,
            // 达沃斯 + 小型部长会议).
            let title = matches!(suffix, "部" | "局" | "厅")
                && text[se..].starts_with('长')
                && candidate.is_some_and(|a| {
                    let body = body_of(a);
                    !body.is_empty()
                        && !body.ends_with(suffix)
                        && !TITLE_MODIFIERS.iter().any(|m| body.ends_with(m))
                });
            if !title
                && checker.is_some_and(|c| {
                    if kind == EntityType::Place {
                        !c.on_boundaries(text, ss, se)
                    } else {
                        !c.ends_word(text, ss, se)
                    }
                })
            {
                continue;
            }
            let anchored = candidate.filter(|&a| {
                let body = body_of(a);
                // A country's company needs a body jieba reads as a person's name or a proper
                // noun (西门子 nr, 大唐 nz) or does not know (谷 + 歌): 美国科技公司,
                // 美国加州公司 and 美国高科技公司 are no names.
                if known[a].anchor == Anchor::Country && extra == Extra::Company {
                    return !FREE_STOP_WORDS.iter().any(|w| body.contains(w))
                        && checker.is_some_and(|c| {
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
                checker.is_none_or(|c| {
                    // Two-character bodies are often tagged as person names (裕华): allowed.
                    // Verbs make a clause (山东省具备承接国际级高端峰会), not a name, except
                    // the verbs bodies are named after (上海 + 联合产权 + 交易所).
                    !c.tags(body).any(|(word, tag)| {
                        ((is_stop_tag(tag)
                            && !tag.starts_with("nr")
                            && !NAME_WORDS.contains(&word))
                            || tag == "v")
                            && !NAME_VERBS.contains(&word)
                    })
                })
            });
            let found = match anchored {
                Some(mut a) => {
                    while a > 0
                        && known[a - 1].end == known[a].start
                        && known[a - 1].anchor == Anchor::Place
                    {
                        a -= 1;
                    }
                    Some(RuleMatch {
                        start: known[a].start,
                        end: se,
                        kind,
                        rule: "suffix",
                        anchor: Some(k - 1),
                        members: Vec::new(),
                    })
                }
                None if matches!(extra, Extra::Company | Extra::Event) => {
                    let previous = known.get(k.wrapping_sub(1));
                    self.free_name(text, ss, se, kind, previous, checker)
                        .or_else(|| dictionary_company(text, ss, se, kind, previous, checker?))
                }
                None => self.abbreviation_name(text, ss, se, known.get(k.wrapping_sub(1)), checker),
            };
            if let Some(mut r) = found {
                if extra == Extra::Event {
                    let before = known.partition_point(|x| x.end <= r.start);
                    r.start = edition_start(text, r.start, known.get(before.wrapping_sub(1)));
                }
                if matches!(kind, EntityType::Place | EntityType::Project) {
                    extend(text, &mut r, known.get(k));
                }
                out.push(r);
            }
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
                    members: Vec::new(),
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
            .find(|(s, _, _)| *s == suffix)
            .map_or(EntityType::Project, |(_, k, _)| *k);
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
            members: Vec::new(),
        })
    }
}

impl Rules {
    /// A name with no known place before it, for company and event suffixes (凯雷投资集团,
    /// 新华保险, 中国国际进口博览会): the run of jieba words before the suffix with no function
    /// word, verb of a clause boundary or stop word, from its first proper-name word (a person,
    /// place, organisation or other proper name, an abbreviation, a Latin word, or a word
    /// jieba's dictionary does not have). Generic words alone make nothing (科技公司, 商业银行).
    fn free_name(
        &self,
        text: &str,
        ss: usize,
        se: usize,
        kind: EntityType,
        previous: Option<&Known>,
        checker: Option<&BoundaryChecker>,
    ) -> Option<RuleMatch> {
        let checker = checker?;
        let previous = previous.filter(|p| !p.scoped);
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
        Some(RuleMatch {
            start,
            end: se,
            kind,
            rule: "name",
            anchor: None,
            members: Vec::new(),
        })
    }
}

/// Common single-character surnames (the hundred most frequent, less those that are also
/// function words: 和, 于, 向): a short place name right after one may be a given name.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘\
    蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶\
    黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿";
/// Titles and roles news puts right before a person's name (记者张斌, 局长张庆元).
const TITLES: &[&str] = &[
    "记者",
    "通讯员",
    "编辑",
    "摄影",
    "局长",
    "处长",
    "科长",
    "主任",
    "书记",
    "市长",
    "县长",
    "区长",
    "省长",
    "镇长",
    "乡长",
    "村长",
    "部长",
    "厅长",
    "院长",
    "校长",
    "所长",
    "董事长",
    "总经理",
    "经理",
    "总裁",
    "主席",
    "教授",
    "院士",
    "研究员",
    "分析师",
    "专家",
    "负责人",
    "代表",
    "委员",
    "先生",
    "女士",
    "老师",
    "医生",
    "村民",
    "市民",
    "董事",
    "创始人",
    "控制人",
    "厂长",
    "行长",
    "社长",
    "会长",
    "秘书长",
    "总监",
    "律师",
    "博士",
];
/// Verbs of saying that follow a person's name (张庆元告诉记者).
const SAYING: &[&str] = &[
    "说", "表示", "介绍", "告诉", "指出", "认为", "坦言", "透露", "强调", "称",
];

/// Whether the short place name at `text[start..end]` is more likely the given name of a person:
/// one or two characters after a common surname, with a title before the surname or a verb of
/// saying after the name (记者陶常宁, 局长张庆元, 张庆元告诉记者: not the places 常宁, 庆元).
pub fn in_person_name(text: &str, start: usize, end: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|surname| is_person_name(text, start - surname.len_utf8(), end))
}

/// Whether `text[start..end]` reads as a person's name: a common surname first, three characters
/// at most, and a title before it or a verb of saying after it or after one more character of
/// the given name (记者 秦华, 厂长韩桂升, 董事韩越: not the runs 秦华, 韩桂, 韩越 of abbreviations).
pub fn is_person_name(text: &str, start: usize, end: usize) -> bool {
    let name = &text[start..end];
    if !name.chars().next().is_some_and(|c| SURNAMES.contains(c)) || name.chars().nth(3).is_some() {
        return false;
    }
    let before = text[..start].trim_end();
    let after = &text[end..];
    let after_one = after.char_indices().nth(1).map_or("", |(i, _)| &after[i..]);
    TITLES.iter().any(|t| before.ends_with(t))
        || SAYING
            .iter()
            .any(|v| after.starts_with(v) || after_one.starts_with(v))
}

/// The tag given to a run of single characters read as one unknown word.
const OOV: &str = "n-oov";

/// Whether `c` may be part of an edition's number (第91届, 第十五届, 第一百届).
fn is_edition_digit(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十百".contains(c)
}

/// The length in bytes of an edition that opens `text` (首届, 第六届, 第91届), or 0.
fn edition_len(text: &str) -> usize {
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
fn edition_start(text: &str, start: usize, previous: Option<&Known>) -> usize {
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

/// The type a name's suffix gives it (the longest suffix that ends the name), if any:
/// 中信证券 → Institution, 鸳鸯湖滑雪场 → Project.
pub fn suffix_kind(name: &str) -> Option<EntityType> {
    name_suffix(name).map(|(_, kind)| kind)
}

/// The head of a company's name found by a rule, the name less its company suffix (双星 of
/// 双星集团, 国海 of 国海证券), when it is two to four characters.
pub fn company_head(name: &str) -> Option<&str> {
    let (suffix, _, _) = SUFFIXES
        .iter()
        .filter(|(s, _, extra)| {
            *extra == Extra::Company && name.len() > s.len() && name.ends_with(s)
        })
        .max_by_key(|(s, _, _)| s.len())?;
    let head = &name[..name.len() - suffix.len()];
    (2..=4).contains(&head.chars().count()).then_some(head)
}

/// The longest suffix that ends `name` (and is not all of it), with its type.
pub fn name_suffix(name: &str) -> Option<(&'static str, EntityType)> {
    SUFFIXES
        .iter()
        .filter(|(s, _, _)| name.len() > s.len() && name.ends_with(s))
        .max_by_key(|(s, _, _)| s.len())
        .map(|(s, kind, _)| (*s, *kind))
}

/// jieba tags of proper names: persons, places, organisations, other proper nouns,
/// abbreviations, Latin words and unknown strings.
pub fn is_proper_tag(tag: &str) -> bool {
    tag.starts_with("nr") || matches!(tag, "nz" | "ns" | "nt" | "j" | "eng" | "x")
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
            (
                "推进裕华路东延和石津高速连接线",
                &["裕华路东延", "石津高速连接线"],
            ),
            (
                "北二环和四环路、国道307与轨道交通7号线二期",
                &["北二环", "四环路", "国道307", "轨道交通7号线二期"],
            ),
            ("这是第二环节", &[]),
            // The Party's numbered congresses and plenary sessions; not counts.
            ("党的十九大以来", &["十九大"]),
            ("十八届三中全会召开", &["十八届三中全会"]),
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
        ];
        // Anchored names with jieba: the suffix ends a word, the body has no verb.
        let anchored: &[(&str, &[&str], &[&str])] = &[
            ("石家庄市交通局发布", &["石家庄市"], &["石家庄市交通局"]),
            ("张家口市委召开会议", &["张家口市"], &["张家口市委"]),
            ("青岛布局新产业", &["青岛"], &[]),
            ("规划建设全面开局", &["规划"], &[]),
            ("2018崇礼论坛开幕", &["崇礼"], &["2018崇礼论坛"]),
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
