//! What makes a word look like a name to discovery: Latin-script names in Chinese text (IBM,
//! C919), jieba words that end like a name with a proper head, and n-grams jieba reads as a
//! name or cannot read at all.

use crate::recognise::lexicon::{COMMON_ABBREVIATIONS, COMMON_SURNAMES};
use crate::recognise::{is_proper_tag, name_suffix, Recognizer};

/// Latin-script words inside Chinese text, which are mostly names (IBM, Netflix, C919): runs
/// of letters, digits and . & - that start with a letter, hold two letters or more and stand
/// beside Chinese characters or punctuation, less common abbreviations that name no one (GDP,
/// IPO, CEO).
pub(super) fn latin_names(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let is_part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '&' | '-');
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_ascii_alphabetic() {
            continue;
        }
        let mut end = start + 1;
        while let Some(&(i, c)) = chars.peek() {
            if !is_part(c) {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        // A word inside an English sentence is not a name by itself.
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let in_english = |c: Option<char>| c.is_some_and(|c| c == ' ' || c.is_ascii_alphanumeric());
        let word = text[start..end].trim_end_matches(['.', '-', '&']);
        // Names are capitalised (IBM, Netflix); lower-case words are addresses and codes
        // (ifeng.com, jx).
        let letters = word.chars().filter(char::is_ascii_alphabetic).count();
        let digits = word.chars().filter(char::is_ascii_digit).count();
        if (letters >= 2 || digits >= 2)
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && !word.contains(".com")
            && !in_english(before)
            && !in_english(after)
            && !COMMON_ABBREVIATIONS.contains(&word.to_ascii_uppercase().as_str())
        {
            out.push(word);
        }
    }
    out
}

/// Whether a jieba word proposes a name on its own: five characters or more, ending in a
/// known suffix, with a proper-name word before the suffix (中华人民共和国 + 政府, not the generic
/// 高级人民 + 法院 or 商业 + 银行).
pub(super) fn proper_head(word: &str, recognizer: &Recognizer) -> bool {
    let Some((suffix, _)) = name_suffix(word) else {
        return false;
    };
    let head = &word[..word.len() - suffix.len()];
    word.chars().count() >= 5
        && recognizer
            .pos_tags(head)
            .unwrap_or_default()
            .iter()
            .any(|(w, tag)| {
                w.chars().count() >= 2
                    && !tag.starts_with("nr")
                    && *tag != "x"
                    && is_proper_tag(tag)
            })
}

/// Whether jieba's reading of an n-gram suggests a name: a proper-name word of two or more
/// characters (person, place, organisation, other proper noun, abbreviation, Latin word), or
/// characters jieba cannot join into any word (an unknown name: 南科大 → 南 科 大); never only
/// common words (同比增长, 城市建设).
pub(super) fn looks_like_a_name(word: &str, recognizer: &Recognizer) -> bool {
    let tags = recognizer.pos_tags(word).unwrap_or_default();
    // Persons are out of scope: a common surname and one or two characters (王忠林).
    let chars: Vec<char> = word.chars().collect();
    if chars.len() <= 3 && COMMON_SURNAMES.contains(chars[0]) {
        return false;
    }
    // Numbers and counters start or end phrases, not names (扫一扫, 届人大).
    let counter = |c: &char| "届个次位名号些种类".contains(*c);
    let numeral = |c: &char| "一二三四五六七八九十百千万亿".contains(*c);
    if chars.first().is_some_and(counter)
        || chars.last().is_some_and(counter)
        || chars.iter().any(numeral)
    {
        return false;
    }
    let proper = tags.iter().any(|(w, tag)| {
        w.chars().count() >= 2 && !tag.starts_with("nr") && *tag != "x" && is_proper_tag(tag)
    });
    let singles = tags
        .windows(3)
        .any(|p| p.iter().all(|(w, _)| w.chars().count() == 1));
    proper || singles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_words() {
        assert_eq!(
            latin_names("IBM与Netflix合作，GDP增长，C919试飞，在New York，见ifeng.com。"),
            vec!["IBM", "Netflix", "C919"]
        );
    }
}
