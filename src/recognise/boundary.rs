//! Word-boundary check with jieba-rs: a short name match that cuts through a word is rejected
//! (大城 in 大城市, 和政 in 市场和政府, 上海市 in 上海市场). Only the few characters around a
//! candidate match are segmented, never whole sentences, so the check stays off the hot path for
//! the long names that do not need it.

use super::lexicon::PLACE_TAILS;
use jieba_rs::Jieba;

/// Matches of at most this many characters are checked; longer names rarely cut through words.
pub const MAX_CHECKED_CHARS: usize = 3;
/// Prepositions and conjunctions jieba may join to the first character of a name.
/// (将 is left out: 将军 + 岭路 is a general's name, not 将 + 军岭路.)
const PREPOSITIONS: &[char] = &[
    '对', '在', '与', '和', '向', '把', '被', '从', '给', '为', '让', '由',
];

/// Common nouns ending in 局 that name no bureau (格局, 布局, 开局): such a word, or one with 新
/// before it, does not end an institution's name even where jieba tags it nt (新格局).
const COMMON_JU: &[&str] = &[
    "格局", "布局", "开局", "结局", "大局", "时局", "政局", "骗局", "僵局", "败局", "残局", "终局",
    "全局", "棋局", "赌局", "饭局", "困局", "迷局", "变局", "破局", "乱局", "危局", "定局", "出局",
];

/// Suffixes of bodies whose names jieba's dictionary may have as common nouns of a two-character
/// field and the suffix (证监局, 公安厅, 行业协会, 公安分局, 师范学院). Read over the 5,801 posts:
/// every name these added read right but a few edges (会宁兰州市机关事务管理局); 公司, 厂, 部,
/// 会 and 保险 added kinds (中国面板厂, 古蔺县境东北部, 临时股东大会, 社会保险) and are not here.
const FIELD_BODY_SUFFIXES: &[&str] = &[
    "局",
    "分局",
    "厅",
    "委",
    "协会",
    "医院",
    "学院",
    "支部",
    "党支部",
];

/// Characters of context segmented on each side of a match.
const CONTEXT_CHARS: usize = 6;

/// The byte range of `text[start..end]` with up to `CONTEXT_CHARS` characters on each side.
fn context(text: &str, start: usize, end: usize) -> (usize, usize) {
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(i, _)| end + i);
    (from, to)
}

/// jieba's dictionary plus the gazetteer's short names, so that jieba keeps them whole.
pub struct BoundaryChecker {
    jieba: Jieba,
}

impl BoundaryChecker {
    /// `names`: the (normalised) surfaces that may be checked, added to jieba as words.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> BoundaryChecker {
        BoundaryChecker::with_dictionary(Jieba::new(), names)
    }

    /// The same, adding the names to a jieba already loaded with its default dictionary.
    pub fn with_dictionary<'a>(
        mut jieba: Jieba,
        names: impl IntoIterator<Item = &'a str>,
    ) -> BoundaryChecker {
        for name in names {
            if name.chars().count() <= MAX_CHECKED_CHARS && !name.chars().any(char::is_whitespace) {
                jieba.add_word(name, None, None);
            }
        }
        BoundaryChecker { jieba }
    }

    /// Whether `text[start..end]` (byte offsets on character boundaries) starts and ends on word
    /// boundaries of jieba's segmentation of the surrounding characters.
    pub fn on_boundaries(&self, text: &str, start: usize, end: usize) -> bool {
        // A word can only run across an edge into a Chinese character: a match between
        // punctuation, Latin, digits or the text's ends needs no segmentation.
        let han = |c: Option<char>| c.is_some_and(|c| ('\u{3400}'..='\u{9fff}').contains(&c));
        if !han(text[..start].chars().next_back()) && !han(text[end..].chars().next()) {
            return true;
        }
        let (from, to) = context(text, start, end);
        let window = &text[from..to];
        let (s, e) = (start - from, end - from);
        let mut start_ok = s == 0;
        let mut end_ok = e == window.len();
        // jieba joins a preposition to the first character of a name it does not know as a
        // word (对华 + 为, 在华 + 为, 为民 + 政局): such a word does not cut the name.
        let first = window[s..e].chars().next().map_or(0, char::len_utf8);
        // Not a name starting with 于, which the prepositions make words with (对于, 由于,
        // 在于: 对于 + 都拥有 is no 于都).
        let joined_preposition = |start: usize, end: usize| {
            end == s + first
                && e > end
                && !window[s..].starts_with('于')
                && window[start..s].chars().count() == 1
                && window[start..s].starts_with(PREPOSITIONS)
        };
        for token in self.jieba.cut(window, false) {
            if token.byte_start == s || token.byte_end == s {
                start_ok = true;
            }
            if token.byte_start < s && joined_preposition(token.byte_start, token.byte_end) {
                start_ok = true;
                continue;
            }
            if token.byte_end == e {
                end_ok = true;
            }
            // A word of the name and a common noun jieba joins to places (上海地区, 广州市区)
            // ends at the name.
            if token.byte_start == s
                && token.byte_end > e
                && PLACE_TAILS.contains(&&window[e..token.byte_end])
            {
                end_ok = true;
                continue;
            }
            if token.byte_start < s && token.byte_end > s
                || token.byte_start < e && token.byte_end > e
            {
                return false;
            }
        }
        start_ok && end_ok
    }
}

impl BoundaryChecker {
    /// jieba's words and tags for the few characters around `text[start..end]`: each word's byte
    /// range in `text`, its text and its tag, in order.
    fn words_around<'a>(
        &'a self,
        text: &'a str,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = (usize, usize, &'a str, &'a str)> + 'a {
        let (from, to) = context(text, start, end);
        let mut at = from;
        self.jieba
            .tag(&text[from..to], false)
            .into_iter()
            .map(move |t| {
                let ws = at;
                at += t.word.len();
                (ws, at, t.word, t.tag)
            })
    }

    /// The end of the word jieba's dictionary has starting with `text[start..end]` and running
    /// past it (美国财政部 nt, 中国队 nt, 智利队 n), and whether jieba tags it an organisation.
    pub fn word_from(&self, text: &str, start: usize, end: usize) -> Option<(usize, bool)> {
        let (_, we, _, tag) = self
            .words_around(text, start, end)
            .find(|&(ws, _, _, _)| ws >= start)
            .filter(|&(ws, _, _, _)| ws == start)?;
        (we > end).then_some((we, tag == "nt"))
    }

    /// Whether jieba's segmentation of the surrounding characters makes exactly `text[start..end]`
    /// a word with one of `tags` (京 ns in 在京召开).
    pub fn is_token_tagged(&self, text: &str, start: usize, end: usize, tags: &[&str]) -> bool {
        self.words_around(text, start, end)
            .find(|&(ws, _, _, _)| ws >= start)
            .is_some_and(|(ws, we, _, tag)| ws == start && we == end && tags.contains(&tag))
    }

    /// The start of the organisation name (nt) of jieba's dictionary that ends with
    /// `text[start..end]` and begins before it (中央 + 气象台), if jieba reads the text so.
    pub fn organisation_ending(&self, text: &str, start: usize, end: usize) -> Option<usize> {
        let (ws, we, _, tag) = self
            .words_around(text, start, end)
            .find(|&(_, we, _, _)| we >= end)?;
        (we == end && ws < start && tag == "nt").then_some(ws)
    }
}

impl BoundaryChecker {
    /// Whether `text[start..end]` starts a word and ends one, or heads a compound: the word
    /// jieba makes of it runs on into a dictionary word of two or more characters (中美 in
    /// 中美关系 nt, 关系), not into a character (中美 in 中美洲, 中英 in 中英文).
    pub fn heads_word(&self, text: &str, start: usize, end: usize) -> bool {
        let (from, to) = context(text, start, end);
        let window = &text[from..to];
        let (s, e) = (start - from, end - from);
        let mut start_ok = s == 0;
        for token in self.jieba.cut(window, false) {
            let (ts, te) = (token.byte_start, token.byte_end);
            if ts == s || te == s {
                start_ok = true;
            }
            if ts < s && te > s {
                return false;
            }
            if ts < e && te > e {
                let rest = &window[e..te];
                return ts == s && rest.chars().nth(1).is_some() && self.is_word(rest);
            }
        }
        start_ok
    }
}

impl BoundaryChecker {
    /// Whether `text[start..end]` ends a word: no word of jieba's segmentation of the
    /// surrounding characters runs across `end` (商务局 ends a word at 局; 局长 and 布局 do not).
    pub fn ends_word(&self, text: &str, start: usize, end: usize) -> bool {
        for (ws, we, word, tag) in self.words_around(text, start, end) {
            if ws < end && we > end {
                return false;
            }
            // A word that ends in the suffix but starts before it must be an institution's
            // name (商务局 nt), not a common word (布局, 开局, 格局 n).
            // Teams (女队, 国家队) are names' ends too.
            // So is a level's body (市委, 县政协, 区政府: the level character of the place
            // before it, then the suffix).
            if ws < start && we == end {
                // jieba tags a few common nouns in 局 as organisations (新格局 nt); not
                // 财政局 or 民政局, which end in 政局 too.
                let common = word.strip_prefix('新').unwrap_or(word);
                if COMMON_JU.contains(&common) {
                    return false;
                }
                let head = &text[ws..start];
                let level = head.chars().count() == 1
                    && head.starts_with(['省', '市', '区', '县', '州', '镇', '乡', '旗']);
                // Not the common nouns for a team of people (团队, 球队, 梯队: 中国 + 团队).
                let team = word.ends_with('队') && !matches!(word, "团队" | "球队" | "梯队");
                // A body named by a field of two characters, which jieba's dictionary has as a
                // common noun (旅游局, 教育厅, 行业协会, 肿瘤医院 n: 郑州市文化广电和旅游局); not a
                // common noun in 局 after one character (大变局, 总布局). Companies, works and
                // meetings are left out (中国面板厂, 集团股份公司, 临时股东大会).
                let bureau = FIELD_BODY_SUFFIXES.contains(&&text[start..end])
                    && head.chars().count() == 2
                    && !COMMON_JU.iter().any(|c| *c != "政局" && word.ends_with(c));
                return matches!(tag, "nt" | "nz" | "l") || team || level || bureau;
            }
        }
        true
    }

    /// Whether jieba's dictionary (with the gazetteer's short names) has the word.
    pub fn is_word(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }

    /// jieba's part-of-speech tags of the words of `text`.
    pub fn tags<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.jieba
            .tag(text, false)
            .into_iter()
            .map(|t| (t.word, t.tag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_matches_inside_words() {
        let checker =
            BoundaryChecker::new(["大城", "和政", "上海", "上海市", "通州", "北京", "华为"]);
        let cases = [
            ("推动大城市发展", "大城", false),
            ("廊坊大城县和大城的发展", "大城", true),
            ("发挥市场和政府作用", "和政", false),
            ("上海市场回暖", "上海市", false),
            ("上海市场回暖", "上海", true),
            ("北京通州的发展", "通州", true),
            ("通州与北三县", "通州", true),
            // A preposition jieba joins to the first character (对华 + 为) cuts nothing.
            ("市场对华为的评价", "华为", true),
            // jieba's 上海地区 and 北京地区 (ns) are the place and a common noun.
            ("上海地区的银行", "上海", true),
            ("北京地区和通州", "北京", true),
            ("上海地毯厂", "上海", true),
        ];
        for (text, name, expected) in cases {
            let start = text.rfind(name).unwrap();
            assert_eq!(
                checker.on_boundaries(text, start, start + name.len()),
                expected,
                "{name} in {text}"
            );
        }
    }
}
