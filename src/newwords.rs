//! New-word discovery: character n-grams that behave like words of their own, by the classic
//! signals (Sproat & Shih 1990; Feng et al. 2004, "Accessor variety criteria for Chinese word
//! extraction"; the left/right entropy method of Huang & Powers): they recur, their characters
//! stick together more than chance predicts (the weakest split's pointwise mutual information),
//! and they occur among varied neighbours on both sides (left and right neighbour entropy), so
//! they are not a fragment of a longer word (雄安新 is always followed by 区).
//!
//! Only runs of name characters are counted (Chinese characters other than function words such
//! as 的, 和, 在, which end runs), so n-grams never span a clause
//! or a particle.

use crate::recognise::lexicon::FUNCTION_CHARS;
use rustc_hash::FxHashMap;

/// Thresholds and sizes of the search.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Longest n-gram considered, in characters.
    pub max_chars: usize,
    /// Shortest n-gram considered, in characters.
    pub min_chars: usize,
    /// Fewest occurrences.
    pub min_freq: u32,
    /// Least pointwise mutual information (natural log) of the weakest split.
    pub min_cohesion: f64,
    /// Least entropy (natural log) of the left and of the right neighbours.
    pub min_entropy: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_chars: 6,
            min_chars: 2,
            min_freq: 3,
            min_cohesion: 3.0,
            min_entropy: 1.0,
        }
    }
}

/// A word found, with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct NewWord {
    pub word: String,
    pub freq: u32,
    /// PMI of the weakest split (natural log).
    pub cohesion: f64,
    pub left_entropy: f64,
    pub right_entropy: f64,
    /// Documents it occurs in (the numbers given to [`Finder::add`]), ascending.
    pub documents: Vec<usize>,
    /// The sentence (number given to [`Finder::add`]) of its first occurrence.
    pub first_sentence: usize,
}

impl NewWord {
    /// Frequency, damped, times the weaker side's neighbour entropy.
    pub fn score(&self) -> f64 {
        (self.freq as f64).ln_1p() * self.left_entropy.min(self.right_entropy)
    }
}

/// Collects text, then finds the words.
#[derive(Default)]
pub struct Finder {
    /// Runs of name characters with the document and sentence they come from.
    runs: Vec<(usize, usize, Vec<char>)>,
}

/// Whether a character can be part of a name: a Chinese character that is no function word
/// ([`FUNCTION_CHARS`], which end a run).
pub fn is_name_char(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) && !FUNCTION_CHARS.contains(c)
}

impl Finder {
    pub fn new() -> Finder {
        Finder::default()
    }

    /// Adds a text (a sentence, best) of document `doc`, numbered `sentence`.
    pub fn add(&mut self, text: &str, doc: usize, sentence: usize) {
        let mut run = Vec::new();
        for c in text.chars() {
            // Function words stay in the run as neighbours (中华人民共 is always followed by
            // 和), though no n-gram contains one.
            if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                run.push(c);
            } else if !run.is_empty() {
                self.runs.push((doc, sentence, std::mem::take(&mut run)));
            }
        }
        if !run.is_empty() {
            self.runs.push((doc, sentence, run));
        }
    }

    /// The words that pass the thresholds, best first (ties by the word, for stable output).
    pub fn find(&self, options: &Options) -> Vec<NewWord> {
        let max = options.max_chars.max(1);
        // Counts of every n-gram up to `max` characters (1-grams for the association).
        let mut counts: FxHashMap<&[char], u32> = FxHashMap::default();
        let mut total: u64 = 0;
        for (_, _, run) in &self.runs {
            total += run.len() as u64;
            for i in 0..run.len() {
                for n in 1..=max.min(run.len() - i) {
                    if !is_name_char(run[i + n - 1]) {
                        break;
                    }
                    *counts.entry(&run[i..i + n]).or_default() += 1;
                }
            }
        }
        let total = total.max(1) as f64;
        let count = |g: &[char]| counts.get(g).copied().unwrap_or(0) as f64;
        // Candidates by frequency and cohesion.
        let mut cohesive: FxHashMap<&[char], f64> = FxHashMap::default();
        for (&gram, &f) in &counts {
            if gram.len() < options.min_chars.max(2) || f < options.min_freq {
                continue;
            }
            let weakest = (1..gram.len())
                .map(|k| (f as f64 * total / (count(&gram[..k]) * count(&gram[k..]))).ln())
                .fold(f64::INFINITY, f64::min);
            if weakest >= options.min_cohesion {
                cohesive.insert(gram, weakest);
            }
        }
        // Neighbours of the candidates. A run's edge counts as a distinct neighbour each time
        // (the text around it is punctuation or a function word: any word may stand there).
        let mut neighbours: FxHashMap<&[char], Neighbours> = FxHashMap::default();
        for &(doc, sentence, ref run) in &self.runs {
            for i in 0..run.len() {
                for n in 2..=max.min(run.len() - i) {
                    let gram = &run[i..i + n];
                    if !cohesive.contains_key(gram) {
                        continue;
                    }
                    let entry = neighbours.entry(gram).or_insert_with(|| Neighbours {
                        first_sentence: sentence,
                        ..Neighbours::default()
                    });
                    match i.checked_sub(1) {
                        Some(l) => *entry.left.entry(run[l]).or_default() += 1,
                        None => entry.left_edges += 1,
                    }
                    match run.get(i + n) {
                        Some(&r) => *entry.right.entry(r).or_default() += 1,
                        None => entry.right_edges += 1,
                    }
                    if entry.documents.last() != Some(&doc) {
                        entry.documents.push(doc);
                    }
                }
            }
        }
        let mut words: Vec<NewWord> = neighbours
            .into_iter()
            .filter_map(|(gram, n)| {
                let left_entropy = entropy(n.left.values().copied(), n.left_edges);
                let right_entropy = entropy(n.right.values().copied(), n.right_edges);
                (left_entropy >= options.min_entropy && right_entropy >= options.min_entropy).then(
                    || NewWord {
                        word: gram.iter().collect(),
                        freq: counts[gram],
                        cohesion: cohesive[gram],
                        left_entropy,
                        right_entropy,
                        documents: {
                            let mut d = n.documents;
                            d.sort_unstable();
                            d.dedup();
                            d
                        },
                        first_sentence: n.first_sentence,
                    },
                )
            })
            .collect();
        words.sort_by(|a, b| {
            b.score()
                .total_cmp(&a.score())
                .then_with(|| a.word.cmp(&b.word))
        });
        words
    }
}

/// The neighbours of one n-gram and where it occurs.
#[derive(Default)]
struct Neighbours {
    left: FxHashMap<char, u32>,
    /// Occurrences at the start of a run (each a distinct neighbour).
    left_edges: u32,
    right: FxHashMap<char, u32>,
    right_edges: u32,
    documents: Vec<usize>,
    first_sentence: usize,
}

/// Entropy (natural log) of a neighbour distribution; each edge is a neighbour of its own.
fn entropy(counts: impl Iterator<Item = u32>, edges: u32) -> f64 {
    let counts: Vec<f64> = counts
        .map(f64::from)
        .chain(std::iter::repeat_n(1.0, edges as usize))
        .collect();
    let n: f64 = counts.iter().sum();
    if n == 0.0 {
        return 0.0;
    }
    -counts
        .iter()
        .map(|&c| {
            let p = c / n;
            p * p.ln()
        })
        .sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_recurring_name_and_not_its_fragments() {
        let mut finder = Finder::new();
        // 锦鲤湾 recurs among varied neighbours; 锦鲤 is always followed by 湾, so it is a
        // fragment, and the text around is varied enough for the entropies to be high.
        let fillers = [
            "春天", "今天", "记者", "游客", "市民", "大家", "居民", "专家",
        ];
        let verbs = [
            "参观", "介绍", "规划", "建设", "宣传", "开放", "扩建", "整治",
        ];
        for (i, a) in fillers.iter().enumerate() {
            finder.add(&format!("{a}来到锦鲤湾，{}了锦鲤湾。", verbs[i]), i, 2 * i);
            finder.add(
                &format!("锦鲤湾{}，{a}说好。", verbs[(i + 3) % verbs.len()]),
                i,
                2 * i + 1,
            );
        }
        // A tiny text: every pair of characters is rarer than chance by little.
        let options = Options {
            min_cohesion: 1.0,
            ..Options::default()
        };
        let words = finder.find(&options);
        let names: Vec<&str> = words.iter().map(|w| w.word.as_str()).collect();
        assert!(names.contains(&"锦鲤湾"), "{names:?}");
        assert!(!names.contains(&"锦鲤"), "{names:?}");
        assert!(!names.contains(&"鲤湾"), "{names:?}");
        let w = words.iter().find(|w| w.word == "锦鲤湾").unwrap();
        assert_eq!(w.freq, 24);
        assert_eq!(w.documents, (0..8).collect::<Vec<_>>());
        assert_eq!(w.first_sentence, 0);
        assert!(w.cohesion >= 1.0 && w.left_entropy >= 1.0 && w.right_entropy >= 1.0);
    }

    #[test]
    fn entropy_of_known_distributions() {
        assert_eq!(entropy([4].into_iter(), 0), 0.0);
        assert!((entropy([1, 1].into_iter(), 0) - 2f64.ln()).abs() < 1e-12);
        assert!((entropy(std::iter::empty(), 4) - 4f64.ln()).abs() < 1e-12);
        assert_eq!(entropy(std::iter::empty(), 0), 0.0);
    }
}
