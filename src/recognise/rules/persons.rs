//! People's names next to short place names: 记者陶常宁 and 张庆元告诉记者 name persons, not the
//! places 常宁 and 庆元.

use crate::recognise::lexicon::{FUNCTION_CHARS, PERSON_TITLES, SAYING_VERBS, SURNAMES};

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
    if !name.chars().next().is_some_and(is_surname) || name.chars().nth(3).is_some() {
        return false;
    }
    let before = text[..start].trim_end();
    let after = &text[end..];
    let after_one = after.char_indices().nth(1).map_or("", |(i, _)| &after[i..]);
    PERSON_TITLES.iter().any(|t| before.ends_with(t))
        || SAYING_VERBS
            .iter()
            .any(|v| after.starts_with(v) || after_one.starts_with(v))
}

/// A common surname that is no function word (于 and 向 are surnames, but far more often
/// prepositions before a place).
fn is_surname(c: char) -> bool {
    SURNAMES.contains(c) && !FUNCTION_CHARS.contains(c)
}
