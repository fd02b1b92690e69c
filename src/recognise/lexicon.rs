//! The recogniser's word lists, as data: commented text files in `src/recognise/lexicons/`,
//! compiled into the binary with `include_str!` and read once, on first use. Each list has one
//! file and one owner here; the rules and discovery read them through these statics.
//!
//! Formats: in a `.txt` list, `#` starts a comment line and words are separated by white space
//! (several a line, grouped under a comment); in a character list every character but white space
//! is one entry; `suffixes.tsv` has three tab-separated columns (suffix, type, what else it may
//! be built on). Order is kept: where it matters (longest first) the file says so.

use crate::gazetteer::EntityType;
use std::sync::LazyLock;

/// The words of a list file, in order.
fn words(source: &'static str) -> Vec<&'static str> {
    source
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
}

/// A set of characters, for the tests on every character of a window.
#[derive(Debug, Clone)]
pub struct CharSet(Vec<char>);

impl CharSet {
    fn from_lists(sources: &[&'static str]) -> CharSet {
        let mut chars: Vec<char> = sources
            .iter()
            .flat_map(|s| words(s))
            .flat_map(str::chars)
            .collect();
        chars.sort_unstable();
        chars.dedup();
        CharSet(chars)
    }

    pub fn contains(&self, c: char) -> bool {
        self.0.binary_search(&c).is_ok()
    }
}

macro_rules! word_list {
    ($(#[$doc:meta])* $name:ident = $file:literal) => {
        $(#[$doc])*
        pub static $name: LazyLock<Vec<&'static str>> =
            LazyLock::new(|| words(include_str!(concat!("lexicons/", $file))));
    };
}

word_list!(
    /// How a 《》 title must end (before a trailing year or parenthesis) to be a policy document.
    PLAN_ENDINGS = "plan-endings.txt"
);
word_list!(
    /// Transport and road suffixes that also make names from two characters with no known place.
    TRANSPORT_SUFFIXES = "transport-suffixes.txt"
);
word_list!(
    /// What extends a project or road name into a project of its own (北延, 南延线).
    EXTENSIONS = "extensions.txt"
);
word_list!(
    /// Marks of numbered roads, lines and Party meetings (环, 号线, 国道, 大, 三中全会).
    NUMBERED_MARKS = "numbered-marks.txt"
);
word_list!(
    /// Phases, which extend lines only (八通线二期).
    PHASES = "phases.txt"
);
word_list!(
    /// What ends a section or branch of a line in a place (段, 支线).
    SECTIONS = "sections.txt"
);
word_list!(
    /// Words that make a body generic or a clause rather than a name.
    BODY_STOP_WORDS = "body-stop-words.txt"
);
word_list!(
    /// Verbs a body may be named after (联合, 促进).
    NAME_VERBS = "name-verbs.txt"
);
word_list!(
    /// Words that make a company name generic when no known place anchors it.
    FREE_STOP_WORDS = "free-stop-words.txt"
);
word_list!(
    /// Words with a stop character or tag that bodies often hold (青年, 国家, 社会).
    NAME_WORDS = "name-words.txt"
);
word_list!(
    /// Words after a place that name no body (市场, 经济).
    NOT_BODIES = "not-bodies.txt"
);
word_list!(
    /// Words that open the name of a national or international body (中央, 国家, 联合国).
    SCOPE_WORDS = "scope-words.txt"
);
word_list!(
    /// Words that make a name jieba tags nt a kind of business (信托投资, 中央, 网上).
    GENERIC_COMPANY_WORDS = "generic-company-words.txt"
);
word_list!(
    /// Words before an official's title that make no ministry's name (副, 原, 新任).
    TITLE_MODIFIERS = "title-modifiers.txt"
);
word_list!(
    /// Titles and roles before a person's name (记者, 局长).
    PERSON_TITLES = "person-titles.txt"
);
word_list!(
    /// Verbs of saying after a person's name (说, 表示).
    SAYING_VERBS = "saying-verbs.txt"
);
word_list!(
    /// Legal forms that may follow a company's name and still name it, longest first.
    COMPANY_FORMS = "company-forms.txt"
);
word_list!(
    /// A country's side, forces and offices after its one-character abbreviation (方, 军, 政府).
    COUNTRY_HEADS = "country-heads.txt"
);
word_list!(
    /// Words after two abbreviations that make them a pair of countries (两国, 双方).
    PAIR_HEADS = "pair-heads.txt"
);
word_list!(
    /// Verbs of holding or attending a meeting (召开, 举行), which end a conference's field.
    MEETING_VERBS = "meeting-verbs.txt"
);
word_list!(
    /// Generic endings a known name may be written with (集团, 公司): discovery's short forms.
    GENERIC_TAILS = "generic-tails.txt"
);
word_list!(
    /// Words after a company's context alias that make it the company (旗下, 股价, 宣布).
    COMPANY_CUES = "company-cues.txt"
);
word_list!(
    /// Last words that make a place the model names a facility (萍水春天小区, 拉卜楞寺).
    FACILITY_HEADS = "facility-heads.txt"
);
word_list!(
    /// Last words of Latin organisation names (Capital, Holdings): a Title-case Latin name the
    /// model labels ORG must end in one (else it is most often a person's name).
    LATIN_ORG_WORDS = "latin-org-words.txt"
);
word_list!(
    /// Common nouns jieba joins to a place's name in one word (上海 + 地区, 广州 + 市区).
    PLACE_TAILS = "place-tails.txt"
);
word_list!(
    /// Words of a trade after a company's trade name in its own name (骅威 + 文化).
    TRADES = "trades.txt"
);
word_list!(
    /// Latin abbreviations of terms rather than names (GDP, IPO, CEO).
    COMMON_ABBREVIATIONS = "common-abbreviations.txt"
);

/// The hundred commonest surnames.
pub static COMMON_SURNAMES: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::from_lists(&[include_str!("lexicons/surnames-common.txt")]));

/// Common surnames: the hundred and further ones.
pub static SURNAMES: LazyLock<CharSet> = LazyLock::new(|| {
    CharSet::from_lists(&[
        include_str!("lexicons/surnames-common.txt"),
        include_str!("lexicons/surnames-more.txt"),
    ])
});

/// Verbs that take a one-character abbreviation as their object (访, 来, 进, 驻), and 在.
pub static ABBREVIATION_VERBS: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::from_lists(&[include_str!("lexicons/abbreviation-verbs.txt")]));

/// Function words that end a name (的, 和, 在 ...), shared by the rules and new-word discovery.
pub static FUNCTION_CHARS: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::from_lists(&[include_str!("lexicons/function-chars.txt")]));

/// Characters no body of a rule's name holds: the function words and more (将, 个, 有, 后).
pub static BODY_STOP_CHARS: LazyLock<CharSet> = LazyLock::new(|| {
    CharSet::from_lists(&[
        include_str!("lexicons/function-chars.txt"),
        include_str!("lexicons/body-stop-chars.txt"),
    ])
});

/// What else a suffix may be built on besides a known Chinese place or zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    /// Nothing else.
    No,
    /// A known institution too: a unit of it (华为 + 智能计算业务部, 格力电器 + 工会).
    Unit,
    /// A plausible proper name with no known place (凯雷投资集团, 新华保险, 齐鲁大桥).
    Company,
    /// As `Company`, and a year or an edition number before it joins the name (2018崇礼论坛).
    Event,
}

/// A name suffix: the type of the names it ends and what else they may be built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suffix {
    pub text: &'static str,
    pub kind: EntityType,
    pub extra: Extra,
}

/// The name suffixes, in the file's order (longer alternatives are listed so that
/// leftmost-longest matching takes 经济技术开发区 rather than 开发区).
pub static SUFFIXES: LazyLock<Vec<Suffix>> = LazyLock::new(|| {
    let source = include_str!("lexicons/suffixes.tsv");
    source
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, line)| {
            let bad = |what: &str| -> ! {
                panic!(
                    "src/recognise/lexicons/suffixes.tsv:{}: {what}: {line:?}",
                    i + 1
                )
            };
            let mut cols = line.split('\t');
            let (Some(text), Some(kind), Some(extra), None) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                bad("expected three tab-separated columns")
            };
            let kind = kind.parse().unwrap_or_else(|_| bad("unknown type"));
            let extra = match extra {
                "No" => Extra::No,
                "Unit" => Extra::Unit,
                "Company" => Extra::Company,
                "Event" => Extra::Event,
                _ => bad("unknown extra (No, Unit, Company, Event)"),
            };
            Suffix { text, kind, extra }
        })
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list parses and is non-empty, without duplicates where order decides nothing.
    #[test]
    fn every_list_loads() {
        for list in [
            &PLAN_ENDINGS,
            &TRANSPORT_SUFFIXES,
            &EXTENSIONS,
            &NUMBERED_MARKS,
            &PHASES,
            &SECTIONS,
            &BODY_STOP_WORDS,
            &NAME_VERBS,
            &FREE_STOP_WORDS,
            &NAME_WORDS,
            &NOT_BODIES,
            &SCOPE_WORDS,
            &GENERIC_COMPANY_WORDS,
            &TITLE_MODIFIERS,
            &PERSON_TITLES,
            &SAYING_VERBS,
            &COMPANY_FORMS,
            &COUNTRY_HEADS,
            &PAIR_HEADS,
            &GENERIC_TAILS,
            &COMMON_ABBREVIATIONS,
            &MEETING_VERBS,
            &PLACE_TAILS,
            &LATIN_ORG_WORDS,
            &FACILITY_HEADS,
            &COMPANY_CUES,
        ] {
            assert!(!list.is_empty());
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len(), "a word twice in {:?}", &list[..3]);
        }
        assert_eq!(SUFFIXES[0].text, "经济技术开发区");
        assert!(SUFFIXES.len() > 150);
        let mut texts: Vec<&str> = SUFFIXES.iter().map(|s| s.text).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), SUFFIXES.len(), "a suffix twice");
        assert!(SURNAMES.contains('王') && SURNAMES.contains('耿') && !SURNAMES.contains('和'));
        assert_eq!(COMMON_SURNAMES.0.len(), 100);
        assert_eq!(SURNAMES.0.len(), 127);
        assert!(FUNCTION_CHARS.contains('的') && !FUNCTION_CHARS.contains('会'));
        assert!(BODY_STOP_CHARS.contains('的') && BODY_STOP_CHARS.contains('会'));
        assert!(ABBREVIATION_VERBS.contains('访') && !ABBREVIATION_VERBS.contains('京'));
    }
}
