//! `discover`: names the corpus uses that the gazetteers do not know, ranked for review.
//!
//! Three signals propose candidates, merged by name: rule matches (suffix names, company and
//! event names, 《》 titles), jieba's place and organisation words (ns, nt) and cohesive
//! character n-grams ([`regionkg::newwords`]). A candidate that is a short form of a known name
//! is proposed as its alias; a short form of a longer candidate is merged into it.

use super::{gazetteer_options, report_error, status, write_to};
use crate::cli::{DiscoverArgs, DiscoverFormat};
use anyhow::{Context, Result};
use regionkg::eval::read_gold;
use regionkg::gazetteer::{tsv, EntityId, EntityType, Gazetteer};
use regionkg::newwords::{self, Finder};
use regionkg::pipeline::{self, Processed};
use regionkg::recognise::{
    is_proper_tag, name_suffix, suffix_kind, Recognizer, RecognizerOptions, Target,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::process::ExitCode;

/// What is known about one candidate.
#[derive(Default)]
struct Candidate {
    kind: Option<EntityType>,
    mentions: usize,
    documents: BTreeSet<usize>,
    signals: BTreeSet<&'static str>,
    /// Known places sharing a sentence with it, and how often.
    places: HashMap<EntityId, usize>,
    /// The parent a rule built it on, if any.
    anchor: Option<EntityId>,
    example: String,
    /// Shorter candidates merged into this one (大兴机场 into 北京大兴国际机场).
    aliases: BTreeSet<String>,
    /// A known entity this may be another name of.
    alias_of: Option<EntityId>,
}

impl Candidate {
    /// Frequency, damped, times the spread over documents, times a bonus for each further
    /// family of signals (rules, jieba, n-grams) that agrees.
    fn score(&self) -> f64 {
        let families: BTreeSet<&str> = self.signals.iter().map(|s| family(s)).collect();
        // A rule's name has a type and a reason; a cohesive n-gram alone is weaker evidence.
        let weight = if families.contains("rule") { 1.0 } else { 0.35 };
        (self.mentions as f64).ln_1p()
            * (self.documents.len() as f64).ln_1p()
            * (1.0 + 0.5 * (families.len().saturating_sub(1)) as f64)
            * weight
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
    }
}

/// The family of a signal: the rules' names, jieba's tags, or n-grams.
fn family(signal: &str) -> &str {
    match signal {
        "jieba-ns" | "jieba-nt" => "jieba",
        "ngram" | "latin" => "ngram",
        _ => "rule",
    }
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

/// Generic endings a known name may be written with (双星 → 双星集团).
const GENERIC_TAILS: &[&str] = &["集团", "公司", "有限公司", "股份", "控股", "集团公司"];

pub fn discover(args: DiscoverArgs) -> Result<ExitCode> {
    let gazetteer = Gazetteer::load(&gazetteer_options(&args.gazetteer))
        .context("cannot load the gazetteers")?;
    let recognizer = Recognizer::with_options(gazetteer, RecognizerOptions::default())?;
    let g = recognizer.gazetteer();
    let gold = match &args.gold {
        Some(path) => Some(read_gold(path)?),
        None => None,
    };
    let gold_docs: Option<HashSet<String>> = gold
        .as_ref()
        .map(|gold| gold.iter().map(|a| a.doc.clone()).collect());
    let mut candidates: BTreeMap<String, Candidate> = BTreeMap::new();
    // jieba words waiting for another signal to find the same name: kind and signals.
    let mut jieba_pending: HashMap<String, (Option<EntityType>, BTreeSet<&'static str>)> =
        HashMap::new();
    let mut jieba_words: Vec<(String, EntityType, &'static str, usize)> = Vec::new();
    let mut finder = Finder::new();
    let mut sentences: Vec<String> = Vec::new();
    let mut skipped = 0;
    let mut consume = |p: Processed<'_>| -> regionkg::Result<()> {
        let doc = p.document;
        if let Some(docs) = gold_docs.as_ref().filter(|_| !args.gold_whole_corpus) {
            let file_name = doc
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            if !docs.contains(&doc.id) && !file_name.is_some_and(|n| docs.contains(&n)) {
                return Ok(());
            }
        }
        let mut places_by_sentence: HashMap<usize, Vec<EntityId>> = HashMap::new();
        // Rule names counted in each sentence, so jieba's word for the same name is not
        // counted again.
        let mut counted: HashSet<(&str, usize)> = HashSet::new();
        for m in p.mentions {
            if let Target::Known(e) = m.target {
                if g.entity(e).kind == EntityType::Place && g.depth(e) > 0 {
                    places_by_sentence.entry(m.sentence).or_default().push(e);
                }
            }
        }
        let add = |candidates: &mut BTreeMap<String, Candidate>,
                   name: &str,
                   kind: Option<EntityType>,
                   signal: &'static str,
                   s: usize| {
            let c = candidates.entry(name.to_string()).or_default();
            c.kind = c.kind.or(kind);
            c.mentions += 1;
            c.documents.insert(p.index);
            c.signals.insert(signal);
            for &place in places_by_sentence.get(&s).into_iter().flatten() {
                *c.places.entry(place).or_default() += 1;
            }
            if c.example.is_empty() {
                c.example = doc.sentence_text(s).to_string();
            }
        };
        for m in p.mentions {
            let Target::Unlinked(u) = &m.target else {
                continue;
            };
            // Bare document types in 《》 (《意见》, 《通知》) name no particular plan.
            if u.kind == EntityType::Plan && u.name.chars().count() < 6 {
                continue;
            }
            add(&mut candidates, &u.name, Some(u.kind), u.rule, m.sentence);
            counted.insert((u.name.as_str(), m.sentence));
            if let Some(c) = candidates.get_mut(&u.name) {
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
                    "ns" => (EntityType::Place, "jieba-ns"),
                    "nt" => (EntityType::Institution, "jieba-nt"),
                    _ => continue,
                };
                // jieba's dictionary tags many common words ns or nt (大中城市, 国际化): its
                // words propose a name only when they end like one (中华人民共和国政府), and
                // otherwise only add evidence to a name another signal found.
                if word.chars().count() >= 2 && !recognizer.knows(word) {
                    jieba_words.push((word.to_string(), kind, signal, i));
                }
            }
            for (word, kind, signal, i) in jieba_words.drain(..) {
                if counted.contains(&(word.as_str(), i)) {
                    // The same name in the same sentence: evidence, not another mention.
                    if let Some(c) = candidates.get_mut(&word) {
                        c.signals.insert(signal);
                    }
                } else if candidates.contains_key(&word) || proper_head(&word, &recognizer) {
                    add(&mut candidates, &word, Some(kind), signal, i);
                } else {
                    let pending = jieba_pending.entry(word).or_default();
                    pending.0.get_or_insert(kind);
                    pending.1.insert(signal);
                }
            }
            for word in latin_names(text) {
                if !recognizer.knows(word) {
                    add(&mut candidates, word, None, "latin", i);
                }
            }
            if !args.no_ngrams {
                finder.add(text, p.index, sentences.len());
                sentences.push(text.to_string());
            }
        }
        Ok(())
    };
    pipeline::process(
        &args.inputs,
        &recognizer,
        &mut report_error(&mut skipped),
        &|_, _| {},
        &mut consume,
    )?;

    // Cohesive n-grams that look like names: not known, not a common word, with a proper-name
    // part (a word jieba tags as a name, or does not know).
    if !args.no_ngrams {
        let options = newwords::Options {
            min_freq: args.min_freq.max(2) as u32,
            ..newwords::Options::default()
        };
        let found = finder.find(&options);
        let gram_names: Vec<String> = found.iter().map(|w| w.word.clone()).collect();
        let grams: HashSet<&str> = gram_names.iter().map(String::as_str).collect();
        // A cohesive n-gram with a common word before or after it (控股 + 锦湖轮胎).
        let padded = |word: &str| {
            word.char_indices().skip(1).any(|(i, _)| {
                let (a, b) = word.split_at(i);
                let common = |w: &str| {
                    recognizer.is_dictionary_word(w)
                        && recognizer
                            .pos_tags(w)
                            .unwrap_or_default()
                            .iter()
                            .all(|(_, t)| !is_proper_tag(t))
                };
                (grams.contains(a) && common(b)) || (grams.contains(b) && common(a))
            })
        };
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
        let accepted: Vec<_> = found
            .into_iter()
            .filter(|w| {
                !(recognizer.knows(&w.word)
                || recognizer.is_dictionary_word(&w.word)
                || !looks_like_a_name(&w.word, &recognizer)
                // A known name or another candidate inside, with more around it, is a phrase
                // (来自北京, 撤销裕华路): names built on known ones are the rules' to find.
                || known_inside(&w.word)
                || padded(&w.word))
            })
            .collect();
        for w in accepted {
            let tags = recognizer.pos_tags(&w.word).unwrap_or_default();
            let kind = suffix_kind(&w.word).or_else(|| {
                tags.iter()
                    .any(|(_, t)| *t == "ns")
                    .then_some(EntityType::Place)
            });
            let c = candidates.entry(w.word.clone()).or_default();
            c.signals.insert("ngram");
            c.kind = c.kind.or(kind);
            // The n-gram count includes mentions the other signals counted already.
            c.mentions = c.mentions.max(w.freq as usize);
            c.documents.extend(w.documents.iter().copied());
            if c.example.is_empty() {
                c.example = sentences[w.first_sentence].clone();
            }
        }
    }

    // jieba's evidence for names the other signals found.
    for (word, (kind, signals)) in jieba_pending {
        if let Some(c) = candidates.get_mut(&word) {
            c.kind = c.kind.or(kind);
            c.signals.extend(signals);
        }
    }
    candidates.retain(|_, c| c.mentions >= args.min_freq);
    merge_short_forms(&mut candidates);
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
        c.alias_of = known_form(name, c.kind, g, &known_by_last, &recognizer);
    }
    let mut ranked: Vec<(&String, &Candidate)> = candidates.iter().collect();
    ranked.sort_by(|a, b| {
        b.1.score()
            .total_cmp(&a.1.score())
            .then_with(|| a.0.cmp(b.0))
    });
    if let Some(gold) = &gold {
        report_gold(gold, &ranked, &recognizer);
    }
    ranked.truncate(args.top);
    let parent_of = |c: &Candidate| -> Option<EntityId> {
        c.anchor.or_else(|| {
            c.places
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(p, _)| *p)
        })
    };
    let signals = |c: &Candidate| c.signals.iter().copied().collect::<Vec<_>>().join("+");
    write_to(None, |out| {
        match args.format {
            DiscoverFormat::Table => {
                let rows: Vec<Vec<String>> = ranked
                    .iter()
                    .map(|(name, c)| {
                        vec![
                            name.to_string(),
                            c.kind.map_or("", |k| k.as_str()).to_string(),
                            c.mentions.to_string(),
                            c.documents.len().to_string(),
                            format!("{:.2}", c.score()),
                            signals(c),
                            parent_of(c).map_or(String::new(), |p| g.entity(p).name.clone()),
                            c.alias_of
                                .map_or(String::new(), |e| g.entity(e).name.clone()),
                            c.aliases.iter().cloned().collect::<Vec<_>>().join("|"),
                            c.example.chars().take(40).collect(),
                        ]
                    })
                    .collect();
                regionkg::output::write_table(
                    &[
                        "name",
                        "type",
                        "mentions",
                        "documents",
                        "score",
                        "signals",
                        "parent",
                        "alias of",
                        "short forms",
                        "example",
                    ]
                    .map(String::from),
                    &rows,
                    out,
                )?;
            }
            DiscoverFormat::Tsv => {
                writeln!(out, "# Candidates found by regionkg discover: delete the wrong rows, then load with --gazetteers.")?;
                writeln!(
                    out,
                    "# A row with a known id adds its name as an alias of that entity."
                )?;
                writeln!(out, "{}", tsv::COLUMNS.join("\t"))?;
                for (name, c) in &ranked {
                    let example: String = c
                        .example
                        .replace(['\t', '\n', '\r'], " ")
                        .chars()
                        .take(60)
                        .collect();
                    writeln!(
                        out,
                        "# mentions {} in {} documents; score {:.2}; {}; e.g. {}",
                        c.mentions,
                        c.documents.len(),
                        c.score(),
                        signals(c),
                        example
                    )?;
                    let entity = match c.alias_of {
                        Some(known) => {
                            let k = g.entity(known);
                            let mut e = tsv::new_entity(
                                &k.id,
                                &k.name,
                                k.kind,
                                std::path::PathBuf::new(),
                                0,
                            );
                            e.aliases.push(name.to_string());
                            e.aliases.extend(c.aliases.iter().cloned());
                            e
                        }
                        None => {
                            let mut e = tsv::new_entity(
                                name,
                                name,
                                c.kind.unwrap_or(EntityType::Institution),
                                std::path::PathBuf::new(),
                                0,
                            );
                            e.parent = parent_of(c).map(|p| g.entity(p).id.clone());
                            e.aliases.extend(c.aliases.iter().cloned());
                            e
                        }
                    };
                    writeln!(out, "{}", tsv::entity_row(&entity))?;
                }
            }
        }
        Ok(())
    })?;
    Ok(status(skipped))
}

/// Latin-script words inside Chinese text, which are mostly names (IBM, Netflix, C919): runs
/// of letters, digits and . & - that start with a letter, hold two letters or more and stand
/// beside Chinese characters or punctuation, less common abbreviations that name no one (GDP,
/// IPO, CEO).
fn latin_names(text: &str) -> Vec<&str> {
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

/// Abbreviations of terms, units and roles rather than of names.
const COMMON_ABBREVIATIONS: &[&str] = &[
    "GDP", "GNP", "CPI", "PPI", "PMI", "IPO", "CEO", "CFO", "CTO", "COO", "AI", "IT", "APP", "VR",
    "AR", "PPP", "ETF", "EPS", "PE", "PB", "ROE", "GW", "MW", "KW", "KM", "TV", "PC", "ID", "OK",
    "ST", "VS", "PM", "AM", "USB", "WIFI", "LED", "LNG", "SUV", "MPV", "IOT", "ICT", "VC", "LP",
    "GP", "PPT", "PDF", "UP", "DNA", "RNA", "CT", "MRI", "QQ", "TOP", "NO", "SH", "SZ", "HK", "US",
    "IP", "PM2.5", "PM10", "OLED", "LCD", "CBD", "KPI", "B2B", "B2C", "O2O", "P2P", "BAT", "TMT",
];

/// Whether a jieba word proposes a name on its own: five characters or more, ending in a
/// known suffix, with a proper-name word before the suffix (中华人民共和国 + 政府, not the generic
/// 高级人民 + 法院 or 商业 + 银行).
fn proper_head(word: &str, recognizer: &Recognizer) -> bool {
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
fn looks_like_a_name(word: &str, recognizer: &Recognizer) -> bool {
    let tags = recognizer.pos_tags(word).unwrap_or_default();
    // Persons are out of scope: a common surname and one or two characters (王忠林).
    let chars: Vec<char> = word.chars().collect();
    if chars.len() <= 3 && SURNAMES.contains(chars[0]) {
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

/// The hundred commonest Chinese surnames (by the 2020 census ranking).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

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
        let only_ngram = c.signals.iter().all(|s| *s == "ngram");
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
        if c.signals.iter().any(|s| family(s) == "rule") {
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
    for tail in GENERIC_TAILS {
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

/// Recall@200 of the gold entities no gazetteer knows, and precision@50 of the candidates (a
/// candidate is right when it or one of its short forms is a gold surface), on stderr.
fn report_gold(
    gold: &[regionkg::eval::Annotation],
    ranked: &[(&String, &Candidate)],
    recognizer: &Recognizer,
) {
    // Candidates are NFKC-normalised names (（ → (); the gold surfaces are compared the same way.
    let normal = |s: &str| -> String { regionkg::text::normalize(s) };
    let mut entities: BTreeMap<(&str, &str), BTreeSet<String>> = BTreeMap::new();
    for a in gold {
        entities
            .entry((a.doc.as_str(), a.entity.as_str()))
            .or_default()
            .insert(normal(&a.surface));
    }
    let unknown: Vec<&BTreeSet<String>> = entities
        .values()
        .filter(|surfaces| !surfaces.iter().any(|s| recognizer.knows(s)))
        .collect();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let names_of = |c: &(&String, &Candidate)| -> Vec<String> {
        std::iter::once(c.0.clone())
            .chain(c.1.aliases.iter().cloned())
            .collect()
    };
    let all: HashSet<String> = ranked.iter().flat_map(names_of).collect();
    let top: HashSet<String> = ranked.iter().take(200).flat_map(names_of).collect();
    let ceiling = unknown
        .iter()
        .filter(|surfaces| surfaces.iter().any(|s| all.contains(s)))
        .count();
    let found = unknown
        .iter()
        .filter(|surfaces| surfaces.iter().any(|s| top.contains(s)))
        .count();
    eprintln!(
        "recall over all {} candidates {:.3} ({ceiling})",
        ranked.len(),
        ratio(ceiling, unknown.len())
    );
    let surfaces: HashSet<String> = gold.iter().map(|a| normal(&a.surface)).collect();
    let head = ranked.len().min(50);
    let right = ranked
        .iter()
        .take(50)
        .filter(|c| names_of(c).iter().any(|n| surfaces.contains(n)))
        .count();
    eprintln!(
        "gold: {} entities in {} documents, {} with no known surface; {} candidates",
        entities.len(),
        entities.keys().map(|k| k.0).collect::<HashSet<_>>().len(),
        unknown.len(),
        ranked.len()
    );
    eprintln!(
        "recall@200 {:.3} ({found} of {} unknown gold entities among the top 200)",
        ratio(found, unknown.len()),
        unknown.len()
    );
    eprintln!(
        "precision@50 {:.3} ({right} of the top {head} are gold surfaces)",
        ratio(right, head)
    );
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
}
