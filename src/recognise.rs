//! Recognition: finds gazetteer names in a document's text and resolves each to one entity.
//!
//! One automaton holds every name and alias (NFKC-normalised) and matches leftmost-longest, so
//! 北京市发改委 beats 北京市 beats 北京. A surface shared by several entities (通州: Beijing's or
//! Nantong's) goes to the candidate whose ancestor is mentioned unambiguously in the same
//! document, else to the prior: official names before aliases, higher levels before lower ones,
//! earlier gazetteer rows first. Each mention records which of these decided it.

use crate::corpus::Document;
use crate::error::{Error, Result};
use crate::gazetteer::{EntityId, Gazetteer};
use crate::text::{CharCounter, Normalized};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// How a mention's entity was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// The surface names one entity only.
    Unique,
    /// Several entities share the surface; an ancestor of this one is mentioned in the document.
    Context,
    /// Several entities share the surface and the document does not decide; the prior did.
    Prior,
}

impl Resolution {
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Unique => "unique",
            Resolution::Context => "context",
            Resolution::Prior => "prior",
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
    pub entity: EntityId,
    pub resolution: Resolution,
    /// Number of entities the surface could have meant.
    pub candidates: usize,
}

/// A gazetteer compiled into a matcher. Cheap to share between threads.
pub struct Recognizer {
    gazetteer: Gazetteer,
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    /// Candidate entities of each pattern, in prior order.
    candidates: Vec<Vec<EntityId>>,
}

impl Recognizer {
    pub fn new(gazetteer: Gazetteer) -> Result<Recognizer> {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut entries: Vec<Vec<(bool, u32, EntityId)>> = Vec::new();
        for (surface, entity, is_name) in gazetteer.surfaces() {
            let normal: String = surface.nfkc().collect();
            if normal.trim().is_empty() {
                continue;
            }
            let slot = *index.entry(normal).or_insert_with(|| {
                entries.push(Vec::new());
                (entries.len() - 1) as u32
            });
            let list = &mut entries[slot as usize];
            if !list.iter().any(|&(_, _, e)| e == entity) {
                list.push((!is_name, gazetteer.depth(entity), entity));
            }
        }
        let candidates: Vec<Vec<EntityId>> = entries
            .into_iter()
            .map(|mut list| {
                list.sort();
                list.into_iter().map(|(_, _, e)| e).collect()
            })
            .collect();
        let mut patterns: Vec<(String, u32)> = index.into_iter().collect();
        patterns.sort();
        if patterns.is_empty() {
            return Err(Error::Invalid("the gazetteers hold no names".into()));
        }
        let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build_with_values(patterns)
            .map_err(|e| Error::Invalid(format!("cannot build the name automaton: {e}")))?;
        Ok(Recognizer {
            gazetteer,
            automaton,
            candidates,
        })
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Number of distinct surfaces the automaton looks for.
    pub fn surface_count(&self) -> usize {
        self.candidates.len()
    }

    /// Raw leftmost-longest matches of `text` as (byte start, byte end, pattern); for benchmarks.
    pub fn raw_matches<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, usize, u32)> + 't {
        self.automaton
            .leftmost_find_iter(text)
            .map(|m| (m.start(), m.end(), m.value()))
    }

    /// Mentions of a document, in text order. Sentences marked repeated are skipped.
    pub fn recognise(&self, doc: &Document) -> Vec<Mention> {
        let normalized = Normalized::new(&doc.text);
        let mut found: Vec<(usize, std::ops::Range<usize>, u32)> = Vec::new();
        let mut sentence = 0;
        for m in self.automaton.leftmost_find_iter(normalized.as_str()) {
            let range = normalized.original_range(m.start()..m.end(), &doc.text);
            while sentence < doc.sentences.len() && doc.sentences[sentence].range.end <= range.start
            {
                sentence += 1;
            }
            let Some(s) = doc.sentences.get(sentence) else {
                break;
            };
            if s.repeated || range.start < s.range.start || range.end > s.range.end {
                continue;
            }
            found.push((sentence, range, m.value()));
        }

        // Entities named unambiguously give the context for the ambiguous ones.
        let context: HashSet<EntityId> = found
            .iter()
            .filter_map(|(_, _, p)| match self.candidates[*p as usize].as_slice() {
                [only] => Some(*only),
                _ => None,
            })
            .collect();

        let mut chars = CharCounter::new(&doc.text);
        found
            .into_iter()
            .map(|(sentence, range, pattern)| {
                let candidates = &self.candidates[pattern as usize];
                let (entity, resolution) = self.resolve(candidates, &context);
                Mention {
                    sentence,
                    start: chars.char_offset(range.start),
                    end: chars.char_offset(range.end),
                    text: doc.text[range].to_string(),
                    entity,
                    resolution,
                    candidates: candidates.len(),
                }
            })
            .collect()
    }

    fn resolve(
        &self,
        candidates: &[EntityId],
        context: &HashSet<EntityId>,
    ) -> (EntityId, Resolution) {
        if let [only] = candidates {
            return (*only, Resolution::Unique);
        }
        let g = &self.gazetteer;
        match candidates
            .iter()
            .find(|&&c| g.ancestors(c).any(|a| context.contains(&a)))
        {
            Some(&c) => (c, Resolution::Context),
            None => (candidates[0], Resolution::Prior),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{parse_file, Gazetteer};
    use std::path::Path;

    fn recognizer() -> Recognizer {
        let tsv = "id\tname\ttype\taliases\tparent\n\
            CN\t中国\tPlace\t\t\n\
            11\t北京市\tPlace\t北京\tCN\n\
            110112\t通州区\tPlace\t通州\t11\n\
            32\t江苏省\tPlace\t江苏\tCN\n\
            3206\t南通市\tPlace\t南通\t32\n\
            320612\t通州区\tPlace\t通州\t3206\n\
            22\t吉林省\tPlace\t吉林\tCN\n\
            2202\t吉林市\tPlace\t\t22\n\
            bjndrc\t北京市发展和改革委员会\tInstitution\t北京市发改委\t11\n\
            xiongan\t雄安新区\tZone\t雄安\t\n\
            jjj\t京津冀\tPlace\t\t\n\
            xiaomi\t小米\tInstitution\t\t\n";
        let mut problems = Vec::new();
        let layer = parse_file(Path::new("t.tsv"), tsv.as_bytes(), &mut problems);
        Recognizer::new(Gazetteer::from_layers(vec![layer], problems).unwrap()).unwrap()
    }

    fn tag(r: &Recognizer, text: &str) -> Vec<(String, String, &'static str)> {
        let doc = Document::new(
            Document {
                id: "t".into(),
                path: "t.txt".into(),
                line: None,
                title: None,
                date: None,
                source: None,
                channel: None,
                text: text.into(),
                sentences: Vec::new(),
                body_start: 0,
            },
            false,
        );
        r.recognise(&doc)
            .into_iter()
            .map(|m| {
                let chars: String = text.chars().skip(m.start).take(m.end - m.start).collect();
                assert_eq!(chars, m.text, "offsets index the text");
                let e = r.gazetteer().entity(m.entity);
                (m.text, e.id.clone(), m.resolution.as_str())
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
            (
                "雄安新区与京津冀",
                &[
                    ("雄安新区", "xiongan", "unique"),
                    ("京津冀", "jjj", "unique"),
                ],
            ),
            // Kangxi radicals and full-width forms are matched after NFKC, offsets stay original.
            (
                "\u{2F29}\u{2F76}公司",
                &[("\u{2F29}\u{2F76}", "xiaomi", "unique")],
            ),
            ("没有地名", &[]),
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
    fn repeated_sentences_are_recognised_once() {
        let r = recognizer();
        let got = tag(&r, "雄安新区建设提速。\n雄安新区建设提速。");
        assert_eq!(got.len(), 1);
    }
}
