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
//!
//! The driver, [`Recognizer::recognise`], runs named phases, each in its own file: [`compile`]
//! (the gazetteer into automata, once), [`matching`] (the gazetteer pass with the [`boundary`]
//! check), [`rule_pass`] (the rule families of [`rules`] and [`composites`], overlaps, absorbing
//! matches into rule names), placement in sentences (here), [`resolve`] (context and
//! candidates) and [`layers`] (company heads, the statistical layer). Word lists are data:
//! [`lexicon`].

mod boundary;
mod codes;
mod compile;
mod composites;
mod layers;
pub mod lexicon;
mod lists;
mod matching;
mod resolve;
mod rule_pass;
pub mod rules;
mod short_forms;

pub use compile::Dictionary;
pub use layers::crosses_a_name_edge;
pub use rules::{in_person_name, is_proper_tag, name_suffix, suffix_kind, Rule};

use crate::corpus::Document;
use crate::gazetteer::{EntityId, EntityType, Gazetteer};
use crate::text::{CharCounter, CharFilter, Normalized};
use boundary::BoundaryChecker;
use compile::Candidate;
use daachorse::CharwiseDoubleArrayAhoCorasick;
use rules::{RuleMatch, Rules};
use rustc_hash::FxHashMap;

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
    /// A context alias, accepted because the document names the entity or its parent, or, for
    /// a company, because a company cue follows it (苹果 + 旗下).
    Scope,
    /// A name no gazetteer lists, found by a rule.
    Rule,
    /// A name no gazetteer or rule found, labelled an organisation or place by the learned
    /// model (opt-in); or a known body's short form the gazetteer layer held back (a context
    /// alias out of scope, a short name jieba's words cut) that the model reads as an
    /// organisation.
    Model,
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
            Resolution::Model => "model",
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
    /// Which rule found it.
    pub rule: Rule,
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
    /// The learned model's layer, when turned on ([`Recognizer::with_model`]).
    model: Option<std::sync::Arc<crate::model::Lac>>,
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

impl Recognizer {
    /// Adds the learned model's layer: its organisation and place names that no gazetteer name
    /// or rule covers become unlinked mentions ([`Resolution::Model`], ids `model:NAME`), and a
    /// known body's short form the gazetteer layer held back that it reads as an organisation
    /// becomes that body's mention.
    pub fn with_model(mut self, model: std::sync::Arc<crate::model::Lac>) -> Recognizer {
        self.model = Some(model);
        self
    }

    /// A stable description of how the recogniser works, recorded in stores: its options, and
    /// `model=lac-2.1.2` when the model's layer is on.
    pub fn describe(&self) -> String {
        let options = self.options().describe();
        match self.model {
            Some(_) => format!("{options},model=lac-2.1.2"),
            None => options,
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

/// A mention before its offsets become character offsets.
#[derive(Debug, Clone)]
struct Found {
    sentence: usize,
    /// Byte range in the document's text.
    range: std::ops::Range<usize>,
    target: Target,
    resolution: Resolution,
    alternatives: Vec<EntityId>,
}

/// A gazetteer match or a rule's name in its sentence: the sentence, the byte range in the
/// document's text, and the item.
type Placed = (usize, std::ops::Range<usize>, Item);

/// A gazetteer match or a rule's name.
enum Item {
    /// Index into the gazetteer pass's matches.
    Known(usize),
    /// Index into the rule matches.
    Rule(usize),
}

impl Recognizer {
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
        let pass = self.match_gazetteer(text);
        let rule_matches = self.match_rules(text, &pass);
        let absorbed = rule_pass::absorbed(&pass.known, &rule_matches);
        let (placed, in_sentence) = place(doc, &normalized, &pass.known, &rule_matches);
        let context = self.context(doc, &pass.known, &in_sentence);
        let mut out: Vec<Found> = Vec::with_capacity(placed.len());
        for (sentence, range, item) in placed {
            let (target, resolution, alternatives) = match item {
                Item::Known(i) if absorbed[i] => continue,
                Item::Known(i) => {
                    let candidates = &self.candidates[pass.known[i].pattern as usize];
                    let after = &text[pass.known[i].end..];
                    let Some((entity, resolution)) = self
                        .resolve(candidates, &context)
                        .or_else(|| self.company_cue(candidates, after))
                    else {
                        continue;
                    };
                    // A central body's name after a level is a local body's (省 + 发改委, 区 +
                    // 网信办, 全省 + 国资委), not the central one.
                    let at = pass.known[i].start..pass.known[i].end;
                    if self.local_body_after_a_level(text, &at, entity) {
                        continue;
                    }
                    let others = candidates
                        .iter()
                        .map(|c| c.entity)
                        .filter(|&c| c != entity)
                        .collect();
                    (Target::Known(entity), resolution, others)
                }
                // One abbreviation (华 of 访华) is a mention of its entity.
                Item::Rule(i) if rule_matches[i].rule == Rule::Abbreviation => (
                    Target::Known(rule_matches[i].members[0]),
                    Resolution::Unique,
                    Vec::new(),
                ),
                Item::Rule(i) => {
                    let r = &rule_matches[i];
                    let parent = r.anchor.and_then(|a| {
                        let candidates = &self.candidates[pass.known[a].pattern as usize];
                        self.resolve(candidates, &context).map(|(e, _)| e)
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
            out.push(Found {
                sentence,
                range,
                target,
                resolution,
                alternatives,
            });
        }
        if self.rules.is_some() {
            self.company_heads(doc, &mut out);
            self.trade_names(doc, &mut out);
            self.stock_code_names(doc, &mut out);
        }
        if self.statistical {
            self.statistical_layer(doc, &mut out);
        }
        if let Some(model) = &self.model {
            self.model_layer(model, doc, &mut out);
        }
        if self.rules.is_some() {
            self.defined_short_forms(doc, &mut out);
            self.list_items(doc, &mut out);
        }
        let mut chars = CharCounter::new(&doc.text);
        out.into_iter()
            .map(|f| Mention {
                sentence: f.sentence,
                start: chars.char_offset(f.range.start),
                end: chars.char_offset(f.range.end),
                text: doc.text[f.range].to_string(),
                target: f.target,
                resolution: f.resolution,
                alternatives: f.alternatives,
            })
            .collect()
    }
}

/// Places each gazetteer match and rule name in its sentence (original offsets), in text order
/// (longest first at a start); drops those in repeated sentences or across sentence ends. Also
/// says which gazetteer matches were placed.
fn place(
    doc: &Document,
    normalized: &Normalized,
    known: &[matching::KnownMatch],
    rule_matches: &[RuleMatch],
) -> (Vec<Placed>, Vec<bool>) {
    let mut items: Vec<(usize, usize, Item)> = known
        .iter()
        .enumerate()
        .map(|(i, k)| (k.start, k.end, Item::Known(i)))
        .chain(
            rule_matches
                .iter()
                .enumerate()
                .map(|(i, r)| (r.start, r.end, Item::Rule(i))),
        )
        .collect();
    items.sort_by_key(|(s, e, _)| (*s, std::cmp::Reverse(*e)));
    let mut placed = Vec::new();
    let mut in_sentence = vec![false; known.len()];
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
            in_sentence[i] = true;
        }
        placed.push((sentence, range, item));
    }
    (placed, in_sentence)
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
            // A country's government is one organisation (the annotation guide's 美国政府).
            ("中国政府表示支持", &[("中国政府", "rule:中国政府", "rule")]),
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
                    Target::Unlinked(u) if u.rule == Rule::Abbreviations => Some((
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
        // The side is the country's mention as written (the annotation guide's 美方); before
        // an office the abbreviation alone is.
        assert_eq!(texts("希望美方停止这种做法"), ["美方"]);
        assert_eq!(texts("俄政府决定提高利率"), ["俄"]);
        assert_eq!(texts("他说中方愿意合作"), ["中方"]);
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

    #[test]
    fn a_chinese_companys_trade_name_and_a_trade_word_make_a_name_of_their_own() {
        let names = "id\tname\ttype\tsubtype\taliases\tparent\n\
            s1\t骅川\tInstitution\tlisted-company\t\t\n\
            s2\t中泰证券\tInstitution\tlisted-company\t\t\n\
            cn\t中华\tPlace\tcountry\t\t\n\
            country:美国\t美利坚\tPlace\tcountry\t\t\n\
            jd\t京东\tInstitution\tcompany\t\tcn\n\
            nf\t奈飞\tInstitution\tcompany\t\tcountry:美国\n";
        let r = recognizer_of(names, RecognizerOptions::default());
        let found: Vec<(String, String, Option<String>)> = r
            .recognise(&Document::from_text(
                "t",
                "骅川环保发布公告。中泰证券医药团队认为，奈飞文化值得学习，骅川表示同意。\
                 京东物流宣布扩张。",
            ))
            .into_iter()
            .map(|m| match &m.target {
                Target::Known(e) => (m.text, r.gazetteer().entity(*e).id.clone(), None),
                Target::Unlinked(u) => (
                    m.text,
                    u.rule.to_string(),
                    u.parent.map(|p| r.gazetteer().entity(p).id.clone()),
                ),
            })
            .collect();
        let m =
            |a: &str, b: &str, p: Option<&str>| (a.to_string(), b.to_string(), p.map(String::from));
        assert_eq!(
            found,
            [
                // The company becomes the longer name's parent.
                m("骅川环保", "trade", Some("s1")),
                // A name that ends in its trade already is followed by a word of the sentence.
                m("中泰证券", "s2", None),
                // A foreign company's name and a trade word is its business.
                m("奈飞", "nf", None),
                m("骅川", "s1", None),
                // So does one of China's other companies.
                m("京东物流", "trade", Some("jd")),
            ]
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
    /// Gazetteer matching and resolution only: no jieba, no rules.
    const MATCHING_ONLY: RecognizerOptions = RecognizerOptions {
        boundary_check: false,
        rules: false,
        statistical: false,
    };

    pub(super) fn recognizer_of(names: &str, options: RecognizerOptions) -> Recognizer {
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
        let r = recognizer_of(names, MATCHING_ONLY);
        let texts = |text: &str| texts_of(&r, text);
        // 资源 starts first but is out of scope: 源城区 stands.
        assert_eq!(texts("资源城区"), ["源城区"]);
        // In scope, and overlapping no name, the context alias counts.
        assert_eq!(texts("资源县的资源很丰富"), ["资源县", "资源"]);
    }

    #[test]
    fn a_central_bodys_short_form_after_a_level_is_the_local_body() {
        // 商务部 puts the State Council's bodies in scope, so 发改委 names the national
        // commission, but not after a level (省, 广州): that is a local body's short form. A
        // company after a place (广州 + 恒大) stays the company.
        let names = "id\tname\ttype\tsubtype\taliases\tcontext_aliases\tparent\n\
            CN\t中国\tPlace\tcountry\t\t\t\n\
            sc\t国务院\tInstitution\tcentral-government\t\t\tCN\n\
            mofcom\t商务部\tInstitution\tministry\t\t\tsc\n\
            ndrc\t国家发展和改革委员会\tInstitution\tministry\t\t发改委\tsc\n\
            sasac\t国务院国有资产监督管理委员会\tInstitution\tagency\t国资委\t\tsc\n\
            npc\t全国人民代表大会\tInstitution\tlegislature\t全国人大\t\tCN\n\
            star\t科创板\tInstitution\tstock-board\t\t\tCN\n\
            evergrande\t中国恒大集团\tInstitution\tcompany\t\t恒大\t\n";
        let r = recognizer_of(names, MATCHING_ONLY);
        let texts = |text: &str| texts_of(&r, text);
        assert_eq!(texts("商务部和发改委联合发文"), ["商务部", "发改委"]);
        assert_eq!(texts("商务部和省发改委联合发文"), ["商务部"]);
        assert_eq!(texts("商务部和广州发改委联合发文"), ["商务部"]);
        // Not only a context alias: a central body's alias after a level is the local body's.
        assert_eq!(texts("国资委和省国资委"), ["国资委"]);
        // A name that says it is national, and a board after 上市, stay.
        assert_eq!(texts("江西省全国人大代表"), ["全国人大"]);
        assert_eq!(texts("申请上市科创板"), ["科创板"]);
        assert_eq!(
            texts("中国恒大集团旗下的广州恒大夺冠"),
            ["中国恒大集团", "恒大"]
        );
    }

    #[test]
    fn a_company_cue_makes_a_context_alias_the_company() {
        let names = "id\tname\ttype\tsubtype\tcontext_aliases\n\
            apple\t苹果公司\tInstitution\tcompany\t苹果\n\
            fruit\t苹果村\tPlace\tvillage\t苹果\n";
        let r = recognizer_of(names, MATCHING_ONLY);
        let entities = |text: &str| -> Vec<(String, String)> {
            r.recognise(&Document::from_text("t", text))
                .into_iter()
                .map(|m| match m.target {
                    Target::Known(e) => (m.text, r.gazetteer().entity(e).id.clone()),
                    Target::Unlinked(u) => (m.text, u.name),
                })
                .collect()
        };
        let apple = || vec![("苹果".to_string(), "apple".to_string())];
        // Its offices, its acts and its shares' moves name the company.
        assert_eq!(entities("苹果旗下的音箱将上市"), apple());
        assert_eq!(entities("苹果涨0.97%，奈飞大涨"), apple());
        assert_eq!(entities("苹果 宣布了新的计划"), apple());
        // The fruit's price and a product are no cue; nor a rise that is no share's move.
        assert!(entities("苹果价格上涨").is_empty());
        assert!(entities("苹果涨价了").is_empty());
        assert!(entities("他买了苹果手机").is_empty());
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
    fn a_bodys_offices_and_boards_are_names_of_their_own() {
        let names = "id\tname\ttype\taliases\tparent\nCN\t中国\tPlace\t\t\n\
            gov\t甲乙市人民政府\tInstitution\t\tCN\ngl\t甲乙电器\tInstitution\t\tCN\n";
        let r = recognizer_of(names, RecognizerOptions::default());
        let got: Vec<(String, String)> = r
            .recognise(&Document::from_text(
                "t",
                "甲乙市人民政府办公厅发文，甲乙电器董事会同意，甲乙电器新一届监事会也同意。",
            ))
            .into_iter()
            .map(|m| {
                let parent = match &m.target {
                    Target::Unlinked(u) => u.parent.map(|p| r.gazetteer().entity(p).id.clone()),
                    Target::Known(e) => Some(format!("= {}", r.gazetteer().entity(*e).id)),
                };
                (m.text, parent.unwrap_or_default())
            })
            .collect();
        let m = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            got,
            [
                m("甲乙市人民政府办公厅", "gov"),
                m("甲乙电器董事会", "gl"),
                // A board's term is no part of its name: the company stands alone.
                m("甲乙电器", "= gl"),
            ]
        );
    }

    #[test]
    fn a_defined_short_form_names_its_name_throughout_the_document() {
        let names = "id\tname\ttype\taliases\tparent\nCN\t中国\tPlace\t\t\n\
            13\t河北省\tPlace\t河北\tCN\n1301\t石家庄市\tPlace\t石家庄\t13\nsse\t上海证券交易所\tInstitution\t上交所\tCN\n";
        let r = recognizer_of(names, RecognizerOptions::default());
        let text =
            "河北省交通运输厅（以下简称“省交通厅”）与石家庄晨曦光电有限公司（下称“晨曦光电”）\
            签约。省交通厅称，晨曦光电将参与。上海证券交易所（以下简称交易所）发布通知。\
            各交易所和公司（简称“公司”）照办。";
        let got: Vec<(String, String, &str)> = r
            .recognise(&Document::from_text("t", text))
            .into_iter()
            .map(|m| {
                let (id, _, _) = crate::catalog::describe(r.gazetteer(), &m.target);
                (m.text, id, m.resolution.as_str())
            })
            .collect();
        let m = |a: &str, b: &str, c: &'static str| (a.to_string(), b.to_string(), c);
        let office = "rule:河北省交通运输厅";
        let company = "rule:石家庄晨曦光电有限公司";
        assert_eq!(
            got,
            [
                m("河北省交通运输厅", office, "rule"),
                m("省交通厅", office, "scope"),
                m("石家庄晨曦光电有限公司", company, "rule"),
                m("晨曦光电", company, "scope"),
                m("省交通厅", office, "scope"),
                m("晨曦光电", company, "scope"),
                // A bare suffix (交易所) is a common word too, and a common word (公司) no name.
                m("上海证券交易所", "sse", "unique"),
            ]
        );
    }

    #[test]
    fn unknown_items_of_a_list_of_organisations_are_organisations() {
        let names = "id\tname\ttype\tsubtype\taliases\tparent\n\
            s1\t甲乙电器\tInstitution\tlisted-company\t\t\n\
            s2\t银河电子\tInstitution\tlisted-company\t\t\n";
        let r = recognizer_of(names, RecognizerOptions::default());
        let found = |text: &str| -> Vec<(String, String)> {
            r.recognise(&Document::from_text("t", text))
                .into_iter()
                .map(|m| {
                    let (id, _, _) = crate::catalog::describe(r.gazetteer(), &m.target);
                    (m.text, id)
                })
                .collect()
        };
        let m = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            found("其中，甲乙电器、骅川文化、银河电子、麦洛数字等公司预亏。麦洛数字回应。"),
            [
                m("甲乙电器", "s1"),
                m("骅川文化", "rule:骅川文化"),
                m("银河电子", "s2"),
                m("麦洛数字", "rule:麦洛数字"),
                // Found again where the document names it alone.
                m("麦洛数字", "rule:麦洛数字"),
            ]
        );
        // Common words in a list are no names; two items are no list.
        assert_eq!(
            found("甲乙电器、银河电子、资金和技术。甲乙电器、骅川文化。"),
            [
                m("甲乙电器", "s1"),
                m("银河电子", "s2"),
                m("甲乙电器", "s1")
            ]
        );
    }

    #[test]
    fn repeated_sentences_are_recognised_once() {
        let r = recognizer();
        let got = tag(&r, "雄安新区建设提速。\n雄安新区建设提速。");
        assert_eq!(got.len(), 1);
    }
}
