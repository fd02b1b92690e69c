//! One pass over the corpus gathering candidates: the rules' unlinked names, jieba's ns and nt
//! words (as names when they end like one, else as evidence for a name found otherwise), Latin
//! names, and the sentences for the n-gram search that follows.

use super::names::{latin_names, looks_like_a_name, proper_head};
use super::{Candidate, Options, Signal};
use crate::error::Result;
use crate::gazetteer::{EntityId, EntityType};
use crate::newwords::{self, Finder};
use crate::pipeline::{self, Processed};
use crate::recognise::{is_proper_tag, suffix_kind, Recognizer, Target};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// The candidates so far, and what waits for the end of the corpus.
struct Collector<'r> {
    recognizer: &'r Recognizer,
    candidates: BTreeMap<String, Candidate>,
    /// jieba words waiting for another signal to find the same name: kind and signals.
    jieba_pending: HashMap<String, (Option<EntityType>, BTreeSet<Signal>)>,
    finder: Finder,
    /// The sentences the n-gram finder was given, for examples.
    sentences: Vec<String>,
    ngrams: bool,
    /// Sentences waiting for the learned model (when it runs).
    model_queue: Option<Vec<Queued>>,
    /// The documents recognition names each known entity in.
    known_documents: HashMap<EntityId, BTreeSet<usize>>,
}

/// A sentence for the learned model: its document, text, the known places in it and the
/// character ranges recognition already covered.
struct Queued {
    doc: usize,
    text: String,
    places: Vec<EntityId>,
    covered: Vec<std::ops::Range<usize>>,
}

/// What a pass over the corpus gathered.
pub(super) struct Collected {
    /// Every candidate, before the frequency cut and merging.
    pub candidates: BTreeMap<String, Candidate>,
    /// The documents recognition names each known entity in.
    pub known_documents: HashMap<EntityId, BTreeSet<usize>>,
}

/// Reads the corpus and gathers every candidate.
pub(super) fn collect(
    inputs: &[PathBuf],
    recognizer: &Recognizer,
    options: &Options,
    on_error: &mut dyn FnMut(&crate::Error),
    on_progress: &dyn Fn(usize, usize),
) -> Result<Collected> {
    let mut collector = Collector {
        recognizer,
        candidates: BTreeMap::new(),
        jieba_pending: HashMap::new(),
        finder: Finder::new(),
        sentences: Vec::new(),
        ngrams: options.ngrams,
        model_queue: options.model.as_ref().map(|_| Vec::new()),
        known_documents: HashMap::new(),
    };
    let mut consume = |p: Processed<'_>| -> Result<()> {
        let doc = p.document;
        if let Some(docs) = &options.only_documents {
            if crate::eval::annotated_key(doc, |k| docs.contains(k)).is_none() {
                return Ok(());
            }
        }
        collector.document(&p);
        Ok(())
    };
    pipeline::process(inputs, recognizer, on_error, on_progress, &mut consume)?;
    if let (Some(model), Some(queue)) = (&options.model, collector.model_queue.take()) {
        collector.add_model_words(model, &queue, on_progress);
    }
    if options.ngrams {
        collector.add_ngrams(options.min_freq);
    }
    // jieba's evidence for names the other signals found.
    let mut candidates = collector.candidates;
    for (word, (kind, signals)) in collector.jieba_pending {
        if let Some(c) = candidates.get_mut(&word) {
            c.kind = c.kind.or(kind);
            c.signals.extend(signals);
        }
    }
    Ok(Collected {
        candidates,
        known_documents: collector.known_documents,
    })
}

/// Counts one mention of `name` in sentence `s` of document `p`.
fn add(
    candidates: &mut BTreeMap<String, Candidate>,
    p: &Processed<'_>,
    places: &HashMap<usize, Vec<EntityId>>,
    name: &str,
    kind: Option<EntityType>,
    signal: Signal,
    s: usize,
) {
    let c = candidates.entry(name.to_string()).or_default();
    c.kind = c.kind.or(kind);
    c.mentions += 1;
    c.documents.insert(p.index);
    c.signals.insert(signal);
    for &place in places.get(&s).into_iter().flatten() {
        *c.places.entry(place).or_default() += 1;
    }
    if c.example.is_empty() {
        c.example = p.document.sentence_text(s).to_string();
    }
}

impl Collector<'_> {
    fn document(&mut self, p: &Processed<'_>) {
        let (doc, recognizer) = (p.document, self.recognizer);
        let g = recognizer.gazetteer();
        let mut places: HashMap<usize, Vec<EntityId>> = HashMap::new();
        for m in p.mentions {
            if let Target::Known(e) = m.target {
                self.known_documents.entry(e).or_default().insert(p.index);
                if g.entity(e).kind == EntityType::Place && g.depth(e) > 0 {
                    places.entry(m.sentence).or_default().push(e);
                }
            }
        }
        // Rule names counted in each sentence, so jieba's word for the same name is not
        // counted again.
        let mut counted: HashSet<(&str, usize)> = HashSet::new();
        for m in p.mentions {
            let Target::Unlinked(u) = &m.target else {
                continue;
            };
            // Bare document types in 《》 (《意见》, 《通知》) name no particular plan.
            if u.kind == EntityType::Plan && u.name.chars().count() < 6 {
                continue;
            }
            let signal = Signal::of_rule(u.rule);
            add(
                &mut self.candidates,
                p,
                &places,
                &u.name,
                Some(u.kind),
                signal,
                m.sentence,
            );
            counted.insert((u.name.as_str(), m.sentence));
            if let Some(c) = self.candidates.get_mut(&u.name) {
                c.anchor = c.anchor.or(u.parent);
            }
        }
        for (i, sentence) in doc.sentences.iter().enumerate() {
            if sentence.repeated {
                continue;
            }
            let text = doc.sentence_text(i);
            for (word, tag) in recognizer.pos_tags(text).unwrap_or_default() {
                let (kind, signal) = match tag {
                    "ns" => (EntityType::Place, Signal::JiebaNs),
                    "nt" => (EntityType::Institution, Signal::JiebaNt),
                    _ => continue,
                };
                // jieba's dictionary tags many common words ns or nt (大中城市, 国际化): its
                // words propose a name only when they end like one (中华人民共和国政府), and
                // otherwise only add evidence to a name another signal found.
                if word.chars().count() < 2 || recognizer.knows(word) {
                    continue;
                }
                if counted.contains(&(word, i)) {
                    // The same name in the same sentence: evidence, not another mention.
                    if let Some(c) = self.candidates.get_mut(word) {
                        c.signals.insert(signal);
                    }
                } else if self.candidates.contains_key(word) || proper_head(word, recognizer) {
                    add(
                        &mut self.candidates,
                        p,
                        &places,
                        word,
                        Some(kind),
                        signal,
                        i,
                    );
                } else {
                    let pending = self.jieba_pending.entry(word.to_string()).or_default();
                    pending.0.get_or_insert(kind);
                    pending.1.insert(signal);
                }
            }
            for word in latin_names(text) {
                if !recognizer.knows(word) {
                    add(
                        &mut self.candidates,
                        p,
                        &places,
                        word,
                        None,
                        Signal::Latin,
                        i,
                    );
                }
            }
            if self.ngrams {
                self.finder.add(text, p.index, self.sentences.len());
                self.sentences.push(text.to_string());
            }
            if let Some(queue) = &mut self.model_queue {
                let start = doc.text[..sentence.range.start].chars().count();
                let covered = p
                    .mentions
                    .iter()
                    .filter(|m| m.sentence == i)
                    .map(|m| m.start - start..m.end - start)
                    .collect();
                queue.push(Queued {
                    doc: p.index,
                    text: text.to_string(),
                    places: places.get(&i).cloned().unwrap_or_default(),
                    covered,
                });
            }
        }
    }

    /// The learned model's words over the queued sentences (all cores): organisations and
    /// places (ORG, LOC) that recognition did not cover whole, that no gazetteer knows and that
    /// do not run across a name's edge. (Its other proper nouns, nz, were measured as
    /// proposals too: mostly currencies, indices and acronyms; see docs/model.md.)
    fn add_model_words(
        &mut self,
        model: &crate::model::Lac,
        queue: &[Queued],
        on_progress: &dyn Fn(usize, usize),
    ) {
        let texts: Vec<&str> = queue.iter().map(|q| q.text.as_str()).collect();
        // In slices, so the progress (sentences done) is reported from this thread.
        let mut tagged = Vec::with_capacity(texts.len());
        for slice in texts.chunks(4096) {
            tagged.extend(model.tag_all(slice));
            on_progress(tagged.len(), texts.len());
        }
        for (q, words) in queue.iter().zip(&tagged) {
            let chars: Vec<char> = q.text.chars().collect();
            for w in words {
                let kind = match w.label {
                    "ORG" => EntityType::Institution,
                    "LOC" => EntityType::Place,
                    _ => continue,
                };
                // The parts recognition's model layer would take (中证协 + 联合 + 中基协,
                // 湖北日报 + 讯, 西汉 + 海昏侯墓), in characters of the sentence.
                let whole: String = chars[w.start..w.end].iter().collect();
                for part in self.recognizer.model_parts(&whole) {
                    let start = w.start + whole[..part.start].chars().count();
                    let span = start..start + whole[part].chars().count();
                    if span.len() < 2
                        || q.covered
                            .iter()
                            .any(|c| c.start <= span.start && span.end <= c.end)
                    {
                        continue;
                    }
                    let name = crate::text::normalize(&chars[span].iter().collect::<String>());
                    if crate::recognise::crosses_a_name_edge(&name) || self.recognizer.knows(&name)
                    {
                        continue;
                    }
                    let c = self.candidates.entry(name).or_default();
                    c.kind = c.kind.or(Some(kind));
                    c.mentions += 1;
                    c.documents.insert(q.doc);
                    c.signals.insert(Signal::Model);
                    c.model_mentions += 1;
                    c.model_confidence += f64::from(w.confidence);
                    for &place in &q.places {
                        *c.places.entry(place).or_default() += 1;
                    }
                    if c.example.is_empty() {
                        c.example = q.text.clone();
                    }
                }
            }
        }
    }

    /// Cohesive n-grams that look like names: not known, not a common word, with a proper-name
    /// part (a word jieba tags as a name, or does not know).
    fn add_ngrams(&mut self, min_freq: usize) {
        let recognizer = self.recognizer;
        let options = newwords::Options {
            min_freq: min_freq.max(2) as u32,
            ..newwords::Options::default()
        };
        let found = self.finder.find(&options);
        let grams: HashSet<&str> = found.iter().map(|w| w.word.as_str()).collect();
        let common = |w: &str| {
            recognizer.is_dictionary_word(w)
                && recognizer
                    .pos_tags(w)
                    .unwrap_or_default()
                    .iter()
                    .all(|(_, t)| !is_proper_tag(t))
        };
        // A cohesive n-gram with a common word before or after it (控股 + 锦湖轮胎).
        let padded = |word: &str| {
            word.char_indices().skip(1).any(|(i, _)| {
                let (a, b) = word.split_at(i);
                (grams.contains(a) && common(b)) || (grams.contains(b) && common(a))
            })
        };
        let candidates = &self.candidates;
        // A known name or another candidate inside, with more around it, is a phrase (来自北京,
        // 撤销裕华路): names built on known ones are the rules' to find.
        let known_inside = |word: &str| {
            let chars: Vec<(usize, char)> = word.char_indices().collect();
            (0..chars.len()).any(|i| {
                (i + 2..=chars.len()).any(|j| {
                    let end = chars.get(j).map_or(word.len(), |c| c.0);
                    let part = &word[chars[i].0..end];
                    part.len() < word.len()
                        && (recognizer.knows(part) || candidates.contains_key(part))
                })
            })
        };
        let accepted: Vec<&newwords::NewWord> = found
            .iter()
            .filter(|w| {
                !(recognizer.knows(&w.word)
                    || recognizer.is_dictionary_word(&w.word)
                    || !looks_like_a_name(&w.word, recognizer)
                    || known_inside(&w.word)
                    || padded(&w.word))
            })
            .collect();
        let mut additions = Vec::new();
        for w in accepted {
            let tags = recognizer.pos_tags(&w.word).unwrap_or_default();
            let kind = suffix_kind(&w.word).or_else(|| {
                tags.iter()
                    .any(|(_, t)| *t == "ns")
                    .then_some(EntityType::Place)
            });
            additions.push((w, kind));
        }
        for (w, kind) in additions {
            let c = self.candidates.entry(w.word.clone()).or_default();
            c.signals.insert(Signal::Ngram);
            c.kind = c.kind.or(kind);
            // The n-gram count includes mentions the other signals counted already.
            c.mentions = c.mentions.max(w.freq as usize);
            c.documents.extend(w.documents.iter().copied());
            if c.example.is_empty() {
                c.example = self.sentences[w.first_sentence].clone();
            }
        }
    }
}
