//! A learned recogniser: Baidu's LAC 2.1.2 lexical-analysis model (Apache-2.0), ported to Rust
//! with no ML framework. It cuts a sentence into words and tags each with a part of speech or an
//! entity type (PER, LOC, ORG, TIME), from the words' context rather than from a list, so it
//! names companies, bodies and events nobody listed.
//!
//! - [`file`]: the one-file model `models/scripts/get_lac.py` converts from the PyPI sdist;
//! - [`precut`]: LAC's dictionary pre-cut into the tokens the network reads;
//! - [`net`]: the embedding, two BiGRU layers and the CRF's Viterbi, batched.
//!
//! The recogniser's opt-in layer ([`crate::recognise`]) and `discover --model` use it.
//!
//! ```no_run
//! let lac = regionkg::model::Lac::load(std::path::Path::new("models/lac-2.1.2.rkm"))?;
//! let words = lac.tag(&["青岛双星与宝马集团签约。"]);
//! assert_eq!((words[0][0].start, words[0][0].end, words[0][0].label), (0, 4, "ORG"));
//! # Ok::<(), regionkg::Error>(())
//! ```

mod file;
mod net;
mod precut;

use crate::{Error, Result};
use file::ModelFile;
use net::Net;
use precut::PreCut;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// Where `make model` puts the model, relative to the repository.
pub const DEFAULT_PATH: &str = "models/lac-2.1.2.rkm";

/// How many sentences go through the network together ([`Lac::tag`], [`Lac::tag_all`]).
const BATCH: usize = 64;

/// A word the model found: character offsets into its sentence (end exclusive) and its label,
/// an entity type (`PER`, `LOC`, `ORG`, `TIME`) or a part of speech (`n`, `nz`, `v`, `w` ...),
/// and how sure the model is of it: the least, over the word's tokens, of the CRF's marginal
/// probability of the token's label (1 where no other labelling of the sentence is likely).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
    pub confidence: f32,
}

/// The loaded model. Cheap to share between threads.
pub struct Lac {
    words: FxHashMap<Box<str>, u32>,
    oov: u32,
    /// Full-width and traditional forms → the vocabulary's.
    q2b: FxHashMap<Box<str>, Box<str>>,
    /// Each label id's label (`ORG`) and whether it begins a word.
    tags: Vec<(Box<str>, bool)>,
    precut: PreCut,
    net: Net,
}

impl std::fmt::Debug for Lac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lac")
            .field("vocabulary", &self.words.len())
            .field("labels", &self.tags.len())
            .finish_non_exhaustive()
    }
}

/// The model path to use: `explicit`, else `$REGIONKG_MODEL`, else [`DEFAULT_PATH`] under the
/// current directory, else beside the executable's repository (`target/release/..` → the
/// checkout), so a built binary finds the model `make model` made.
pub fn locate(explicit: Option<&Path>) -> PathBuf {
    if let Some(path) = explicit {
        return path.to_path_buf();
    }
    if let Some(path) = std::env::var_os("REGIONKG_MODEL") {
        return PathBuf::from(path);
    }
    let here = PathBuf::from(DEFAULT_PATH);
    if here.exists() {
        return here;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .skip(1)
                .map(|dir| dir.join(DEFAULT_PATH))
                .find(|p| p.exists())
        })
        .unwrap_or(here)
}

/// `id\tvalue` lines (LAC's `load_kv_dict`: other lines are skipped, later keys win).
fn pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split('\n').filter_map(|line| {
        let mut it = line.split('\t');
        match (it.next(), it.next(), it.next()) {
            (Some(a), Some(b), None) => Some((a, b)),
            _ => None,
        }
    })
}

impl Lac {
    /// Loads a model file; a missing file's error says how to make it.
    pub fn load(path: &Path) -> Result<Lac> {
        if !path.exists() {
            return Err(Error::Invalid(format!(
                "no model at {}: make it with `make model` (python3 models/scripts/get_lac.py \
                 fetches LAC 2.1.2 from PyPI and converts it), or give --model-file FILE",
                path.display()
            )));
        }
        let mut file = ModelFile::read(path)?;
        Lac::from_file(&mut file)
            .map_err(|message| Error::Invalid(format!("model {}: {message}", path.display())))
    }

    fn from_file(file: &mut ModelFile) -> std::result::Result<Lac, String> {
        let mut words: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut size = 0;
        for (id, word) in pairs(file.text("word.dic")?) {
            let id: u32 = id.parse().map_err(|_| format!("word.dic: bad id {id:?}"))?;
            size = size.max(id as usize + 1);
            words.insert(word.into(), id);
        }
        let oov = *words.get("OOV").ok_or("word.dic has no OOV")?;
        let q2b = pairs(file.text("q2b.dic")?)
            .map(|(a, b)| (a.into(), b.into()))
            .collect();
        let mut tags: Vec<(Box<str>, bool)> = Vec::new();
        for (id, tag) in pairs(file.text("tag.dic")?) {
            let id: usize = id.parse().map_err(|_| format!("tag.dic: bad id {id:?}"))?;
            if tags.len() <= id {
                tags.resize(id + 1, ("".into(), true));
            }
            tags[id] = match tag.rsplit_once('-') {
                Some((label, "I")) => (label.into(), false),
                Some((label, _)) => (label.into(), true),
                None => (tag.into(), true),
            };
        }
        let precut = PreCut::parse(file.text("small_seg.dic")?)?;
        let net = Net::load(file, size)?;
        if tags.len() != net.labels() {
            return Err(format!(
                "tag.dic has {} labels, the network {}",
                tags.len(),
                net.labels()
            ));
        }
        Ok(Lac {
            words,
            oov,
            q2b,
            tags,
            precut,
            net,
        })
    }

    fn id(&self, token: &str) -> u32 {
        let token = self.q2b.get(token).map_or(token, |t| t);
        self.words.get(token).copied().unwrap_or(self.oov)
    }

    /// The network's tokens of a sentence: their ids and lengths in characters.
    fn tokens(&self, sentence: &str) -> (Vec<u32>, Vec<usize>) {
        let chars: Vec<(usize, char)> = sentence.char_indices().collect();
        let byte = |i: usize| chars.get(i).map_or(sentence.len(), |c| c.0);
        let (mut ids, mut lengths) = (Vec::new(), Vec::new());
        for piece in self.precut.cut(sentence) {
            let text = &sentence[byte(piece.start)..byte(piece.end)];
            if self.words.contains_key(text) {
                ids.push(self.id(text));
                lengths.push(piece.len());
            } else {
                for (at, c) in text.char_indices() {
                    ids.push(self.id(&text[at..at + c.len_utf8()]));
                    lengths.push(1);
                }
            }
        }
        (ids, lengths)
    }

    /// The words of each sentence, in order. The sentences go through the network together, at
    /// most [`BATCH`] at a time, so a document of thousands of sentences needs no more memory
    /// than a batch (the words do not depend on the batch a sentence is in).
    pub fn tag<S: AsRef<str>>(&self, sentences: &[S]) -> Vec<Vec<Word<'_>>> {
        self.decode_words(sentences, None)
            .into_iter()
            .map(|(words, _)| words)
            .collect()
    }

    /// [`Lac::tag`], and for each sentence the other words of the given entity labels (`ORG`,
    /// `LOC` ...) that the CRF gives at least `min` probability though its best labelling cuts
    /// the sentence otherwise (美国 LOC + 政府 n, and 美国政府 an ORG with probability 0.4): each
    /// with that probability as its confidence, in text order. A label the model does not have
    /// gives none.
    pub fn tag_with_alternatives<S: AsRef<str>>(
        &self,
        sentences: &[S],
        labels: &[&str],
        min: f32,
    ) -> Vec<(Vec<Word<'_>>, Vec<Word<'_>>)> {
        let pairs: Vec<(u16, u16)> = labels
            .iter()
            .filter_map(|label| {
                let id = |begins: bool| {
                    self.tags
                        .iter()
                        .position(|(name, b)| &**name == *label && *b == begins)
                        .map(|i| i as u16)
                };
                Some((id(true)?, id(false)?))
            })
            .collect();
        self.decode_words(sentences, Some((&pairs, min)))
    }

    /// The batches through the network: each sentence's words, and its alternative words when
    /// `alternatives` asks for them (see [`Net::decode`]).
    fn decode_words<S: AsRef<str>>(
        &self,
        sentences: &[S],
        alternatives: Option<(&[(u16, u16)], f32)>,
    ) -> Vec<(Vec<Word<'_>>, Vec<Word<'_>>)> {
        let mut out = Vec::with_capacity(sentences.len());
        for batch in sentences.chunks(BATCH) {
            let (ids, lengths): (Vec<Vec<u32>>, Vec<Vec<usize>>) =
                batch.iter().map(|s| self.tokens(s.as_ref())).unzip();
            let decoded = self.net.decode(&ids, alternatives);
            for (lengths, d) in lengths.iter().zip(decoded) {
                let words = self.words_of(lengths, &d.path, &d.marginals);
                if d.spans.is_empty() {
                    out.push((words, Vec::new()));
                    continue;
                }
                // Token index → character offset.
                let mut at = vec![0];
                at.extend(lengths.iter().scan(0, |sum, n| {
                    *sum += n;
                    Some(*sum)
                }));
                let mut others: Vec<Word> = d
                    .spans
                    .iter()
                    .map(|span| Word {
                        start: at[span.start],
                        end: at[span.end],
                        label: &self.tags[span.begin as usize].0,
                        confidence: span.probability,
                    })
                    .filter(|o| {
                        !words
                            .iter()
                            .any(|w| (w.start, w.end, w.label) == (o.start, o.end, o.label))
                    })
                    .collect();
                others.sort_by_key(|w| (w.start, std::cmp::Reverse(w.end)));
                out.push((words, others));
            }
        }
        out
    }

    /// [`Lac::tag`] over many sentences on all of rayon's threads, in batches of similar length.
    pub fn tag_all<S: AsRef<str> + Sync>(&self, sentences: &[S]) -> Vec<Vec<Word<'_>>> {
        in_parallel(sentences, |batch| self.tag(batch))
    }

    /// [`Lac::tag_with_alternatives`] over many sentences on all of rayon's threads.
    pub fn tag_all_with_alternatives<S: AsRef<str> + Sync>(
        &self,
        sentences: &[S],
        labels: &[&str],
        min: f32,
    ) -> Vec<(Vec<Word<'_>>, Vec<Word<'_>>)> {
        in_parallel(sentences, |batch| {
            self.tag_with_alternatives(batch, labels, min)
        })
    }

    /// Tokens' labels → words: a token of n characters spreads its label over them (the first
    /// begins it); a word begins at a B label or where the label changes (LAC's `parse_result`).
    fn words_of(&self, lengths: &[usize], labels: &[u16], marginals: &[f32]) -> Vec<Word<'_>> {
        let mut words: Vec<Word> = Vec::new();
        let mut at = 0;
        for ((&len, &label), &p) in lengths.iter().zip(labels).zip(marginals) {
            let (name, begins) = &self.tags[label as usize];
            for k in 0..len {
                match words.last_mut() {
                    Some(w) if (k > 0 || !begins) && w.label == &**name => {
                        w.end += 1;
                        w.confidence = w.confidence.min(p);
                    }
                    _ => words.push(Word {
                        start: at,
                        end: at + 1,
                        label: name,
                        confidence: p,
                    }),
                }
                at += 1;
            }
        }
        words
    }
}

/// `tag` over `sentences` on all of rayon's threads, in batches of [`BATCH`] of similar length
/// (so few steps of a batch run on padding), the results back in the sentences' order.
fn in_parallel<S, T, F>(sentences: &[S], tag: F) -> Vec<T>
where
    S: AsRef<str> + Sync,
    T: Send + Default,
    F: Fn(&[&str]) -> Vec<T> + Sync,
{
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    order.sort_by_key(|&i| sentences[i].as_ref().len());
    let tagged: Vec<(usize, T)> = order
        .par_chunks(BATCH)
        .flat_map_iter(|chunk| {
            let batch: Vec<&str> = chunk.iter().map(|&i| sentences[i].as_ref()).collect();
            let out = tag(&batch);
            chunk.iter().copied().zip(out).collect::<Vec<_>>()
        })
        .collect();
    let mut out: Vec<T> = std::iter::repeat_with(T::default)
        .take(sentences.len())
        .collect();
    for (i, t) in tagged {
        out[i] = t;
    }
    out
}
