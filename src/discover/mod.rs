//! Discovery: names the corpus uses that the gazetteers do not know, ranked for review.
//!
//! Three families of signals propose candidates, merged by name: rule matches (suffix names,
//! company and event names, 《》 titles), jieba's place and organisation words (ns, nt) and
//! cohesive character n-grams ([`crate::newwords`]), plus Latin-script names. A candidate that
//! is a short form of a known name is proposed as its alias; a short form of a longer candidate
//! is merged into it. [`collect`] reads the corpus, [`output`] writes the ranking as a table or
//! as gazetteer rows, [`gold`] measures it against annotations.

mod collect;
pub mod gold;
mod names;
pub mod output;

use crate::error::Result;
use crate::gazetteer::{EntityId, EntityType, Gazetteer};
use crate::recognise::lexicon::GENERIC_TAILS;
use crate::recognise::{Recognizer, Rule};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// What proposed or supported a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// A rule of the recogniser found it.
    Rule(Rule),
    /// jieba tags it a place (ns).
    JiebaNs,
    /// jieba tags it an organisation (nt), or a rule found it whole in jieba's dictionary.
    JiebaNt,
    /// A cohesive character n-gram.
    Ngram,
    /// A Latin-script name.
    Latin,
    /// The learned model labels it an organisation or place (`discover --model`).
    Model,
}

impl Signal {
    /// The signal a rule gives: its own, except that a name jieba's dictionary tags nt counts
    /// as jieba's evidence, whichever layer read it.
    pub fn of_rule(rule: Rule) -> Signal {
        match rule {
            Rule::JiebaNt => Signal::JiebaNt,
            Rule::Model => Signal::Model,
            rule => Signal::Rule(rule),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Signal::Rule(rule) => rule.as_str(),
            Signal::JiebaNs => "jieba-ns",
            Signal::JiebaNt => "jieba-nt",
            Signal::Ngram => "ngram",
            Signal::Latin => "latin",
            Signal::Model => "model",
        }
    }

    /// The family of a signal: the rules, jieba's tags, n-grams (Latin names among them), or
    /// the learned model.
    pub fn family(self) -> Family {
        match self {
            Signal::JiebaNs | Signal::JiebaNt => Family::Jieba,
            Signal::Ngram | Signal::Latin => Family::Ngram,
            Signal::Rule(_) => Family::Rule,
            Signal::Model => Family::Model,
        }
    }
}

/// Signals sort by name, as they are printed.
impl Ord for Signal {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Signal {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Independent sources of evidence: agreement between families raises a candidate's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Rule,
    Jieba,
    Ngram,
    Model,
}

/// What is known about one candidate.
#[derive(Debug, Clone, Default)]
pub struct Candidate {
    pub kind: Option<EntityType>,
    pub mentions: usize,
    pub documents: BTreeSet<usize>,
    pub signals: BTreeSet<Signal>,
    /// Known places sharing a sentence with it, and how often.
    pub places: HashMap<EntityId, usize>,
    /// The parent a rule built it on, if any.
    pub anchor: Option<EntityId>,
    pub example: String,
    /// Shorter candidates merged into this one (大兴机场 into 北京大兴国际机场).
    pub aliases: BTreeSet<String>,
    /// A known entity this may be another name of.
    pub alias_of: Option<EntityId>,
    /// The learned model's mentions of it and the sum of their confidences.
    pub model_mentions: usize,
    pub model_confidence: f64,
}

impl Candidate {
    /// Frequency, damped, times the spread over documents, times a bonus for each further
    /// family of signals (rules, jieba, n-grams, the model) that agrees, times the model's mean
    /// confidence in it where the model proposed it.
    pub fn score(&self) -> f64 {
        let families: BTreeSet<Family> = self.signals.iter().map(|s| s.family()).collect();
        // A rule's or the model's name has a type and a reason; a cohesive n-gram alone is
        // weaker evidence.
        let weight = if families.contains(&Family::Rule) || families.contains(&Family::Model) {
            1.0
        } else {
            0.35
        };
        // The model's names by how sure it was of them, on average: a byline (羊庆丹), a
        // dynasty's tomb (西汉海昏侯墓) or a crude benchmark (WTI) it labels only hesitantly.
        let sure = if self.model_mentions > 0 {
            self.model_confidence / self.model_mentions as f64
        } else {
            1.0
        };
        (self.mentions as f64).ln_1p()
            * (self.documents.len() as f64).ln_1p()
            * (1.0 + 0.5 * (families.len().saturating_sub(1)) as f64)
            * weight
            * sure
    }

    fn merge(&mut self, other: Candidate) {
        self.mentions += other.mentions;
        self.documents.extend(other.documents);
        self.signals.extend(other.signals);
        for (p, n) in other.places {
            *self.places.entry(p).or_default() += n;
        }
        self.kind = self.kind.or(other.kind);
        self.anchor = self.anchor.or(other.anchor);
        self.aliases.extend(other.aliases);
        self.alias_of = self.alias_of.or(other.alias_of);
        self.model_mentions += other.model_mentions;
        self.model_confidence += other.model_confidence;
    }

    /// The place it belongs to: the one a rule built it on, else the known place it shares
    /// sentences with most.
    pub fn parent(&self) -> Option<EntityId> {
        self.anchor.or_else(|| {
            self.places
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(p, _)| *p)
        })
    }

    /// The signals, by name, joined with `+`.
    pub fn signal_names(&self) -> String {
        let names: Vec<&str> = self.signals.iter().map(|s| s.as_str()).collect();
        names.join("+")
    }
}

/// What to read and what to propose.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Leave out candidates mentioned fewer times.
    pub min_freq: usize,
    /// Propose cohesive n-grams too.
    pub ngrams: bool,
    /// Read only these documents (by id or file name), when given.
    pub only_documents: Option<HashSet<String>>,
    /// Run the learned model over the corpus's sentences too.
    pub model: Option<std::sync::Arc<crate::model::Lac>>,
}

/// Every candidate of the corpus, best first (ties by name).
pub fn discover(
    inputs: &[PathBuf],
    recognizer: &Recognizer,
    options: &Options,
    on_error: &mut dyn FnMut(&crate::Error),
    on_progress: &dyn Fn(usize, usize),
) -> Result<Vec<(String, Candidate)>> {
    let collect::Collected {
        mut candidates,
        known_documents,
    } = collect::collect(inputs, recognizer, options, on_error, on_progress)?;
    candidates.retain(|_, c| c.mentions >= options.min_freq);
    merge_short_forms(&mut candidates);
    let g = recognizer.gazetteer();
    // Known names a candidate may be another form of, indexed by last character.
    let mut known_by_last: HashMap<char, Vec<(&str, EntityId)>> = HashMap::new();
    for (surface, entity, _) in g.surfaces() {
        if let Some(last) = surface.chars().last() {
            known_by_last
                .entry(last)
                .or_default()
                .push((surface, entity));
        }
    }
    for (name, c) in candidates.iter_mut() {
        c.alias_of = known_form(name, c.kind, g, &known_by_last, recognizer)
            .filter(|e| shares_documents(c, known_documents.get(e)));
    }
    let mut ranked: Vec<(String, Candidate)> = candidates.into_iter().collect();
    ranked.sort_by(|a, b| {
        b.1.score()
            .total_cmp(&a.1.score())
            .then_with(|| a.0.cmp(&b.0))
    });
    Ok(ranked)
}

/// Whether a candidate shares enough documents with a known entity to be another name of it:
/// at least one in ten of its documents name the entity too. A form that only looks like an
/// abbreviation names something else and goes where the entity is not (福特 is no 福事特, 海信
/// no 海兰信, 三峡 no 三门峡市, 中央银行 no 欧洲中央银行: over hexo-news-more, none of their
/// documents names the entity), while 保监会, 中国外交部 and 欧央行 share most or a third of
/// theirs with the commission, 外交部 and the ECB. Short forms written only where the full name
/// is not (联通, 移动, 人大) lose their link and are proposed as names of their own.
fn shares_documents(c: &Candidate, known: Option<&BTreeSet<usize>>) -> bool {
    let shared = known.map_or(0, |k| c.documents.intersection(k).count());
    shared > 0 && shared * 10 >= c.documents.len()
}

/// Whether `short` reads as an abbreviation of `long`: its characters in order, with the same
/// first and last character (大兴机场 of 北京大兴国际机场 does not start alike; 雄安新区 → 雄安区
/// does). Both at least two characters, `short` shorter.
fn abbreviates(short: &str, long: &str) -> bool {
    let (s, l): (Vec<char>, Vec<char>) = (short.chars().collect(), long.chars().collect());
    if s.len() < 2 || s.len() >= l.len() || s.last() != l.last() {
        return false;
    }
    // The short form's first character must be in the long one's first half (大兴 in 北京大兴).
    let Some(first) = l.iter().position(|c| *c == s[0]) else {
        return false;
    };
    if first * 2 > l.len() {
        return false;
    }
    let mut rest = l[first..].iter();
    s.iter().all(|c| rest.any(|x| x == c))
}

/// Merges each candidate that abbreviates a longer candidate of the same type into it, and
/// drops n-gram fragments of a longer candidate that occur (nearly) only inside it.
fn merge_short_forms(candidates: &mut BTreeMap<String, Candidate>) {
    let names: Vec<String> = candidates.keys().cloned().collect();
    let mut by_last: HashMap<char, Vec<&str>> = HashMap::new();
    for n in &names {
        if let Some(last) = n.chars().last() {
            by_last.entry(last).or_default().push(n);
        }
    }
    let mut into: Vec<(String, String)> = Vec::new();
    let mut fragments: Vec<String> = Vec::new();
    for short in &names {
        let c = &candidates[short];
        let only_ngram = c.signals.iter().all(|s| *s == Signal::Ngram);
        if only_ngram
            && names.iter().any(|long| {
                long.len() > short.len()
                    && long.contains(short.as_str())
                    && candidates[long].mentions * 5 >= c.mentions * 4
            })
        {
            fragments.push(short.clone());
            continue;
        }
        // Only a name no rule found is merged (a rule's 中信证券 is no short form of 中信建投证券),
        // into a more frequent candidate of the same type that starts alike (香港特区政府 into
        // 香港特别行政区政府; never 高级人民法院 into 上海市高级人民法院).
        if c.signals.iter().any(|s| s.family() == Family::Rule) {
            continue;
        }
        let last = short.chars().last().unwrap_or_default();
        let long = by_last
            .get(&last)
            .into_iter()
            .flatten()
            .filter(|long| {
                let l = &candidates[**long];
                abbreviates(short, long)
                    && long.chars().next() == short.chars().next()
                    && l.kind == c.kind
                    && c.kind.is_some()
                    && l.mentions > c.mentions
            })
            .max_by_key(|long| (long.len(), std::cmp::Reverse(**long)));
        if let Some(long) = long {
            into.push((short.clone(), long.to_string()));
        }
    }
    for f in fragments {
        candidates.remove(&f);
    }
    for (short, long) in into {
        // Chains (A into B into C) end where a merged candidate no longer exists.
        if !candidates.contains_key(&long) {
            continue;
        }
        if let Some(mut c) = candidates.remove(&short) {
            c.aliases.insert(short);
            let target = candidates.get_mut(&long).expect("checked above");
            target.merge(c);
        }
    }
}

/// A known entity `name` may be another form of: a short form of a known name of the same type
/// (大兴机场 of 北京大兴国际机场), or a known name with a generic ending (双星 + 集团).
fn known_form(
    name: &str,
    kind: Option<EntityType>,
    g: &Gazetteer,
    known_by_last: &HashMap<char, Vec<(&str, EntityId)>>,
    recognizer: &Recognizer,
) -> Option<EntityId> {
    for tail in GENERIC_TAILS.iter() {
        if let Some(head) = name.strip_suffix(tail) {
            if head.chars().count() >= 2 && recognizer.knows(head) {
                return g
                    .surfaces()
                    .find(|(s, e, _)| *s == head && g.entity(*e).kind == EntityType::Institution)
                    .map(|(_, e, _)| e);
            }
        }
    }
    let kind = kind?;
    let last = name.chars().last()?;
    known_by_last
        .get(&last)?
        .iter()
        .filter(|(surface, e)| g.entity(*e).kind == kind && abbreviates(name, surface))
        .min_by_key(|(surface, e)| (surface.len(), *e))
        .map(|(_, e)| *e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_needs_shared_documents() {
        let mut c = candidate(12, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], &[Signal::Model]);
        let known: BTreeSet<usize> = [11, 40, 41].into();
        // One of eleven documents is under one in ten.
        assert!(!shares_documents(&c, Some(&known)));
        c.documents.remove(&10);
        assert!(shares_documents(&c, Some(&known)));
        assert!(!shares_documents(&c, None));
        assert!(!shares_documents(&c, Some(&BTreeSet::new())));
    }

    #[test]
    fn abbreviations() {
        assert!(abbreviates("大兴机场", "北京大兴国际机场"));
        assert!(abbreviates("雄安区", "雄安新区"));
        assert!(
            !abbreviates("机场", "北京大兴国际机场"),
            "first character too late"
        );
        assert!(!abbreviates("北京机场", "北京"), "longer than the name");
        assert!(
            !abbreviates("大兴国际", "北京大兴国际机场"),
            "different ending"
        );
    }

    fn candidate(mentions: usize, documents: &[usize], signals: &[Signal]) -> Candidate {
        Candidate {
            kind: Some(EntityType::Institution),
            mentions,
            documents: documents.iter().copied().collect(),
            signals: signals.iter().copied().collect(),
            ..Candidate::default()
        }
    }

    /// A rule's evidence outranks the same counts from n-grams alone, and agreement between
    /// families raises the score; signals print by name.
    #[test]
    fn scores_reward_rules_and_agreement() {
        let rule = candidate(10, &[1, 2, 3], &[Signal::Rule(Rule::Name)]);
        let ngram = candidate(10, &[1, 2, 3], &[Signal::Ngram]);
        let both = candidate(
            10,
            &[1, 2, 3],
            &[Signal::Rule(Rule::Name), Signal::Ngram, Signal::JiebaNt],
        );
        assert!(rule.score() > ngram.score());
        assert!((both.score() - rule.score() * 2.0).abs() < 1e-9);
        assert_eq!(both.signal_names(), "jieba-nt+name+ngram");
        assert_eq!(Signal::of_rule(Rule::JiebaNt), Signal::JiebaNt);
        assert_eq!(Signal::JiebaNt.family(), Family::Jieba);
    }

    /// The model's names weigh by its mean confidence in them, kept through merges.
    #[test]
    fn the_models_doubt_lowers_its_names() {
        let model = |sum: f64| Candidate {
            model_mentions: 4,
            model_confidence: sum,
            ..candidate(4, &[1, 2], &[Signal::Model])
        };
        let (sure, unsure) = (model(3.6), model(1.6));
        assert!((unsure.score() / sure.score() - 0.4 / 0.9).abs() < 1e-9);
        let mut merged = sure.clone();
        merged.merge(unsure);
        assert_eq!(merged.model_mentions, 8);
        assert!((merged.model_confidence - 5.2).abs() < 1e-9);
        // Without the model, nothing changes.
        let rule = candidate(4, &[1, 2], &[Signal::Rule(Rule::Name)]);
        assert!(rule.score() > sure.score());
    }

    /// A name no rule found merges into a more frequent candidate it abbreviates; an n-gram
    /// that only occurs inside a longer candidate is dropped.
    #[test]
    fn short_forms_merge_into_their_names() {
        let mut candidates = BTreeMap::new();
        candidates.insert(
            "香港特别行政区政府".to_string(),
            candidate(10, &[1, 2], &[Signal::Rule(Rule::Suffix)]),
        );
        candidates.insert(
            "香港特区政府".to_string(),
            candidate(4, &[3], &[Signal::JiebaNt]),
        );
        candidates.insert(
            "特别行政区".to_string(),
            candidate(9, &[1], &[Signal::Ngram]),
        );
        merge_short_forms(&mut candidates);
        let names: Vec<&str> = candidates.keys().map(String::as_str).collect();
        assert_eq!(names, ["香港特别行政区政府"]);
        let merged = &candidates["香港特别行政区政府"];
        assert_eq!(merged.mentions, 14);
        assert!(merged.aliases.contains("香港特区政府"));
    }
}
