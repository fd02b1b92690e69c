//! The gazetteer pass: every name and alias matched leftmost-longest in one automaton (context
//! aliases in a second one, where no name overlaps them), each match checked against jieba's
//! word boundaries, falling back to a shorter name at the same place; a rejected match may head
//! an organisation jieba knows (美国 + 财政部) or a compound (中国 + 国情).

use super::boundary::MAX_CHECKED_CHARS;
use super::lexicon::COMPANY_FORMS;
use super::rules::{self, Anchor, Rule};
use super::Recognizer;
use crate::gazetteer::subtype::Subtype;
use crate::gazetteer::EntityType;

/// A gazetteer match that passed: its byte range in the normalised text and its pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct KnownMatch {
    pub start: usize,
    pub end: usize,
    pub pattern: u32,
}

/// An organisation jieba knows that a rejected known match heads (美国财政部, 中国队): where it
/// ends, the index of the match in the pass's `known`, and the rule that found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct HeadedOrganisation {
    pub end: usize,
    pub head: usize,
    pub rule: Rule,
}

/// What the gazetteer pass found.
pub(super) struct GazetteerPass {
    /// Sorted and non-overlapping.
    pub known: Vec<KnownMatch>,
    pub organisations: Vec<HeadedOrganisation>,
}

/// What a match the boundary check rejected heads in jieba's dictionary.
enum Headed {
    /// An organisation name (美国财政部): where it ends, and the rule that found it.
    Organisation(usize, Rule),
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
struct RawMatch {
    start: usize,
    end: usize,
    pattern: u32,
}

impl Recognizer {
    /// The gazetteer's matches in `text` that pass the boundary check (or are rescued by what
    /// they head), and the organisations rejected matches head.
    pub(super) fn match_gazetteer(&self, text: &str) -> GazetteerPass {
        let mut known: Vec<KnownMatch> = Vec::new();
        let mut organisations: Vec<HeadedOrganisation> = Vec::new();
        // The rest of a compound a country heads (台湾 of 中国台湾), to take without the
        // boundary check if it is the next match.
        let mut compound_rest: Option<(usize, usize)> = None;
        for m in self.raw_matches(text) {
            let whole = KnownMatch {
                start: m.start,
                end: m.end,
                pattern: m.pattern,
            };
            if compound_rest.take() == Some((m.start, m.end)) {
                known.push(whole);
                continue;
            }
            if let Some((end, pattern)) = self.checked(text, m.start, m.end, m.pattern) {
                // 北京时间 is a time zone, not Beijing.
                if self.boundary_check
                    && (rules::in_person_name(text, m.start, end)
                        || text[end..].starts_with("时间"))
                    && self.candidates[pattern as usize]
                        .iter()
                        .all(|c| self.gazetteer.entity(c.entity).kind == EntityType::Place)
                {
                    continue;
                }
                let end = end + self.company_form_after(text, end, pattern);
                known.push(KnownMatch {
                    start: m.start,
                    end,
                    pattern,
                });
            } else {
                match self.organisation_headed(text, m.start, m.end, m.pattern) {
                    Headed::Organisation(end, rule) => {
                        organisations.push(HeadedOrganisation {
                            end,
                            head: known.len(),
                            rule,
                        });
                        known.push(whole);
                    }
                    Headed::Place => known.push(whole),
                    Headed::Compound(word_end) => {
                        known.push(whole);
                        compound_rest = Some((m.end, word_end));
                    }
                    Headed::Nothing => {}
                }
            }
        }
        GazetteerPass {
            known,
            organisations,
        }
    }

    /// The automaton's matches, leftmost-longest, in text order, with the context-only matches
    /// that overlap none of them.
    fn raw_matches(&self, text: &str) -> Vec<RawMatch> {
        let mut matches: Vec<RawMatch> = self
            .automaton
            .leftmost_find_iter(text)
            .map(|m| RawMatch {
                start: m.start(),
                end: m.end(),
                pattern: m.value(),
            })
            .collect();
        if let Some(scoped) = &self.scoped_automaton {
            let main = matches.len();
            for m in scoped.leftmost_find_iter(text) {
                let next = matches[..main].partition_point(|x| x.end <= m.start());
                if matches[..main].get(next).is_none_or(|x| x.start >= m.end()) {
                    matches.push(RawMatch {
                        start: m.start(),
                        end: m.end(),
                        pattern: m.value(),
                    });
                }
            }
            if matches.len() > main {
                matches.sort_unstable();
            }
        }
        matches
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
            Headed::Organisation(org_end, if nt { Rule::JiebaNt } else { Rule::JiebaWord })
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

    /// What a gazetteer match can anchor a rule name as: a Chinese place or zone anchors any
    /// suffix (not 中国 itself, nor a foreign country or city: 中国公司, 美国智库 are not names);
    /// an institution anchors the names of its units (华为 + 业务部).
    pub(super) fn anchor_kind(&self, pattern: u32) -> Anchor {
        let g = &self.gazetteer;
        let candidates = &self.candidates[pattern as usize];
        let place = candidates.iter().any(|c| {
            let e = g.entity(c.entity);
            !c.scoped
                && matches!(e.kind, EntityType::Place | EntityType::Zone)
                && g.depth(c.entity) > 0
                && !Subtype::of(&e.subtype).is_foreign()
        });
        let country = || {
            candidates.iter().any(|c| {
                !c.scoped
                    && g.entity(c.entity).kind == EntityType::Place
                    && (g.depth(c.entity) == 0
                        || Subtype::of(&g.entity(c.entity).subtype).is_foreign())
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
}
