//! LAC's dictionary pre-cut (`LAC/segment.py`, `fast_cut`): the pieces a sentence is cut into
//! before the network sees it. A piece the vocabulary has is one token; otherwise each of its
//! characters is.
//!
//! Like LAC: every dictionary word weighs its length (the counts in `small_seg.dic` only add up
//! to the total), a piece scores ln(length) − ln(total), the best route through the sentence's
//! DAG maximises the sum (ties go to the longer piece), and single ASCII letters or digits the
//! route leaves alone are joined into one piece (`5G`, `2019`). The arithmetic is LAC's, in
//! the same order, so ties fall the same way.

use rustc_hash::FxHashMap;

pub(super) struct PreCut {
    /// Every word and every prefix of a word; `true` for the words.
    entries: FxHashMap<Box<str>, bool>,
    /// ln of the counts' sum.
    log_total: f64,
}

impl PreCut {
    /// From `small_seg.dic`: `word count` a line.
    pub(super) fn parse(dic: &str) -> std::result::Result<PreCut, String> {
        let mut entries: FxHashMap<Box<str>, bool> = FxHashMap::default();
        let mut total: u64 = 0;
        for (i, line) in dic.lines().enumerate() {
            let line = line.trim();
            let (word, count) = line
                .split_once(' ')
                .and_then(|(w, c)| Some((w, c.parse::<u64>().ok()?)))
                .ok_or_else(|| format!("small_seg.dic:{}: not `word count`: {line:?}", i + 1))?;
            total += count;
            entries.insert(word.into(), true);
            for (at, _) in word.char_indices().skip(1) {
                entries.entry(word[..at].into()).or_insert(false);
            }
        }
        Ok(PreCut {
            entries,
            log_total: (total as f64).ln(),
        })
    }

    /// The pieces of `text`, as character ranges, in order.
    pub(super) fn cut(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        // Byte offset of each character, and of the end.
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let n = bytes.len() - 1;
        // The DAG: each start's possible ends (exclusive, in characters).
        let mut ends: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        for (head, out) in ends.iter_mut().enumerate() {
            for end in head + 1..=n {
                match self.entries.get(&text[bytes[head]..bytes[end]]) {
                    Some(&word) => {
                        if word {
                            out.push(end);
                        }
                    }
                    None => break,
                }
            }
        }
        // route[i]: the best score from i to the end, and the end of the first piece.
        let mut route: Vec<(f64, usize)> = vec![(0.0, 0); n + 1];
        for i in (0..n).rev() {
            let mut best: Option<(f64, usize)> = None;
            for &end in &ends[i] {
                // A word weighs its length; a character that is no word weighs 1.
                let score = ((end - i) as f64).ln() - self.log_total + route[end].0;
                // Python's max over (score, end) tuples: ties go to the larger end.
                if best.is_none_or(|(s, e)| score > s || (score == s && end - 1 > e)) {
                    best = Some((score, end - 1));
                }
            }
            route[i] = best.expect("every start has its own character as a piece");
        }
        let mut pieces = Vec::new();
        let mut ascii_run: Option<usize> = None;
        let mut i = 0;
        while i < n {
            let end = route[i].1 + 1;
            let single_ascii = end == i + 1 && text.as_bytes()[bytes[i]].is_ascii_alphanumeric();
            if single_ascii {
                ascii_run.get_or_insert(i);
            } else {
                if let Some(start) = ascii_run.take() {
                    pieces.push(start..i);
                }
                pieces.push(i..end);
            }
            i = end;
        }
        if let Some(start) = ascii_run {
            pieces.push(start..n);
        }
        pieces
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(dic: &str, text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        PreCut::parse(dic)
            .unwrap()
            .cut(text)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn fewest_pieces_win_and_ties_go_to_the_longer_first_piece() {
        let dic = "北京 10\n北京市 5\n市场 8\n场 1\n发展 3\n";
        // 北京市|场|发展 and 北京|市场|发展 are three pieces each; lengths 2·2·2 beat 3·1·2.
        assert_eq!(cut(dic, "北京市场发展"), ["北京", "市场", "发展"]);
        assert_eq!(cut(dic, "北京市"), ["北京市"]);
        // Unknown characters are pieces of one; ASCII letters and digits run together.
        assert_eq!(
            cut(dic, "在北京5G网络2019年"),
            ["在", "北京", "5G", "网", "络", "2019", "年"]
        );
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let err = PreCut::parse("北京 10\n市场\n").err().unwrap();
        assert_eq!(err, "small_seg.dic:2: not `word count`: \"市场\"");
    }
}
