//! Compiling a gazetteer into the recogniser: every surface normalised once, its candidate
//! entities in prior order, two automata (names, and context-only aliases), the one-character
//! abbreviations, and jieba's dictionary with the gazetteer's short names, built side by side.

use super::boundary::BoundaryChecker;
use super::rules::Rules;
use super::{Recognizer, RecognizerOptions};
use crate::error::{Error, Result};
use crate::gazetteer::{EntityId, Gazetteer, SurfaceKind};
use crate::text::CharFilter;
use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use jieba_rs::Jieba;
use rustc_hash::FxHashMap;

/// One entity a surface may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate {
    pub entity: EntityId,
    /// Only valid in the scope of the entity (a context alias).
    pub scoped: bool,
}

impl Recognizer {
    /// A recogniser with the default options.
    pub fn new(gazetteer: Gazetteer) -> Result<Recognizer> {
        Recognizer::with_options(gazetteer, RecognizerOptions::default())
    }

    pub fn with_options(gazetteer: Gazetteer, options: RecognizerOptions) -> Result<Recognizer> {
        Recognizer::compile(gazetteer, options, None)
    }

    /// The same, with jieba's default dictionary already loaded (see [`Dictionary`]), used
    /// when the options ask for jieba.
    pub fn with_dictionary(
        gazetteer: Gazetteer,
        options: RecognizerOptions,
        dictionary: Option<Dictionary>,
    ) -> Result<Recognizer> {
        Recognizer::compile(gazetteer, options, dictionary.map(|d| d.0))
    }

    fn compile(
        gazetteer: Gazetteer,
        options: RecognizerOptions,
        jieba: Option<Jieba>,
    ) -> Result<Recognizer> {
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
                let names = main_patterns.iter().map(|(p, _)| p.as_str());
                needs_jieba(&options)
                    .then(|| BoundaryChecker::with_dictionary(jieba.unwrap_or_default(), names))
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
            model: None,
            boundary_check: options.boundary_check,
        })
    }
}

/// Whether the options ask for jieba (the boundary check, or the statistical layer).
fn needs_jieba(options: &RecognizerOptions) -> bool {
    options.boundary_check || options.statistical
}

/// jieba's default dictionary, loaded apart from the gazetteers so that the two can load side
/// by side: together with the automata they are most of every command's start-up.
pub struct Dictionary(Jieba);

impl Dictionary {
    /// The dictionary, when the options ask for jieba.
    pub fn load(options: &RecognizerOptions) -> Option<Dictionary> {
        needs_jieba(options).then(|| Dictionary(Jieba::new()))
    }
}
