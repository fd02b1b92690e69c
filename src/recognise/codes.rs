//! Names the press writes with their stock code: 越秀金控（000987.SZ）, 恒大健康（0708.HK）. A
//! name before a code in brackets is a listed company, whatever its name (the code is no guess),
//! and a Shanghai or Shenzhen code links it to the company of `listed-companies.tsv`, so a short
//! name used before a later renaming (四通新材, now 立中集团) still names the right entity.

use super::boundary::BoundaryChecker;
use super::lexicon::{COMPANY_FORMS, FUNCTION_CHARS, TRADES};
use super::rules::{is_proper_tag, Rule};
use super::{Found, Recognizer, Resolution, Target, Unlinked};
use crate::corpus::Document;
use crate::gazetteer::EntityType;
use std::ops::Range;

/// The most characters of a name before a code.
const MAX_NAME_CHARS: usize = 10;

/// Words that stand before a company's name in market reports and are not part of it (龙头 +
/// 华业资本, 上市公司 + 雨润食品); so does any word of two characters or more ending in 股
/// (蓝筹股, 第一股).
const LEADS: [&str; 8] = [
    "龙头",
    "个股",
    "板块",
    "概念",
    "巨头",
    "股东",
    "旗下",
    "上市公司",
];

/// Characters that, as words of their own, stand before a name and are not part of it (如 +
/// 晶瑞股份, 受 + 华谊嘉信, 有 + 勤上光电, 上 + 能科股份); not 中, which starts 中天金融 as
/// often as it means "among".
const SINGLE_BREAKS: &str = "如受有即上下内";

/// How the names of indices end: an index has a code too (三板制造, 创业板指).
const INDEX_ENDINGS: [&str; 3] = ["指数", "指", "概念"];

/// The first three digits of Shanghai and Shenzhen stock codes.
const STOCK_PREFIXES: [&str; 13] = [
    "000", "001", "002", "003", "200", "300", "301", "600", "601", "603", "605", "688", "900",
];

/// A stock code in brackets at the start of `rest`: six digits (Shanghai or Shenzhen, with an
/// optional .SH or .SZ) or four or five digits and .HK. The code's digits and whether it is a
/// mainland one.
fn stock_code(rest: &str) -> Option<(&str, bool)> {
    let inner = rest.strip_prefix('（').or_else(|| rest.strip_prefix('('))?;
    let digits = inner.len() - inner.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let code = &inner[..digits];
    let after = &inner[digits..];
    let (mainland, suffix) = match digits {
        // Shanghai (600–605, 688, 900 B shares) and Shenzhen (000–003, 300–301, 200 B shares)
        // stocks; not index codes (000300 沪深300 is caught by its name, 399xxx, 899xxx).
        6 if STOCK_PREFIXES.contains(&&code[..3]) => {
            let suffix = [".SH", ".SZ", ".sh", ".sz"]
                .iter()
                .find(|s| after.starts_with(**s))
                .map_or(0, |s| s.len());
            (true, suffix)
        }
        4 | 5 if after.starts_with(".HK") || after.starts_with(".hk") => (false, 3),
        _ => return None,
    };
    after[suffix..]
        .starts_with(['）', ')'])
        .then_some((code, mainland))
}

impl Recognizer {
    /// Adds, as companies, the names written right before a stock code in brackets that no
    /// other layer found: the listed company of the code where the gazetteers have it (rule
    /// `stock-code` names it only where they do not), and the same name at its other occurrences
    /// in the document. Needs jieba, to tell where the name starts.
    pub(super) fn stock_code_names(&self, doc: &Document, found: &mut Vec<Found>) {
        let Some(checker) = self.boundary.as_ref().filter(|_| self.boundary_check) else {
            return;
        };
        let mut names: Vec<(String, Target)> = Vec::new();
        let mut new: Vec<Found> = Vec::new();
        for (i, sentence) in doc.sentences.iter().enumerate() {
            if sentence.repeated {
                continue;
            }
            let text = &doc.text[sentence.range.clone()];
            for (at, _) in text.match_indices(['（', '(']) {
                let Some((code, mainland)) = stock_code(&text[at..]) else {
                    continue;
                };
                let end = sentence.range.start + at;
                // A name found already ends here (万科（000002）).
                if found.iter().chain(&new).any(|f| f.range.end == end) {
                    continue;
                }
                let Some(range) = name_before(checker, &doc.text, sentence.range.start, end) else {
                    continue;
                };
                // Places inside the name are part of it (青岛 of 青岛海尔); anything else
                // overlapping keeps what was found.
                let overlaps = |f: &Found| f.range.start < range.end && range.start < f.range.end;
                let inner_place = |f: &Found| {
                    range.start <= f.range.start
                        && f.range.end <= range.end
                        && super::lists::kind_of(self, &f.target) == EntityType::Place
                };
                if new.iter().any(overlaps) || found.iter().any(|f| overlaps(f) && !inner_place(f))
                {
                    continue;
                }
                found.retain(|f| !overlaps(f));
                let listed = mainland
                    .then(|| self.gazetteer.find(&format!("stock-{code}")))
                    .flatten();
                let target = match listed {
                    Some(e) => Target::Known(e),
                    None => Target::Unlinked(Unlinked {
                        kind: EntityType::Institution,
                        name: crate::text::normalize(&doc.text[range.clone()]),
                        rule: Rule::StockCode,
                        parent: None,
                        members: Vec::new(),
                    }),
                };
                let surface = doc.text[range.clone()].to_string();
                if !names.iter().any(|(n, _)| *n == surface) {
                    names.push((surface, target.clone()));
                }
                new.push(Found {
                    sentence: i,
                    range,
                    target,
                    resolution: Resolution::Rule,
                    alternatives: Vec::new(),
                });
            }
        }
        super::layers::add_with_occurrences(doc, found, new, &names, checker);
    }
}

/// The name that ends at `end` (before a stock code): the name characters before it (at most
/// [`MAX_NAME_CHARS`], from `from` on, an ST mark allowed) after the last word of the clause
/// that cannot be part of it (建议关注 + 中信证券, 向 + 越秀金控, 龙头 + 华业资本, 上市公司中 +
/// 五矿稀土): a verb, function word, number or time of two characters or more, a function
/// character (向, 和, 中, 如), or one of [`LEADS`]. None when what is left is under two
/// characters, an index's name, or only common words of jieba's dictionary (老牌房企).
fn name_before(
    checker: &BoundaryChecker,
    text: &str,
    from: usize,
    end: usize,
) -> Option<Range<usize>> {
    let mut start = end;
    let mut truncated = false;
    for (i, c) in text[from..end].char_indices().rev() {
        // Any Chinese character: jieba's words decide where the name starts (能 of 能科股份
        // is no name character of the rules).
        if !(('\u{4e00}'..='\u{9fff}').contains(&c) || c.is_ascii_alphanumeric() || c == '*') {
            break;
        }
        if text[from + i..end].chars().count() > MAX_NAME_CHARS {
            truncated = true;
            break;
        }
        start = from + i;
    }
    let words: Vec<(&str, &str)> = checker.tags(&text[start..end]).collect();
    let breaks = |(word, tag): &(&str, &str)| {
        let long = word.chars().nth(1).is_some();
        let class = tag.chars().next();
        // A company's trade or form is part of its name (中孚 + 实业).
        if trade_or_form(word) {
            return false;
        }
        LEADS.contains(word)
            || (long && word.ends_with('股'))
            || (long
                && *tag != "vn"
                && matches!(
                    class,
                    Some('v' | 'p' | 'c' | 'u' | 'd' | 'r' | 't' | 'f' | 'y')
                ))
            || (!long
                && (matches!(class, Some('p' | 'c' | 'u' | 'y'))
                    || word
                        .chars()
                        .all(|c| FUNCTION_CHARS.contains(c) || SINGLE_BREAKS.contains(c))))
    };
    let last = words.len().checked_sub(1)?;
    let cut = words[..last].iter().rposition(breaks).map_or(0, |k| k + 1);
    // A run cut by the length limit with no word to start after starts anywhere (有限公司 of a
    // long registered name).
    if truncated && cut == 0 {
        return None;
    }
    let skipped: usize = words[..cut].iter().map(|(w, _)| w.len()).sum();
    let start = start + skipped;
    let name = &text[start..end];
    // Common words only, none a character of an unknown name jieba cut up (佳 + 兆 + 业) and
    // the last no company's trade or form (丰盛 + 控股 is a name).
    let kept = &words[cut..];
    let (last_word, last_tag) = kept.last()?;
    // 控股 and 国际 end names (丰盛控股) but are no trade before a name (间接控股 + 小天鹅).
    let trade = trade_or_form(last_word) || matches!(*last_word, "控股" | "国际");
    let common = !trade
        && kept
            .iter()
            .all(|(w, t)| w.chars().nth(1).is_some() && checker.is_word(w) && !is_proper_tag(t));
    // Nor a trade or form alone (集团, 置业), nor a clause ending in a verb (上市).
    let bare = kept.len() == 1 && trade;
    let verb = (last_tag.starts_with('v') && *last_tag != "vn" && !trade)
        || matches!(*last_word, "上市" | "挂牌" | "退市");
    let index = INDEX_ENDINGS.iter().any(|e| name.ends_with(e));
    (name.chars().count() >= 2 && !common && !bare && !verb && !index).then_some(start..end)
}

/// A word of a company's trade (科技, 实业) or its legal form (集团, 有限公司).
fn trade_or_form(word: &str) -> bool {
    TRADES.contains(&word) || COMPANY_FORMS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::stock_code;
    use crate::corpus::Document;
    use crate::gazetteer::Gazetteer;
    use crate::recognise::{Recognizer, Target};

    /// What the built-in recogniser finds in `text`: each mention's text and entity id.
    fn found(r: &Recognizer, text: &str) -> Vec<(String, String)> {
        let doc = Document::from_text("t", text);
        r.recognise(&doc)
            .into_iter()
            .map(|m| {
                let id = match &m.target {
                    Target::Known(e) => r.gazetteer().entity(*e).id.clone(),
                    Target::Unlinked(u) => format!("{}:{}", u.rule, u.name),
                };
                (m.text, id)
            })
            .collect()
    }

    #[test]
    fn a_name_before_its_stock_code_is_the_listed_company() {
        let r = Recognizer::new(Gazetteer::builtin().unwrap()).unwrap();
        let pair = |s: &str, id: &str| (s.to_string(), id.to_string());
        // A Shenzhen code links the short name of 2018 to the company the list has under
        // its later name; the clause's words before it are no part of it.
        assert_eq!(
            found(&r, "分析师建议关注能科股份（603859.SH）。"),
            [pair("能科股份", "stock-603859")]
        );
        // A Hong Kong code makes a company of its own, found again in the document.
        assert_eq!(
            found(&r, "恒大健康（0708.HK）发布公告。恒大健康表示将继续投资。"),
            [
                pair("恒大健康", "stock-code:恒大健康"),
                pair("恒大健康", "stock-code:恒大健康")
            ]
        );
        // An index's code and a year in brackets make nothing.
        assert!(found(&r, "成长指数（399006）下跌，全年（2018）收跌。").is_empty());
    }

    #[test]
    fn reads_mainland_and_hong_kong_codes_in_brackets() {
        assert_eq!(stock_code("（000987.SZ）起"), Some(("000987", true)));
        assert_eq!(stock_code("(600690)"), Some(("600690", true)));
        assert_eq!(stock_code("（0708.HK）"), Some(("0708", false)));
        // Years, counts and unmarked short numbers are no codes.
        assert_eq!(stock_code("（2018）"), None);
        assert_eq!(stock_code("（12345）"), None);
        assert_eq!(stock_code("（600690"), None);
        assert_eq!(stock_code("（6006901）"), None);
    }
}
