//! Text utilities: NFKC normalisation that remembers where each character came from, sentence
//! splitting for Chinese, and byte → character offset conversion.
//!
//! Everything here works on one document's text and returns byte ranges into it; callers turn
//! them into character offsets with [`CharCounter`] only at the end.

use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::LazyLock;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// A quick filter in front of a per-character lookup done for every character of every text:
/// one bit per character of the Basic Multilingual Plane (8 KiB). Characters beyond it always
/// pass, to the lookup behind.
#[derive(Debug, Clone)]
pub struct CharFilter {
    bits: Vec<u64>,
}

impl CharFilter {
    /// A filter that lets `chars` (and every character beyond the BMP) through.
    pub fn new(chars: impl IntoIterator<Item = char>) -> CharFilter {
        let mut bits = vec![0u64; 0x10000 / 64];
        for c in chars {
            if let Some(word) = bits.get_mut(c as usize / 64) {
                *word |= 1 << (c as usize % 64);
            }
        }
        CharFilter { bits }
    }

    /// Whether `c` may be one of the filter's characters.
    #[inline]
    pub fn may_contain(&self, c: char) -> bool {
        self.bits
            .get(c as usize / 64)
            .is_none_or(|w| w & (1 << (c as usize % 64)) != 0)
    }
}

/// Traditional characters and their simplified forms (中國 → 中国), only those simplified Chinese
/// never writes as they are (see `scripts/gen-ts-chars`, from OpenCC's table).
struct Traditional {
    /// The traditional characters, the test every ideograph of every text goes through.
    filter: CharFilter,
    simplified: FxHashMap<char, char>,
}

static TRADITIONAL: LazyLock<Traditional> = LazyLock::new(|| {
    let mut simplified = FxHashMap::default();
    for line in include_str!("data/ts-characters.tsv").lines() {
        let mut chars = line.chars();
        if let (Some(t), Some('\t'), Some(s), None) =
            (chars.next(), chars.next(), chars.next(), chars.next())
        {
            simplified.insert(t, s);
        }
    }
    let filter = CharFilter::new(simplified.keys().copied());
    Traditional { filter, simplified }
});

impl Traditional {
    /// The simplified form of `c`, if it is a traditional character.
    #[inline]
    fn simplified(&self, c: char) -> Option<char> {
        if self.filter.may_contain(c) {
            self.simplified.get(&c).copied()
        } else {
            None
        }
    }
}

/// `text` normalised as [`Normalized`] does: for names, gazetteer surfaces and lookups, so that
/// they compare equal with the normalised text of documents.
pub fn normalize(text: &str) -> String {
    Normalized::new(text).text
}

/// A normalised copy of a text, with a map back to the original's byte offsets.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// The characters normalisation changed, in order: (normalised start, normalised length,
    /// original start, original length). Between two changes offsets differ by a constant, so
    /// the map back needs only these (news text changes few characters: full-width punctuation).
    changes: Vec<(u32, u32, u32, u32)>,
}

/// Whether NFKC certainly leaves a character as it is, decided without the tables for the
/// characters Chinese text is mostly made of: ASCII (bar nothing) and CJK ideographs.
fn stable(c: char) -> bool {
    c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

impl Normalized {
    /// NFKC-normalises `original` character by character (so every output character can be
    /// traced to one input character; composition across characters is not needed for names),
    /// and writes traditional characters simplified (中國 → 中国), so that names match in the
    /// press of Hong Kong, Macao and Taiwan too.
    pub fn new(original: &str) -> Normalized {
        let mut text = String::with_capacity(original.len());
        let mut changes = Vec::new();
        let mut buf = [0u8; 4];
        // Runs of characters NFKC leaves alone are copied whole.
        let mut run_start = 0;
        let traditional = &*TRADITIONAL;
        for (pos, c) in original.char_indices() {
            let simple = if c.is_ascii() {
                None
            } else {
                traditional.simplified(c)
            };
            if simple.is_none()
                && (stable(c) || matches!(is_nfkc_quick(std::iter::once(c)), IsNormalized::Yes))
            {
                continue;
            }
            let normal: String = match simple {
                Some(s) => s.to_string(),
                None => c
                    .encode_utf8(&mut buf)
                    .nfkc()
                    .map(|x| traditional.simplified(x).unwrap_or(x))
                    .collect(),
            };
            if normal.len() == c.len_utf8()
                && normal.as_bytes() == c.encode_utf8(&mut buf).as_bytes()
            {
                continue;
            }
            text.push_str(&original[run_start..pos]);
            changes.push((
                text.len() as u32,
                normal.len() as u32,
                pos as u32,
                c.len_utf8() as u32,
            ));
            text.push_str(&normal);
            run_start = pos + c.len_utf8();
        }
        text.push_str(&original[run_start..]);
        Normalized { text, changes }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original byte offset of a normalised byte offset; inside the expansion of a changed
    /// character, that character's start.
    fn to_original(&self, x: usize) -> usize {
        let x = x as u32;
        let i = self.changes.partition_point(|c| c.0 <= x);
        let Some(&(ns, nl, os, ol)) = i.checked_sub(1).map(|i| &self.changes[i]) else {
            return x as usize;
        };
        if x < ns + nl {
            os as usize
        } else {
            (x - (ns + nl) + os + ol) as usize
        }
    }

    /// Maps a byte range of the normalised text back to a byte range of the original.
    /// An end that falls inside the expansion of one original character extends to cover it.
    pub fn original_range(&self, range: Range<usize>, original: &str) -> Range<usize> {
        if self.changes.is_empty() {
            return range;
        }
        let start = self.to_original(range.start);
        let last_char = self.text[..range.end]
            .char_indices()
            .next_back()
            .map_or(range.start, |(i, _)| i);
        let last = self.to_original(last_char);
        let end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        start..end
    }
}

/// Characters that end a sentence.
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?')
}

/// Closing quotes and brackets that stay with the sentence before them.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '】' | '》' | '〉' | '"' | '\'' | '］' | ']'
    )
}

/// Splits a text into sentences: at line ends and after 。！？；!? (with any closing quotes or
/// brackets that follow). Returns non-empty byte ranges with surrounding white space trimmed.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        split_line(text, line_start, line_end, &mut out);
        line_start = line_end;
    }
    out
}

fn split_line(text: &str, from: usize, to: usize, out: &mut Vec<Range<usize>>) {
    let line = &text[from..to];
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_terminator(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if is_terminator(n) || is_closer(n) {
                    end = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            push_trimmed(from, &line[start..end], start, out);
            start = end;
        }
    }
    push_trimmed(from, &line[start..], start, out);
}

fn push_trimmed(base: usize, piece: &str, offset: usize, out: &mut Vec<Range<usize>>) {
    let trimmed_start = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let s = base + offset + trimmed_start;
        out.push(s..s + trimmed.len());
    }
}

/// Converts increasing byte offsets of one text into character offsets in O(total length).
#[derive(Debug)]
pub struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    pub fn new(text: &'a str) -> Self {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// Character offset of byte offset `byte` (which must be on a character boundary). Offsets
    /// should come in increasing order; a smaller one restarts the count from the beginning.
    pub fn char_offset(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// The SHA-256 of a string, as lowercase hex.
pub fn sha256_hex(s: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn splits_chinese_sentences_keeping_closers() {
        let cases: &[(&str, &[&str])] = &[
            (
                "雄安新区建设提速。北京城市副中心启用！",
                &["雄安新区建设提速。", "北京城市副中心启用！"],
            ),
            (
                "他说：“京津冀要协同。”随后离开",
                &["他说：“京津冀要协同。”", "随后离开"],
            ),
            (
                "标题\n 正文第一句；第二句？？",
                &["标题", "正文第一句；", "第二句？？"],
            ),
            ("\n\n  \n", &[]),
            ("没有句号", &["没有句号"]),
            ("（试行）。好", &["（试行）。", "好"]),
        ];
        for (text, expected) in cases {
            assert_eq!(sentences(text), *expected, "text {text:?}");
        }
    }

    /// The original text behind the first occurrence of `normal` in the normalised text.
    fn original_of<'a>(n: &Normalized, original: &'a str, normal: &str) -> &'a str {
        let pos = n.as_str().find(normal).expect("in the normalised text");
        &original[n.original_range(pos..pos + normal.len(), original)]
    }

    #[test]
    fn normalisation_maps_back_to_original() {
        // U+2F76 KANGXI RADICAL RICE normalises to 米; full-width letters to ASCII.
        let original = "小⽶与ＡＢＣ在北京";
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), "小米与ABC在北京");
        assert_eq!(original_of(&n, original, "北京"), "北京");
        assert_eq!(original_of(&n, original, "小米"), "小⽶");
        assert_eq!(original_of(&n, original, "ABC"), "ＡＢＣ");
        // After the changed characters, offsets shift by a constant.
        assert_eq!(original_of(&n, original, "在"), "在");
        // A character NFKC expands (㎞ → km): both halves map to it.
        let original = "全长30㎞的高速";
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), "全长30km的高速");
        assert_eq!(original_of(&n, original, "k"), "㎞");
        assert_eq!(original_of(&n, original, "m"), "㎞");
        assert_eq!(original_of(&n, original, "高速"), "高速");
        // Unchanged text maps to itself.
        let n = Normalized::new("北京市");
        assert_eq!(n.original_range(3..9, "北京市"), 3..9);
    }

    #[test]
    fn char_filter_lets_its_characters_and_those_beyond_the_bmp_through() {
        let f = CharFilter::new(['京', '冀']);
        assert!(f.may_contain('京') && f.may_contain('冀'));
        assert!(!f.may_contain('津') && !f.may_contain('a'));
        assert!(f.may_contain('𠀀'));
    }

    #[test]
    fn traditional_characters_are_simplified() {
        let original = "粵港澳大灣區與臺灣";
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), "粤港澳大湾区与台湾");
        assert_eq!(original_of(&n, original, "台湾"), "臺灣");
        // Characters simplified Chinese writes too are left as they are (乾县, 乾隆).
        assert_eq!(normalize("乾县的乾隆"), "乾县的乾隆");
        assert_eq!(normalize("中國"), "中国");
    }

    #[test]
    fn counts_characters() {
        let text = "京津冀a北京";
        let mut c = CharCounter::new(text);
        assert_eq!(c.char_offset(0), 0);
        assert_eq!(c.char_offset(9), 3);
        assert_eq!(c.char_offset(10), 4);
        assert_eq!(c.char_offset(3), 1);
    }
}
