//! Recognition: finds gazetteer names in a document's text and resolves each to one entity.
//!
//! One automaton holds every name and alias (NFKC-normalised) and matches leftmost-longest, so
//! 北京市发改委 beats 北京市 beats 北京. Context aliases (副中心, 资源 for 资源县) are matched by a
//! second automaton where no name of the first overlaps them, and count only in a document that
//! names the entity or its parent (for other than places, also its grandparent) unambiguously
//! by another surface; elsewhere such a match is dropped. A surface shared by several entities
//! (通州: Beijing's or Nantong's) goes to the candidate named unambiguously elsewhere in the
//! document (or an ancestor
//! of something named: 北京城市副中心 puts 通州区 in context), else to the one whose ancestor is,
//! else to the prior: official names before aliases before context aliases, higher levels before
//! lower ones, earlier gazetteer rows first. Each mention records which of these decided it.

mod boundary;
mod rules;
pub use rules::{in_person_name, is_proper_tag, name_suffix, suffix_kind};

use crate::corpus::Document;
use crate::error::{Error, Result};
use crate::gazetteer::{EntityId, EntityType, Gazetteer, SurfaceKind};
use crate::text::{CharCounter, CharFilter, Normalized};
use boundary::{BoundaryChecker, MAX_CHECKED_CHARS};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use rules::{Anchor, Known, Rules};
use rustc_hash::{FxHashMap, FxHashSet};

/// How a mention's entity was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// The surface names one entity only.
    Unique,
    /// Several entities share the surface; an ancestor of this one is mentioned in the document.
    Context,
    /// Several entities share the surface; one lies in the region of the post's channel
    /// (`_江苏频道`).
    Channel,
    /// Several entities share the surface; one lies in the province the document names most.
    Dominant,
    /// Several entities share the surface and the document does not decide; the prior did.
    Prior,
    /// A context alias, accepted because the document names the entity or its parent.
    Scope,
    /// A name no gazetteer lists, found by a rule.
    Rule,
}

impl Resolution {
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Unique => "unique",
            Resolution::Context => "context",
            Resolution::Channel => "channel",
            Resolution::Dominant => "dominant",
            Resolution::Prior => "prior",
            Resolution::Scope => "scope",
            Resolution::Rule => "rule",
        }
    }
}

/// What a mention refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A gazetteer entity.
    Known(EntityId),
    /// A name no gazetteer lists (found by a rule): the same normalised name is the same entity
    /// across documents.
    Unlinked(Unlinked),
}

/// An entity found by a rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unlinked {
    pub kind: EntityType,
    /// The name, NFKC-normalised.
    pub name: String,
    /// Which rule found it (`suffix`, `name`, `title`, `numbered`, `abbreviations`, `jieba-nt`,
    /// `jieba-word`, `section`: see docs/vocabulary.md).
    pub rule: &'static str,
    /// The known place the name is built on (河北省 for 河北省交通运输厅), if any.
    pub parent: Option<EntityId>,
    /// The places a composite made of abbreviations stands for (日韩 → 日本, 韩国).
    pub members: Vec<EntityId>,
}

impl Target {
    /// The gazetteer entity, if the target is one.
    pub fn known(&self) -> Option<EntityId> {
        match self {
            Target::Known(e) => Some(*e),
            Target::Unlinked(_) => None,
        }
    }
}

/// One recognised mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the sentence in [`Document::sentences`].
    pub sentence: usize,
    /// Character offsets into [`Document::text`], end exclusive.
    pub start: usize,
    pub end: usize,
    /// The surface as written in the document.
    pub text: String,
    pub target: Target,
    pub resolution: Resolution,
    /// The other entities the surface could have meant (empty when it names one entity).
    pub alternatives: Vec<EntityId>,
}

/// Legal forms that may follow a company's name and still name it (longest first).
const COMPANY_FORMS: &[&str] = &[
    "集团股份有限公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
];

/// Verbs of going, staying and relating that take a one-character abbreviation as their
/// object (访华, 来华, 进京, 驻华, 援藏, 侵华, 对华, 反日), and 在 (在京, 在华).
const ABBREVIATION_VERBS: &str = "访来抵离进赴驻援侵旅返留回反抗排亲仇对在";

/// Nouns for a country's side, forces and offices that follow its one-character abbreviation
/// (中方, 美军, 俄政府, 日首相): the abbreviation is a mention of the country.
const COUNTRY_HEADS: &[&str] = &[
    "方",
    "军",
    "政府",
    "总统",
    "总理",
    "首相",
    "外长",
    "防长",
    "外交部",
    "国防部",
    "官员",
    "领导人",
];

/// Words after a run of two abbreviations that make it a pair of countries even where jieba
/// knows the run as a common word (中日 t in 中日两国, 印巴 in 印巴双方).
const PAIR_HEADS: &[&str] = &["两国", "双方", "两党"];

/// What a match the boundary check rejected heads in jieba's dictionary.
enum Headed {
    /// An organisation name (美国财政部): where it ends, and the rule that found it.
    Organisation(usize, &'static str),
    /// A place with a bare kind after it that is no name (中国政府): the place stands.
    Place,
    /// A country heading a compound noun (中国 + 国情, 中国 + 台湾): the place stands, and so
    /// does a known name that is the rest of the compound, which ends here.
    Compound(usize),
    /// Nothing the match can stand for.
    Nothing,
}

/// A raw automaton match: start, end (bytes of the normalised text) and pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct RawMatch(usize, usize, u32);

impl RawMatch {
    fn start(&self) -> usize {
        self.0
    }
    fn end(&self) -> usize {
        self.1
    }
    fn value(&self) -> u32 {
        self.2
    }
}

/// A gazetteer compiled into a matcher. Cheap to share between threads.
pub struct Recognizer {
    gazetteer: Gazetteer,
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    /// The surfaces that are only context aliases (资源, 副中心), matched apart: in the main
    /// automaton a context alias out of scope would still take its place in the leftmost-longest
    /// match and hide a real name it overlaps.
    scoped_automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    /// Candidate entities of each pattern, in prior order.
    candidates: Vec<Vec<Candidate>>,
    /// Normalised surface → pattern, for falling back to a shorter name.
    index: FxHashMap<String, u32>,
    boundary: Option<BoundaryChecker>,
    rules: Option<Rules>,
    /// One-character abbreviations (京 → 北京市, 美 → 美国) and their entities, sorted by
    /// character: runs of them are composites (京冀, 中美, 日韩).
    abbreviations: Vec<(char, EntityId)>,
    /// The abbreviation characters, so the scan of every character rejects the others without a
    /// search.
    abbreviation_filter: CharFilter,
    statistical: bool,
    boundary_check: bool,
}

impl Recognizer {
    /// The options the recogniser was built with.
    pub fn options(&self) -> RecognizerOptions {
        RecognizerOptions {
            boundary_check: self.boundary_check,
            rules: self.rules.is_some(),
            statistical: self.statistical,
        }
    }
}

impl RecognizerOptions {
    /// A stable description, recorded in stores (`boundary=true,rules=true,statistical=false`).
    pub fn describe(&self) -> String {
        format!(
            "boundary={},rules={},statistical={}",
            self.boundary_check, self.rules, self.statistical
        )
    }
}

/// Options of a [`Recognizer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecognizerOptions {
    /// Reject short matches (up to three characters) that cut through a word by jieba's
    /// segmentation, falling back to a shorter name at the same place (上海 in 上海市场).
    pub boundary_check: bool,
    /// Find names no gazetteer lists: titles in 《》 and names ending in a zone, project or
    /// institution suffix built on a known place (河北省交通运输厅).
    pub rules: bool,
    /// Statistical layer: words jieba tags as organisation names (nt) that no other layer found
    /// become unlinked institutions. Segments every sentence, so it is slower. (Place names
    /// (ns) were measured too and only added noise: see docs/evaluation.md.)
    pub statistical: bool,
}

impl Default for RecognizerOptions {
    fn default() -> Self {
        RecognizerOptions {
            boundary_check: true,
            rules: true,
            statistical: false,
        }
    }
}

/// A mention before its offsets become character offsets: sentence, byte range, target,
/// resolution, alternatives.
type Found = (
    usize,
    std::ops::Range<usize>,
    Target,
    Resolution,
    Vec<EntityId>,
);

/// What a document says about where it is: the entities it names unambiguously (with their
/// ancestors), the region of its channel, and the province it names most.
struct Context {
    named: FxHashSet<EntityId>,
    channel: Option<EntityId>,
    dominant: Option<EntityId>,
}

/// One entity a surface may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate {
    entity: EntityId,
    /// Only valid in the scope of the entity (a context alias).
    scoped: bool,
}

impl Recognizer {
    /// A recogniser with the default options.
    pub fn new(gazetteer: Gazetteer) -> Result<Recognizer> {
        Recognizer::with_options(gazetteer, RecognizerOptions::default())
    }

    pub fn with_options(gazetteer: Gazetteer, options: RecognizerOptions) -> Result<Recognizer> {
        // Patterns in first-seen order (deterministic without sorting), each with its slot.
        let mut index: FxHashMap<String, u32> = FxHashMap::default();
        let mut patterns: Vec<(String, u32)> = Vec::new();
        let mut entries: Vec<Vec<(SurfaceKind, u32, EntityId)>> = Vec::new();
        for (surface, entity, kind) in gazetteer.surfaces() {
            let normal = crate::text::normalize(surface);
            if normal.trim().is_empty() {
                continue;
            }
            let slot = match index.get(&normal) {
                Some(&slot) => slot,
                None => {
                    let slot = entries.len() as u32;
                    entries.push(Vec::new());
                    index.insert(normal.clone(), slot);
                    patterns.push((normal, slot));
                    slot
                }
            };
            let list = &mut entries[slot as usize];
            match list.iter_mut().find(|(_, _, e)| *e == entity) {
                Some(existing) => existing.0 = existing.0.min(kind),
                None => list.push((kind, gazetteer.depth(entity), entity)),
            }
        }
        let candidates: Vec<Vec<Candidate>> = entries
            .into_iter()
            .map(|mut list| {
                list.sort();
                list.into_iter()
                    .map(|(kind, _, entity)| Candidate {
                        entity,
                        scoped: kind == SurfaceKind::ContextAlias,
                    })
                    .collect()
            })
            .collect();
        if patterns.is_empty() {
            return Err(Error::Invalid("the gazetteers hold no names".into()));
        }
        // The first entity of each abbreviation (a character may abbreviate several).
        let mut abbreviations: Vec<(char, EntityId)> = Vec::new();
        for (a, e) in gazetteer.abbreviations() {
            let mut chars = a.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if !abbreviations.iter().any(|&(x, _)| x == c) {
                    abbreviations.push((c, *e));
                }
            }
        }
        abbreviations.sort_unstable();
        let abbreviation_filter = CharFilter::new(abbreviations.iter().map(|&(c, _)| c));
        // Context aliases are matched by an automaton of their own (see `raw_matches`), and
        // not added to jieba's dictionary: they are ordinary words outside their scope, and
        // tens of thousands of them (towns' short forms) would change how jieba segments
        // everything else.
        let (scoped_patterns, main_patterns): (Vec<_>, Vec<_>) = patterns
            .into_iter()
            .partition(|(_, slot)| candidates[*slot as usize].iter().all(|c| c.scoped));
        let build = |patterns: &[(String, u32)]| {
            CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build_with_values(patterns.iter().map(|(p, v)| (p.as_str(), *v)))
                .map_err(|e| Error::Invalid(format!("cannot build the name automaton: {e}")))
        };
        // jieba's dictionary and the automata are built side by side: together they are most
        // of the start-up every command pays.
        let (boundary, automata) = rayon::join(
            || {
                (options.boundary_check || options.statistical)
                    .then(|| BoundaryChecker::new(main_patterns.iter().map(|(p, _)| p.as_str())))
            },
            || -> Result<_> {
                let scoped = match scoped_patterns.is_empty() {
                    true => None,
                    false => Some(build(&scoped_patterns)?),
                };
                Ok((build(&main_patterns)?, scoped))
            },
        );
        let (automaton, scoped_automaton) = automata?;
        Ok(Recognizer {
            gazetteer,
            automaton,
            scoped_automaton,
            candidates,
            index,
            boundary,
            rules: options.rules.then(Rules::new),
            abbreviations,
            abbreviation_filter,
            statistical: options.statistical,
            boundary_check: options.boundary_check,
        })
    }

    /// Applies the boundary check to a raw match on the normalised text: the match itself, or
    /// the longest shorter name at the same start that passes, or nothing.
    fn checked(&self, text: &str, start: usize, end: usize, pattern: u32) -> Option<(usize, u32)> {
        let Some(checker) = self.boundary.as_ref().filter(|_| self.boundary_check) else {
            return Some((end, pattern));
        };
        let surface = &text[start..end];
        if surface.chars().nth(MAX_CHECKED_CHARS).is_some()
            || checker.on_boundaries(text, start, end)
        {
            return Some((end, pattern));
        }
        let mut ends: Vec<usize> = surface
            .char_indices()
            .skip(1)
            .map(|(i, _)| start + i)
            .collect();
        ends.reverse();
        ends.into_iter().find_map(|e| {
            let p = *self.index.get(&text[start..e])?;
            checker.on_boundaries(text, start, e).then_some((e, p))
        })
    }

    /// For a match the boundary check rejected: the end of the organisation name it heads in
    /// jieba's dictionary (美国 + 财政部, 中国 + 队, 欧盟 + 委员会), when the match can anchor a
    /// name (a place, a country or an institution) and rules are on. Without this both the place and the organisation were lost.
    fn organisation_headed(&self, text: &str, start: usize, end: usize, p: u32) -> Headed {
        let Some(checker) = self.boundary.as_ref().filter(|_| self.boundary_check) else {
            return Headed::Nothing;
        };
        let anchor = self.anchor_kind(p);
        if self.rules.is_none() || anchor == Anchor::No {
            return Headed::Nothing;
        }
        let Some((org_end, nt)) = checker.word_from(text, start, end) else {
            return Headed::Nothing;
        };
        // A word jieba does not tag as an organisation is one when it ends in an institution's
        // suffix the match may anchor (智利队 n, 突尼斯队 nz: a country and a team).
        let rest = &text[end..org_end];
        if !nt && !rules::institution_rest(anchor, rest) {
            // A country heading a compound noun is its modifier, and a mention of it, as
            // People's Daily tags it (法国 + 总理, 中国 + 国情, 德国 + 马克, 荷兰 + 人); not a
            // place whose name runs into a single character (大城 + 市).
            let compound = anchor == Anchor::Country
                && (rest == "人" || (rest.chars().nth(1).is_some() && checker.is_word(rest)));
            return if compound {
                Headed::Compound(org_end)
            } else {
                Headed::Nothing
            };
        }
        // A bare kind that the rules do not take as a name on this anchor (中国 + 政府, 美国 +
        // 公司) leaves the place a place; known names inside the organisation past the match
        // (美国 + 财政部) are absorbed into it.
        if rules::bare_kind_is_no_name(anchor, rest) {
            Headed::Place
        } else {
            Headed::Organisation(org_end, if nt { "jieba-nt" } else { "jieba-word" })
        }
    }

    /// The length of a company form right after a known institution's name (腾讯 + 集团, 中国商飞
    /// + 公司), which the mention then takes in: the same entity, as written. Zero otherwise.
    fn company_form_after(&self, text: &str, end: usize, pattern: u32) -> usize {
        if self.rules.is_none() {
            return 0;
        }
        let institution = self.candidates[pattern as usize]
            .iter()
            .all(|c| self.gazetteer.entity(c.entity).kind == EntityType::Institution);
        if !institution {
            return 0;
        }
        COMPANY_FORMS
            .iter()
            .find(|f| text[end..].starts_with(**f))
            .map_or(0, |f| f.len())
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Whether a surface (normalised here) is a name the gazetteers know.
    pub fn knows(&self, surface: &str) -> bool {
        let normal = crate::text::normalize(surface);
        self.index.contains_key(&normal)
    }

    /// jieba's words and part-of-speech tags of `text`, with the gazetteer's short names as
    /// words; `None` when the recogniser was built without jieba (no boundary check).
    pub fn pos_tags<'a>(&'a self, text: &'a str) -> Option<Vec<(&'a str, &'a str)>> {
        self.boundary.as_ref().map(|c| c.tags(text).collect())
    }

    /// Whether jieba's dictionary has the word (a common word, or a proper name jieba knows).
    pub fn is_dictionary_word(&self, word: &str) -> bool {
        self.boundary.as_ref().is_some_and(|c| c.is_word(word))
    }

    /// Number of distinct surfaces the automaton looks for.
    pub fn surface_count(&self) -> usize {
        self.candidates.len()
    }

    /// Mentions of a document, in text order. Sentences marked repeated are skipped.
    ///
    /// Overlaps are decided by one policy: gazetteer names are matched leftmost-longest and never
    /// overlap; a rule name built on a known place replaces that place's match (it is the longer
    /// name as written, and the place becomes its parent); a plan title in 《》 may contain other
    /// mentions.
    pub fn recognise(&self, doc: &Document) -> Vec<Mention> {
        let normalized = Normalized::new(&doc.text);
        let text = normalized.as_str();
        let mut known: Vec<(usize, usize, u32)> = Vec::new();
        // Organisations jieba knows that a rejected place match heads (美国财政部, 中国队):
        // (end of the organisation, index of the place in `known`).
        let mut organisations: Vec<(usize, usize, &'static str)> = Vec::new();
        // The rest of a compound a country heads (台湾 of 中国台湾), to take without the
        // boundary check if it is the next match.
        let mut compound_rest: Option<(usize, usize)> = None;
        for m in self.raw_matches(text) {
            if compound_rest.take() == Some((m.start(), m.end())) {
                known.push((m.start(), m.end(), m.value()));
                continue;
            }
            if let Some((end, pattern)) = self.checked(text, m.start(), m.end(), m.value()) {
                // 北京时间 is a time zone, not Beijing.
                if self.boundary_check
                    && (rules::in_person_name(text, m.start(), end)
                        || text[end..].starts_with("时间"))
                    && self.candidates[pattern as usize]
                        .iter()
                        .all(|c| self.gazetteer.entity(c.entity).kind == EntityType::Place)
                {
                    continue;
                }
                let end = end + self.company_form_after(text, end, pattern);
                known.push((m.start(), end, pattern));
            } else {
                match self.organisation_headed(text, m.start(), m.end(), m.value()) {
                    Headed::Organisation(end, rule) => {
                        organisations.push((end, known.len(), rule));
                        known.push((m.start(), m.end(), m.value()));
                    }
                    Headed::Place => known.push((m.start(), m.end(), m.value())),
                    Headed::Compound(word_end) => {
                        known.push((m.start(), m.end(), m.value()));
                        compound_rest = Some((m.end(), word_end));
                    }
                    Headed::Nothing => {}
                }
            }
        }
        let rule_matches = match &self.rules {
            Some(rules) => {
                let spans: Vec<Known> = known
                    .iter()
                    .map(|&(start, end, p)| Known {
                        start,
                        end,
                        anchor: self.anchor_kind(p),
                        scoped: self.candidates[p as usize].iter().all(|c| c.scoped),
                    })
                    .collect();
                let checker = self.boundary.as_ref().filter(|_| self.boundary_check);
                let mut found = rules.find(text, &spans, checker);
                found.extend(self.abbreviation_runs(text, &known, checker));
                found.extend(self.sections(text, &known, &spans));
                found.extend(self.foreign_bodies(&known));
                found.extend(
                    organisations
                        .iter()
                        .map(|&(end, a, rule)| rules::RuleMatch {
                            start: known[a].0,
                            end,
                            kind: EntityType::Institution,
                            rule,
                            anchor: Some(a),
                            members: Vec::new(),
                        }),
                );
                found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
                // A title the gazetteer knows is that entity, not a new one.
                found.retain(|r| {
                    r.kind != EntityType::Plan
                        || !known.iter().any(|&(s, e, _)| s == r.start && e == r.end)
                });
                // Of overlapping suffix names keep the first and longest.
                let mut last_end = 0;
                found.retain(|r| {
                    if r.kind == EntityType::Plan {
                        return true;
                    }
                    let keep = r.start >= last_end;
                    if keep {
                        last_end = r.end;
                    }
                    keep
                });
                found
            }
            None => Vec::new(),
        };
        // Gazetteer matches inside a suffix name are part of it.
        // `known` is sorted and non-overlapping, so each name's share is found by bisection
        // (a scan per rule match would be quadratic on a long document).
        let mut absorbed = vec![false; known.len()];
        for r in rule_matches.iter().filter(|r| r.kind != EntityType::Plan) {
            let first = known.partition_point(|&(s, _, _)| s < r.start);
            for (i, &(_, e, _)) in known.iter().enumerate().skip(first) {
                if e > r.end {
                    break;
                }
                absorbed[i] = true;
            }
        }

        // Items in text order: (normalised start, end, gazetteer match index or rule index).
        enum Item {
            Known(usize),
            Rule(usize),
        }
        let mut items: Vec<(usize, usize, Item)> = known
            .iter()
            .enumerate()
            .map(|(i, &(s, e, _))| (s, e, Item::Known(i)))
            .chain(
                rule_matches
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.start, r.end, Item::Rule(i))),
            )
            .collect();
        items.sort_by_key(|(s, e, _)| (*s, std::cmp::Reverse(*e)));

        // Place each item in its sentence (original offsets); drop those in repeated sentences
        // or across sentence ends.
        let mut placed: Vec<(usize, std::ops::Range<usize>, Item)> = Vec::new();
        let mut valid_known = vec![false; known.len()];
        for (s, e, item) in items {
            let range = normalized.original_range(s..e, &doc.text);
            let sentence = doc
                .sentences
                .partition_point(|x| x.range.end <= range.start);
            let Some(sen) = doc.sentences.get(sentence) else {
                continue;
            };
            if sen.repeated || range.start < sen.range.start || range.end > sen.range.end {
                continue;
            }
            if let Item::Known(i) = item {
                valid_known[i] = true;
            }
            placed.push((sentence, range, item));
        }

        // Entities named unambiguously (by a surface that is not a context alias), and their
        // ancestors, give the context for the ambiguous and the context-bound ones: naming
        // 北京城市副中心 or 北京市政府 puts 通州区 or 北京市 in context.
        let g = &self.gazetteer;
        let mut named: FxHashSet<EntityId> = FxHashSet::default();
        let mut provinces: FxHashMap<EntityId, usize> = FxHashMap::default();
        for (i, &(_, _, p)) in known.iter().enumerate() {
            if !valid_known[i] {
                continue;
            }
            if let [only] = self.candidates[p as usize].as_slice() {
                if only.scoped {
                    continue;
                }
                if let Some(province) = self.province_of(only.entity) {
                    *provinces.entry(province).or_default() += 1;
                }
                if named.insert(only.entity) {
                    // Roots (中国) are ancestors of nearly everything: they decide nothing.
                    named.extend(g.ancestors(only.entity).filter(|&a| g.depth(a) > 0));
                }
            }
        }
        let dominant = provinces
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(p, _)| p);
        let context = Context {
            named,
            channel: doc.channel.as_deref().and_then(|c| self.channel_region(c)),
            dominant,
        };

        let mut chars = CharCounter::new(&doc.text);
        let mut out: Vec<Found> = Vec::with_capacity(placed.len());
        for (sentence, range, item) in placed {
            let (target, resolution, alternatives) = match item {
                Item::Known(i) => {
                    if absorbed[i] {
                        continue;
                    }
                    let candidates = &self.candidates[known[i].2 as usize];
                    let Some((entity, resolution)) = self.resolve(candidates, &context) else {
                        continue;
                    };
                    let others = candidates
                        .iter()
                        .map(|c| c.entity)
                        .filter(|&c| c != entity)
                        .collect();
                    (Target::Known(entity), resolution, others)
                }
                // One abbreviation (华 of 访华) is a mention of its entity.
                Item::Rule(i) if rule_matches[i].rule == "abbreviation" => (
                    Target::Known(rule_matches[i].members[0]),
                    Resolution::Unique,
                    Vec::new(),
                ),
                Item::Rule(i) => {
                    let r = &rule_matches[i];
                    let parent = r.anchor.and_then(|a| {
                        self.resolve(&self.candidates[known[a].2 as usize], &context)
                            .map(|(e, _)| e)
                    });
                    let unlinked = Unlinked {
                        kind: r.kind,
                        name: text[r.start..r.end].to_string(),
                        rule: r.rule,
                        parent,
                        members: r.members.clone(),
                    };
                    (Target::Unlinked(unlinked), Resolution::Rule, Vec::new())
                }
            };
            out.push((sentence, range, target, resolution, alternatives));
        }
        if self.rules.is_some() {
            self.company_heads(doc, &mut out);
        }
        if self.statistical {
            self.statistical_layer(doc, &mut out);
        }
        out.into_iter()
            .map(
                |(sentence, range, target, resolution, alternatives)| Mention {
                    sentence,
                    start: chars.char_offset(range.start),
                    end: chars.char_offset(range.end),
                    text: doc.text[range].to_string(),
                    target,
                    resolution,
                    alternatives,
                },
            )
            .collect()
    }

    /// A foreign country, or Hong Kong or Macao, right before the generic name of a Chinese
    /// national body makes that place's body, not China's (印度 + 央行, 韩国 + 外交部, 美国 +
    /// 证监会, 法国 + 兴业银行, 香港 + 证监会): one new institution over both, anchored by the
    /// place.
    fn foreign_bodies(&self, known: &[(usize, usize, u32)]) -> Vec<rules::RuleMatch> {
        let g = &self.gazetteer;
        let Some(china) = g.find("CN") else {
            return Vec::new();
        };
        // The place: a country but China, or a special administrative region; not a world
        // region (亚太央行, 东南亚滴滴 are no bodies).
        let foreign = |p: u32| match self.candidates[p as usize].as_slice() {
            [only] if !only.scoped && only.entity != china => {
                let subtype = g.entity(only.entity).subtype.as_str();
                let country = subtype == "country" && g.depth(only.entity) == 0;
                (country || subtype == "special-administrative-region").then_some(only.entity)
            }
            _ => None,
        };
        // China's body, not the place's own (a Hong Kong body stays Hong Kong's).
        let chinese_body = |p: u32, place: EntityId| {
            let candidates = &self.candidates[p as usize];
            !candidates.is_empty()
                && candidates.iter().all(|c| {
                    !c.scoped
                        && g.entity(c.entity).kind == EntityType::Institution
                        && g.ancestors(c.entity).any(|a| a == china)
                        && !g.ancestors(c.entity).any(|a| a == place)
                })
        };
        known
            .windows(2)
            .enumerate()
            .filter(|&(_, pair)| {
                pair[0].1 == pair[1].0
                    && foreign(pair[0].2).is_some_and(|place| chinese_body(pair[1].2, place))
            })
            .map(|(a, pair)| rules::RuleMatch {
                start: pair[0].0,
                end: pair[1].1,
                kind: EntityType::Institution,
                rule: "foreign-body",
                anchor: Some(a),
                members: Vec::new(),
            })
            .collect()
    }

    /// Sections and branches of a known line in a known place right after it (京唐铁路北京段,
    /// 京港澳高速河北段): projects of their own, with the line as parent. `spans` are `known`
    /// as the rules see them.
    fn sections(
        &self,
        text: &str,
        known: &[(usize, usize, u32)],
        spans: &[Known],
    ) -> Vec<rules::RuleMatch> {
        let g = &self.gazetteer;
        known
            .iter()
            .enumerate()
            .filter(|&(_, &(_, _, line))| {
                self.candidates[line as usize]
                    .iter()
                    .all(|c| g.entity(c.entity).kind == EntityType::Project)
            })
            .filter_map(|(i, &(start, end, _))| {
                Some(rules::RuleMatch {
                    start,
                    end: rules::section_end(text, end, spans.get(i + 1))?,
                    kind: EntityType::Project,
                    rule: "section",
                    anchor: Some(i),
                    members: Vec::new(),
                })
            })
            .collect()
    }

    /// The automaton's matches, leftmost-longest, in text order, with the context-only matches
    /// that overlap none of them.
    fn raw_matches(&self, text: &str) -> Vec<RawMatch> {
        let mut matches: Vec<RawMatch> = self
            .automaton
            .leftmost_find_iter(text)
            .map(|m| RawMatch(m.start(), m.end(), m.value()))
            .collect();
        if let Some(scoped) = &self.scoped_automaton {
            let main = matches.len();
            for m in scoped.leftmost_find_iter(text) {
                let next = matches[..main].partition_point(|x| x.1 <= m.start());
                if matches[..main].get(next).is_none_or(|x| x.0 >= m.end()) {
                    matches.push(RawMatch(m.start(), m.end(), m.value()));
                }
            }
            if matches.len() > main {
                matches.sort_unstable();
            }
        }
        matches
    }

    /// Composites written as runs of one-character abbreviations that no gazetteer lists (京冀,
    /// 中美, 日韩, 苏浙皖): two to four characters, each abbreviating a different entity, outside
    /// every gazetteer match. With jieba, the run must start a word and end it or head a compound
    /// (中美关系; not 中美洲) and must not be a common word of the dictionary (中意 n).
    fn abbreviation_runs(
        &self,
        text: &str,
        known: &[(usize, usize, u32)],
        checker: Option<&BoundaryChecker>,
    ) -> Vec<rules::RuleMatch> {
        let mut out = Vec::new();
        if self.abbreviations.is_empty() {
            return out;
        }
        let entity = |c: char| {
            if !self.abbreviation_filter.may_contain(c) {
                return None;
            }
            self.abbreviations
                .binary_search_by_key(&c, |&(x, _)| x)
                .ok()
                .map(|i| self.abbreviations[i].1)
        };
        let mut next_known = 0;
        // The current run: its start and its members.
        let mut run: Option<(usize, Vec<EntityId>)> = None;
        let mut flush = |run: &mut Option<(usize, Vec<EntityId>)>, end: usize| {
            if let Some((start, members)) = run.take() {
                out.extend(self.abbreviation_match(text, start, end, members, checker));
            }
        };
        for (i, c) in text.char_indices() {
            while known.get(next_known).is_some_and(|k| k.1 <= i) {
                next_known += 1;
            }
            let inside = known.get(next_known).is_some_and(|k| k.0 <= i);
            match entity(c).filter(|_| !inside) {
                Some(e) => match &mut run {
                    Some((_, members)) => members.push(e),
                    None => run = Some((i, vec![e])),
                },
                None => flush(&mut run, i),
            }
        }
        flush(&mut run, text.len());
        out
    }

    /// The mention a run of abbreviations at `text[start..end]` makes, if any. One abbreviation
    /// is a mention after a verb of going or relating (or 在) that jieba's dictionary joins to it
    /// (访华, 进京, 驻华, 对华) or after which jieba reads it alone as a place or an abbreviation
    /// (在 + 京 ns, 对 + 俄 j). Elsewhere a lone character is too often part of a person's name
    /// (吴志华, 余华) or of a transliteration (伯德). Two to four are a composite when they pass
    /// [`Self::run_is_composite`]; when the whole run does not, its longest passing prefix is
    /// taken (中美 of 中美加强: 加 for Canada is the first character of 加强).
    fn abbreviation_match(
        &self,
        text: &str,
        start: usize,
        end: usize,
        members: Vec<EntityId>,
        checker: Option<&BoundaryChecker>,
    ) -> Option<rules::RuleMatch> {
        let matched = |end: usize, members: Vec<EntityId>, rule: &'static str| rules::RuleMatch {
            start,
            end,
            kind: EntityType::Place,
            rule,
            anchor: None,
            members,
        };
        if members.len() == 1 {
            let c = checker?;
            if self.heads_country_noun(text, start, end, members[0], c) {
                return Some(matched(end, members, "abbreviation"));
            }
            let verb = text[..start]
                .chars()
                .next_back()
                .filter(|v| ABBREVIATION_VERBS.contains(*v))?;
            let from = start - verb.len_utf8();
            let word = &text[from..end];
            // jieba joins the two into a verb or a proper name (访华 v, 驻华), or reads the
            // abbreviation alone as a place (在 + 京 ns, 对 + 俄 j).
            let joined = || match c.tags(word).collect::<Vec<_>>().as_slice() {
                [(_, tag)] => matches!(*tag, "v" | "nz" | "ns" | "j"),
                _ => false,
            };
            // A known name starting here that the boundary check rejected is not an
            // abbreviation (华 of 对华为 was one before prepositions were let through); nor is
            // 意 alone (来意, 留意, 在意: Italy is 意 in pairs).
            let known_name = text[start..]
                .char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len() - start))
                .skip(2)
                .take(3)
                .any(|i| self.index.contains_key(&text[start..start + i]));
            if known_name || &text[start..end] == "意" {
                return None;
            }
            // 在 joins words of its own (在意 v, 在于): after it only the second way counts.
            // Nor does a character that makes a word with the next (在 + 美股).
            let next = text[end..].chars().next();
            let pair = |n: char| c.is_word(&format!("{}{n}", &text[start..end]));
            let found =
                (verb != '在' && c.is_word(word) && joined() && c.on_boundaries(text, from, end))
                    || (!next.is_some_and(pair)
                        && c.is_token_tagged(text, start, end, &["ns", "j"]));
            return found.then(|| matched(end, members, "abbreviation"));
        }
        let mut ends: Vec<usize> = text[start..end]
            .char_indices()
            .skip(2)
            .map(|(i, _)| start + i)
            .collect();
        ends.push(end);
        for (n, &e) in ends.iter().enumerate().rev() {
            let members = &members[..n + 2];
            if self.run_is_composite(text, start, e, members, checker) {
                return Some(matched(e, members.to_vec(), "abbreviations"));
            }
        }
        None
    }

    /// Whether the one-character abbreviation `text[start..end]` of `entity` abbreviates a
    /// country and heads one of [`COUNTRY_HEADS`] (中方, 俄总统), on word boundaries of jieba's
    /// segmentation: not 完美 + 方案, 其中 + 方式, 道德 + 方面, 增加 + 政府.
    fn heads_country_noun(
        &self,
        text: &str,
        start: usize,
        end: usize,
        entity: EntityId,
        checker: &BoundaryChecker,
    ) -> bool {
        if self.gazetteer.entity(entity).subtype != "country" {
            return false;
        }
        // 中 is also "in" (投票中 + 首相) and a word of its own (中军股): only 中方.
        let heads = match &text[start..end] {
            "中" | "华" => &COUNTRY_HEADS[..1],
            _ => COUNTRY_HEADS,
        };
        // 日 after a number is a day (15日 + 政府关门).
        let day = text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_numeric() || "〇一二三四五六七八九十廿卅".contains(c));
        if day {
            return false;
        }
        let rest = &text[end..];
        heads.iter().any(|head| {
            rest.starts_with(head)
                && !rules::in_person_name(text, start, end + head.len())
                && checker.on_boundaries(text, start, end + head.len())
        })
    }

    /// Whether a run of two to four abbreviations of different entities is a composite: with
    /// jieba, no person's name, starting a word and ending one or heading a compound (中美关系;
    /// not 中美洲), and no common word of the dictionary (中意 n).
    fn run_is_composite(
        &self,
        text: &str,
        start: usize,
        end: usize,
        members: &[EntityId],
        checker: Option<&BoundaryChecker>,
    ) -> bool {
        if !(2..=4).contains(&members.len()) {
            return false;
        }
        let mut distinct = members.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() != members.len() {
            return false;
        }
        let Some(c) = checker else { return true };
        let name = &text[start..end];
        if rules::in_person_name(text, start, end) || rules::is_person_name(text, start, end) {
            return false;
        }
        // jieba keeps a common word whole (中意 n) and splits a rare one (中美 ns, 3); a
        // two-character proper noun of its own is a brand or a word, not a pair (华美 nz).
        let pair = members.len() == 2;
        let common = || match c.tags(name).collect::<Vec<_>>().as_slice() {
            [(_, tag)] => match *tag {
                "ns" | "j" => false,
                "nz" => pair,
                _ => true,
            },
            _ => false,
        };
        let before_pair_head = pair && PAIR_HEADS.iter().any(|h| text[end..].starts_with(h));
        c.heads_word(text, start, end) && (before_pair_head || !(c.is_word(name) && common()))
    }

    /// The head of a company name a rule found (双星 of 双星集团) names that company elsewhere in
    /// the same document: a scoped short form, like the gazetteers' context aliases. Only with
    /// jieba: where nothing else was found, on word boundaries, and for heads that are no common
    /// word.
    fn company_heads(&self, doc: &Document, found: &mut Vec<Found>) {
        let text = &doc.text;
        let Some(checker) = self.boundary.as_ref().filter(|_| self.boundary_check) else {
            return;
        };
        // Only a head jieba's dictionary does not have (权健 of 权健公司, 泛海 of 泛海控股) is
        // taken: its tags cannot tell a company (双星 nz) from a common word (欧元 nz, 房地产 j,
        // 慈善 nr), which a head like 房地产 of a false 房地产公司 would spread through the
        // document. A head that is a known name of its own (新华 of 新华区) stays that name.
        let usable = |head: &str| !self.index.contains_key(head) && !checker.is_word(head);
        // A head several companies share (双星 of 双星集团 and 双星控股) goes to the first
        // mentioned.
        let mut heads: Vec<(String, Target)> = Vec::new();
        for (_, _, target, _, _) in found.iter() {
            let Target::Unlinked(u) = target else {
                continue;
            };
            if u.kind != EntityType::Institution {
                continue;
            }
            if let Some(head) = rules::company_head(&u.name).filter(|h| usable(h)) {
                if !heads.iter().any(|(h, _)| h == head) {
                    heads.push((head.to_string(), target.clone()));
                }
            }
        }
        if heads.is_empty() {
            return;
        }
        let mut extra: Vec<Found> = Vec::new();
        for (i, sentence) in doc.sentences.iter().enumerate() {
            if sentence.repeated {
                continue;
            }
            let within = &text[sentence.range.clone()];
            for (head, target) in &heads {
                for (at, _) in within.match_indices(head.as_str()) {
                    let range = sentence.range.start + at..sentence.range.start + at + head.len();
                    let taken = |f: &Found| f.1.start < range.end && range.start < f.1.end;
                    if found.iter().any(taken)
                        || extra.iter().any(taken)
                        || !checker.on_boundaries(text, range.start, range.end)
                    {
                        continue;
                    }
                    extra.push((i, range, target.clone(), Resolution::Scope, Vec::new()));
                }
            }
        }
        if !extra.is_empty() {
            found.extend(extra);
            found.sort_by_key(|f| (f.1.start, std::cmp::Reverse(f.1.end)));
        }
    }

    /// Adds jieba's organisation words (nt) that overlap nothing already found, keeping `found`
    /// in text order.
    fn statistical_layer(&self, doc: &Document, found: &mut Vec<Found>) {
        let Some(checker) = &self.boundary else {
            return;
        };
        let mut extra: Vec<Found> = Vec::new();
        for (i, sentence) in doc.sentences.iter().enumerate() {
            if sentence.repeated {
                continue;
            }
            let mut at = sentence.range.start;
            for (word, tag) in checker.tags(&doc.text[sentence.range.clone()]) {
                let range = at..at + word.len();
                at = range.end;
                let kind = match tag {
                    "nt" => EntityType::Institution,
                    _ => continue,
                };
                if word.chars().count() < 2
                    || found
                        .iter()
                        .any(|f| f.1.start < range.end && range.start < f.1.end)
                {
                    continue;
                }
                let unlinked = Unlinked {
                    kind,
                    name: crate::text::normalize(word),
                    rule: if kind == EntityType::Place {
                        "jieba-ns"
                    } else {
                        "jieba-nt"
                    },
                    parent: None,
                    members: Vec::new(),
                };
                extra.push((
                    i,
                    range,
                    Target::Unlinked(unlinked),
                    Resolution::Rule,
                    Vec::new(),
                ));
            }
        }
        found.extend(extra);
        found.sort_by_key(|f| (f.1.start, std::cmp::Reverse(f.1.end)));
    }

    /// What a gazetteer match can anchor a rule name as: a Chinese place or zone anchors any
    /// suffix (not 中国 itself, nor a foreign country or city: 中国公司, 美国智库 are not names);
    /// an institution anchors the names of its units (华为 + 业务部).
    fn anchor_kind(&self, pattern: u32) -> Anchor {
        let g = &self.gazetteer;
        let candidates = &self.candidates[pattern as usize];
        let place = candidates.iter().any(|c| {
            let e = g.entity(c.entity);
            !c.scoped
                && matches!(e.kind, EntityType::Place | EntityType::Zone)
                && g.depth(c.entity) > 0
                && !matches!(
                    e.subtype.as_str(),
                    "country" | "world-region" | "world-city"
                )
        });
        let country = || {
            candidates.iter().any(|c| {
                !c.scoped
                    && g.entity(c.entity).kind == EntityType::Place
                    && (g.depth(c.entity) == 0
                        || matches!(
                            g.entity(c.entity).subtype.as_str(),
                            "country" | "world-region" | "world-city"
                        ))
            })
        };
        if place {
            Anchor::Place
        } else if country() {
            Anchor::Country
        } else if candidates
            .iter()
            .all(|c| !c.scoped && g.entity(c.entity).kind == EntityType::Institution)
        {
            Anchor::Institution
        } else {
            Anchor::No
        }
    }

    /// The province-level unit (depth 1) an entity lies in, or is.
    fn province_of(&self, entity: EntityId) -> Option<EntityId> {
        let g = &self.gazetteer;
        std::iter::once(entity)
            .chain(g.ancestors(entity))
            .find(|&e| g.depth(e) == 1 && g.entity(e).kind == EntityType::Place)
    }

    /// The place a channel label names (`江苏频道` → 江苏省, `房产济南` → 济南市), if any.
    fn channel_region(&self, channel: &str) -> Option<EntityId> {
        let name = channel.trim_end_matches("频道");
        let name = name.strip_prefix("凤凰网").unwrap_or(name);
        let name = name.strip_prefix("房产").unwrap_or(name);
        let normal = crate::text::normalize(name);
        let slot = *self.index.get(&normal)?;
        let first = self.candidates[slot as usize].first()?;
        (!first.scoped && self.gazetteer.entity(first.entity).kind == EntityType::Place)
            .then_some(first.entity)
    }

    /// Whether the document's context covers a context alias of `entity`: the entity itself,
    /// its parent or its grandparent is named (a root such as 中国 is too broad to count). For a
    /// place only itself or its parent: a province names too many counties, and in an article
    /// on 甘肃 合作 is cooperation far more often than 合作市 of 甘南州.
    fn in_scope(&self, entity: EntityId, context: &Context) -> bool {
        let g = &self.gazetteer;
        let levels = match g.entity(entity).kind {
            EntityType::Place => 1,
            _ => 2,
        };
        context.named.contains(&entity)
            || g.ancestors(entity)
                .take(levels)
                .any(|a| g.depth(a) > 0 && context.named.contains(&a))
    }

    /// Chooses among a surface's candidates: the only viable one; else those named elsewhere in
    /// the document, else those whose ancestor is named; a tie among them, or no such candidate,
    /// goes to the one in the channel's region, then to the one in the province the document
    /// names most, then to the prior (the first).
    fn resolve(
        &self,
        candidates: &[Candidate],
        context: &Context,
    ) -> Option<(EntityId, Resolution)> {
        let viable: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| !c.scoped || self.in_scope(c.entity, context))
            .collect();
        let g = &self.gazetteer;
        match viable.as_slice() {
            [] => return None,
            [only] if only.scoped => return Some((only.entity, Resolution::Scope)),
            [only] => return Some((only.entity, Resolution::Unique)),
            _ => {}
        }
        let within = |c: &Candidate, region: Option<EntityId>| {
            region.is_some_and(|r| c.entity == r || g.ancestors(c.entity).any(|a| a == r))
        };
        let tie_break = |pool: &[&Candidate]| -> Option<(EntityId, Resolution)> {
            if let Some(c) = pool.iter().find(|c| within(c, context.channel)) {
                return Some((c.entity, Resolution::Channel));
            }
            if let Some(c) = pool.iter().find(|c| within(c, context.dominant)) {
                return Some((c.entity, Resolution::Dominant));
            }
            None
        };
        let named: Vec<&Candidate> = viable
            .iter()
            .copied()
            .filter(|c| context.named.contains(&c.entity))
            .collect();
        // Roots (中国) decide nothing, even when named.
        let under_named: Vec<&Candidate> = viable
            .iter()
            .copied()
            .filter(|c| {
                g.ancestors(c.entity)
                    .any(|a| g.depth(a) > 0 && context.named.contains(&a))
            })
            .collect();
        for pool in [&named, &under_named] {
            match pool.as_slice() {
                [] => continue,
                [only] => return Some((only.entity, Resolution::Context)),
                several => {
                    let (entity, _) =
                        tie_break(several).unwrap_or((several[0].entity, Resolution::Context));
                    return Some((entity, Resolution::Context));
                }
            }
        }
        tie_break(&viable).or(Some((viable[0].entity, Resolution::Prior)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{parse_file, Gazetteer};
    use std::path::Path;

    fn recognizer() -> Recognizer {
        let tsv = "id\tname\ttype\taliases\tparent\tcontext_aliases\n\
            CN\t中国\tPlace\t\t\n\
            11\t北京市\tPlace\t北京\tCN\n\
            110112\t通州区\tPlace\t通州\t11\n\
            32\t江苏省\tPlace\t江苏\tCN\n\
            3206\t南通市\tPlace\t南通\t32\n\
            320612\t通州区\tPlace\t通州\t3206\n\
            22\t吉林省\tPlace\t吉林\tCN\n\
            2202\t吉林市\tPlace\t\t22\n\
            bjndrc\t北京市发展和改革委员会\tInstitution\t北京市发改委\t11\n\
            xiongan\t雄安新区\tZone\t雄安\t\t新区\n\
            450329\t资源县\tPlace\t\t4503\t资源\n\
            4503\t桂林市\tPlace\t桂林\t45\n\
            45\t广西壮族自治区\tPlace\t广西\tCN\n\
            jjj\t京津冀\tPlace\t\t\n\
            xiaomi\t小米\tInstitution\t\t\n\
            fzx\t北京城市副中心\tZone\t\t110112\n\
            xiongan-plan\t河北雄安新区规划纲要\tPlan\t雄安新区规划纲要\t\n";
        let mut problems = Vec::new();
        let layer = parse_file(Path::new("t.tsv"), tsv.as_bytes(), &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        Recognizer::new(Gazetteer::from_layers(vec![layer], problems).unwrap()).unwrap()
    }

    fn tag(r: &Recognizer, text: &str) -> Vec<(String, String, &'static str)> {
        let doc = Document::from_text("t", text);
        r.recognise(&doc)
            .into_iter()
            .map(|m| {
                let chars: String = text.chars().skip(m.start).take(m.end - m.start).collect();
                assert_eq!(chars, m.text, "offsets index the text");
                let (id, _, _) = crate::catalog::describe(r.gazetteer(), &m.target);
                (m.text, id, m.resolution.as_str())
            })
            .collect()
    }

    #[test]
    fn recognition_cases() {
        let r = recognizer();
        // (text, [(surface, entity id, resolution)])
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str, &'a str)]);
        let cases: &[Case] = &[
            (
                "北京市发改委发布通知",
                &[("北京市发改委", "bjndrc", "unique")],
            ),
            (
                "北京市和北京",
                &[("北京市", "11", "unique"), ("北京", "11", "unique")],
            ),
            (
                "吉林省吉林市",
                &[("吉林省", "22", "unique"), ("吉林市", "2202", "unique")],
            ),
            (
                "北京通州",
                &[("北京", "11", "unique"), ("通州", "110112", "context")],
            ),
            (
                "南通市通州区",
                &[
                    ("南通市", "3206", "unique"),
                    ("通州区", "320612", "context"),
                ],
            ),
            ("通州", &[("通州", "110112", "prior")]),
            // Naming something inside 通州区 puts it in context; the root 中国 decides nothing.
            (
                "北京城市副中心带动通州",
                &[
                    ("北京城市副中心", "fzx", "unique"),
                    ("通州", "110112", "context"),
                ],
            ),
            (
                "中国江苏的通州",
                &[
                    ("中国", "CN", "unique"),
                    ("江苏", "32", "unique"),
                    ("通州", "320612", "context"),
                ],
            ),
            (
                "中国的通州",
                &[("中国", "CN", "unique"), ("通州", "110112", "prior")],
            ),
            (
                "雄安新区与京津冀",
                &[
                    ("雄安新区", "xiongan", "unique"),
                    ("京津冀", "jjj", "unique"),
                ],
            ),
            // Kangxi radicals and full-width forms are matched after NFKC, offsets stay original
            // (the company form after the known name is part of its mention).
            (
                "\u{2F29}\u{2F76}公司",
                &[("\u{2F29}\u{2F76}公司", "xiaomi", "unique")],
            ),
            ("没有地名", &[]),
            // jieba reads 中国队 as one organisation (nt): the place heads it.
            ("今天中国队获胜", &[("中国队", "rule:中国队", "rule")]),
            // jieba's 中国政府 (nt) is no name by the rules: the country stands.
            ("中国政府表示支持", &[("中国", "CN", "unique")]),
            // A country heading a compound noun jieba has (中国国情, 中国人) is its modifier.
            ("从中国国情出发", &[("中国", "CN", "unique")]),
            (
                "中国北京的发展",
                &[("中国", "CN", "unique"), ("北京", "11", "unique")],
            ),
            ("看好中国市场", &[("中国", "CN", "unique")]),
            ("北京时间2月25日", &[]),
            // A company form after a known institution is the same entity as written.
            ("小米集团发布财报", &[("小米集团", "xiaomi", "unique")]),
            // The head of a company name a rule found names it elsewhere in the document.
            (
                "权健公司发布公告，权健表示",
                &[
                    ("权健公司", "rule:权健公司", "rule"),
                    ("权健", "rule:权健公司", "scope"),
                ],
            ),
            // A head jieba knows as a word is left alone (欧元 of 欧元集团).
            (
                "欧元集团开会，欧元走强",
                &[("欧元集团", "rule:欧元集团", "rule")],
            ),
            // A country anchors an event with a name of its own, not a bare one.
            (
                "出席中国国际进口博览会",
                &[("中国国际进口博览会", "rule:中国国际进口博览会", "rule")],
            ),
            // Context aliases fire only where the entity or its parent (not a place's
            // grandparent) is named.
            ("新区建设和资源利用", &[]),
            (
                "雄安新区提出新区建设",
                &[
                    ("雄安新区", "xiongan", "unique"),
                    ("新区", "xiongan", "scope"),
                ],
            ),
            (
                "桂林市资源县的资源",
                &[
                    ("桂林市", "4503", "unique"),
                    ("资源县", "450329", "unique"),
                    ("资源", "450329", "scope"),
                ],
            ),
            // A place's only where it or its parent is named: 桂林, not 广西.
            (
                "桂林的资源",
                &[("桂林", "4503", "unique"), ("资源", "450329", "scope")],
            ),
            ("广西的资源", &[("广西", "45", "unique")]),
        ];
        for (text, expected) in cases {
            let got = tag(&r, text);
            let expected: Vec<(String, String, &str)> = expected
                .iter()
                .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
                .collect();
            assert_eq!(got, expected, "text {text:?}");
        }
    }

    #[test]
    fn the_statistical_layer_adds_organisations_only_when_asked() {
        let tsv = "id\tname\ttype\n11\t北京市\tPlace\n";
        let mut problems = Vec::new();
        let layer = parse_file(Path::new("t.tsv"), tsv.as_bytes(), &mut problems);
        let g = Gazetteer::from_layers(vec![layer], problems).unwrap();
        let options = RecognizerOptions {
            statistical: true,
            ..RecognizerOptions::default()
        };
        let on = Recognizer::with_options(g.clone(), options).unwrap();
        let off = Recognizer::new(g).unwrap();
        let doc = Document::from_text("t", "北京市和国务院的会议");
        let ids = |r: &Recognizer| -> Vec<String> {
            r.recognise(&doc)
                .into_iter()
                .map(|m| crate::catalog::describe(r.gazetteer(), &m.target).0)
                .collect()
        };
        assert_eq!(ids(&off), ["11"]);
        assert_eq!(ids(&on), ["11", "rule:国务院"]);
    }

    #[test]
    fn the_channel_decides_when_the_text_does_not() {
        let r = recognizer();
        let mut doc = Document::from_text("t", "通州的发展");
        doc.channel = Some("江苏频道".into());
        let got: Vec<(String, &str)> = r
            .recognise(&doc)
            .into_iter()
            .map(|m| {
                (
                    crate::catalog::describe(r.gazetteer(), &m.target).0,
                    m.resolution.as_str(),
                )
            })
            .collect();
        assert_eq!(got, [("320612".to_string(), "channel")]);
    }

    #[test]
    fn runs_of_abbreviations_are_composites_of_their_members() {
        let names = "id\tname\ttype\nCN\t中国\tPlace\nus\t美国\tPlace\n\
            cam\t中美洲\tPlace\n11\t北京市\tPlace\n13\t河北省\tPlace\n\
            ca\t加拿大\tPlace\nhw\t华为\tInstitution\n";
        let table = "abbreviation\tid\n中\tCN\n华\tCN\n美\tus\n京\t11\n冀\t13\n加\tca\n";
        let r = recognizer_with_abbreviations(names, table);
        let g = r.gazetteer();
        let runs = |text: &str| -> Vec<(String, Vec<String>)> {
            r.recognise(&Document::from_text("t", text))
                .into_iter()
                .filter_map(|m| match m.target {
                    Target::Unlinked(u) if u.rule == "abbreviations" => Some((
                        m.text,
                        u.members.iter().map(|&e| g.entity(e).id.clone()).collect(),
                    )),
                    _ => None,
                })
                .collect()
        };
        let pair = |s: &str, a: &str, b: &str| vec![(s.to_string(), vec![a.into(), b.into()])];
        // A run that heads a compound (中美关系) or stands alone is a composite.
        assert_eq!(runs("两国重申中美关系的重要性"), pair("中美", "CN", "us"));
        assert_eq!(runs("京冀两地签署协议"), pair("京冀", "11", "13"));
        // A run that fails as a whole may pass without its last characters (加 of 加强).
        assert_eq!(runs("中美加强合作"), pair("中美", "CN", "us"));
        // Not inside a longer known name, a word (中美洲), or a repeated entity (京京).
        assert!(runs("他去中美洲旅游").is_empty());
        assert!(runs("京京两字").is_empty());
        // Nor with a single abbreviation.
        assert!(runs("美方表示").is_empty());
        // A single abbreviation after a verb jieba joins it to (访华) is its entity.
        let single: Vec<(String, Target)> = r
            .recognise(&Document::from_text("t", "总统明年访华"))
            .into_iter()
            .map(|m| (m.text, m.target))
            .collect();
        assert_eq!(
            single,
            [("华".to_string(), Target::Known(g.find("CN").unwrap()))]
        );
        assert!(r
            .recognise(&Document::from_text("t", "华美的服装"))
            .is_empty());
        // After 在 when jieba reads the abbreviation alone as a place; not in 在意, and not the
        // head of a known name (对华为).
        let texts = |text: &str| texts_of(&r, text);
        assert_eq!(texts("会议在京召开"), ["京"]);
        assert!(texts("他很在意").is_empty());
        assert!(!texts("市场对华为的评价").contains(&"华".to_string()));
        assert!(!texts("市场对华为").contains(&"华".to_string()));
    }

    #[test]
    fn a_countrys_abbreviation_before_its_side_or_office_is_the_country() {
        let names = "id\tname\ttype\tsubtype\nCN\t中国\tPlace\tcountry\n\
            us\t美国\tPlace\tcountry\nru\t俄罗斯\tPlace\tcountry\njp\t日本\tPlace\tcountry\n\
            ca\t加拿大\tPlace\tcountry\n11\t北京市\tPlace\tprovince\n";
        let table = "abbreviation\tid\n中\tCN\n美\tus\n俄\tru\n日\tjp\n加\tca\n京\t11\n";
        let r = recognizer_with_abbreviations(names, table);
        let texts = |text: &str| texts_of(&r, text);
        assert_eq!(texts("希望美方停止这种做法"), ["美"]);
        assert_eq!(texts("俄政府决定提高利率"), ["俄"]);
        assert_eq!(texts("他说中方愿意合作"), ["中"]);
        // Not across a word (完美 + 方案, 增加 + 政府), not 中 as "in" (投票中 + 首相), not a
        // day (15日 + 政府关门), and not a province's abbreviation (京 + 方).
        assert!(texts("这是一个完美方案").is_empty());
        assert!(texts("增加政府投资").is_empty());
        assert!(texts("在投票中首相落败").is_empty());
        assert!(texts("15日政府关门").is_empty());
        assert!(texts("京方表示").is_empty());
        // A pair before 两国 is a composite even where jieba knows it as a word (中日 t).
        assert_eq!(texts("多年来，中日两国人民共同努力"), ["中日"]);
    }

    #[test]
    fn a_foreign_country_before_a_chinese_bodys_name_makes_its_own_body() {
        let names = "id\tname\ttype\tsubtype\taliases\tparent\n\
            CN\t中国\tPlace\tcountry\t\t\nin\t印度\tPlace\tcountry\t\t\n\
            asia\t亚太\tPlace\tworld-region\t\t\n\
            hk\t香港特别行政区\tPlace\tspecial-administrative-region\t香港\tCN\n\
            hkma\t香港金融管理局\tInstitution\tregulator\t金管局\thk\n\
            pboc\t中国人民银行\tInstitution\tbank\t央行\tCN\n";
        let r = recognizer_of(names, RecognizerOptions::default());
        let found = |text: &str| -> Vec<(String, String)> {
            r.recognise(&Document::from_text("t", text))
                .into_iter()
                .map(|m| {
                    let what = match &m.target {
                        Target::Known(e) => r.gazetteer().entity(*e).id.clone(),
                        Target::Unlinked(u) => u.rule.to_string(),
                    };
                    (m.text, what)
                })
                .collect()
        };
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            found("印度央行宣布降息"),
            [pair("印度央行", "foreign-body")]
        );
        assert_eq!(found("香港央行"), [pair("香港央行", "foreign-body")]);
        // Hong Kong's own body stays its own.
        assert_eq!(
            found("香港金管局表示"),
            [pair("香港", "hk"), pair("金管局", "hkma")]
        );
        // China's own, and a region's, stay as they are.
        assert_eq!(
            found("中国央行宣布降息"),
            [pair("中国", "CN"), pair("央行", "pboc")]
        );
        assert_eq!(
            found("亚太央行纷纷降息"),
            [pair("亚太", "asia"), pair("央行", "pboc")]
        );
    }

    /// A recogniser over a small gazetteer layer and a table of abbreviations.
    fn recognizer_with_abbreviations(names: &str, table: &str) -> Recognizer {
        let mut problems = Vec::new();
        let layers = vec![
            parse_file(Path::new("names.tsv"), names.as_bytes(), &mut problems),
            parse_file(Path::new("abbr.tsv"), table.as_bytes(), &mut problems),
        ];
        assert!(problems.is_empty(), "{problems:?}");
        Recognizer::new(Gazetteer::from_layers(layers, problems).unwrap()).unwrap()
    }

    /// A recogniser over one small gazetteer layer.
    fn recognizer_of(names: &str, options: RecognizerOptions) -> Recognizer {
        let mut problems = Vec::new();
        let layer = parse_file(Path::new("names.tsv"), names.as_bytes(), &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let gazetteer = Gazetteer::from_layers(vec![layer], problems).unwrap();
        Recognizer::with_options(gazetteer, options).unwrap()
    }

    /// The texts of the mentions `r` finds in `text`.
    fn texts_of(r: &Recognizer, text: &str) -> Vec<String> {
        r.recognise(&Document::from_text("t", text))
            .into_iter()
            .map(|m| m.text)
            .collect()
    }

    #[test]
    fn context_aliases_out_of_scope_hide_no_name() {
        let names = "id\tname\ttype\tcontext_aliases\n\
            450329\t资源县\tPlace\t资源\n441602\t源城区\tPlace\t\n";
        let options = RecognizerOptions {
            boundary_check: false,
            rules: false,
            statistical: false,
        };
        let r = recognizer_of(names, options);
        let texts = |text: &str| texts_of(&r, text);
        // 资源 starts first but is out of scope: 源城区 stands.
        assert_eq!(texts("资源城区"), ["源城区"]);
        // In scope, and overlapping no name, the context alias counts.
        assert_eq!(texts("资源县的资源很丰富"), ["资源县", "资源"]);
    }

    #[test]
    fn sections_of_known_lines_are_projects_of_their_own() {
        let names = "id\tname\ttype\taliases\tparent\nCN\t中国\tPlace\t\t\n\
            11\t北京市\tPlace\t北京\tCN\njt\t京唐铁路\tProject\t\t\n";
        let r = recognizer_of(names, RecognizerOptions::default());
        let got: Vec<(String, String)> = r
            .recognise(&Document::from_text("t", "京唐铁路北京段开工"))
            .into_iter()
            .map(|m| {
                let parent = match &m.target {
                    Target::Unlinked(u) => u.parent.map(|p| r.gazetteer().entity(p).id.clone()),
                    Target::Known(_) => None,
                };
                (m.text, parent.unwrap_or_default())
            })
            .collect();
        assert_eq!(got, [("京唐铁路北京段".to_string(), "jt".to_string())]);
    }

    #[test]
    fn repeated_sentences_are_recognised_once() {
        let r = recognizer();
        let got = tag(&r, "雄安新区建设提速。\n雄安新区建设提速。");
        assert_eq!(got.len(), 1);
    }
}
