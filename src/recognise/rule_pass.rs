//! The rules phase: the rule families run over the text with the gazetteer's matches as anchors
//! ([`super::rules`]), plus the names built from matches themselves (composites of
//! abbreviations, a foreign country's body, a line's section, an organisation a rejected match
//! heads); overlaps settled (the first and longest wins; a plan title may contain names); then
//! the gazetteer matches inside a rule's name absorbed into it.

use super::matching::{GazetteerPass, KnownMatch};
use super::rules::{self, Known, Rule, RuleMatch};
use super::Recognizer;
use crate::gazetteer::subtype::Subtype;
use crate::gazetteer::{EntityId, EntityType};

impl Recognizer {
    /// The names the rules find in `text`, given the gazetteer pass, in text order (longest
    /// first at a start), without overlaps but for plan titles.
    pub(super) fn match_rules(&self, text: &str, pass: &GazetteerPass) -> Vec<RuleMatch> {
        let Some(rules) = &self.rules else {
            return Vec::new();
        };
        let known = &pass.known;
        let spans: Vec<Known> = known
            .iter()
            .map(|k| Known {
                start: k.start,
                end: k.end,
                anchor: self.anchor_kind(k.pattern),
                scoped: self.candidates[k.pattern as usize].iter().all(|c| c.scoped),
            })
            .collect();
        let checker = self.boundary.as_ref().filter(|_| self.boundary_check);
        let mut found = rules.find(text, &spans, checker);
        found.extend(self.abbreviation_runs(text, known, checker));
        found.extend(self.sections(text, known, &spans));
        found.extend(self.foreign_bodies(known));
        found.extend(pass.organisations.iter().map(|o| RuleMatch {
            start: known[o.head].start,
            end: o.end,
            kind: EntityType::Institution,
            rule: o.rule,
            anchor: Some(o.head),
            members: Vec::new(),
        }));
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        // A title the gazetteer knows is that entity, not a new one.
        found.retain(|r| {
            r.kind != EntityType::Plan
                || !known.iter().any(|k| k.start == r.start && k.end == r.end)
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

    /// A foreign country, or Hong Kong or Macao, right before the generic name of a Chinese
    /// national body makes that place's body, not China's (印度 + 央行, 韩国 + 外交部, 美国 +
    /// 证监会, 法国 + 兴业银行, 香港 + 证监会): one new institution over both, anchored by the
    /// place.
    fn foreign_bodies(&self, known: &[KnownMatch]) -> Vec<RuleMatch> {
        let g = &self.gazetteer;
        let Some(china) = g.find("CN") else {
            return Vec::new();
        };
        // The place: a country but China, or a special administrative region; not a world
        // region (亚太央行, 东南亚滴滴 are no bodies).
        let foreign = |p: u32| match self.candidates[p as usize].as_slice() {
            [only] if !only.scoped && only.entity != china => {
                let subtype = Subtype::of(&g.entity(only.entity).subtype);
                let country = subtype == Subtype::Country && g.depth(only.entity) == 0;
                (country || subtype == Subtype::SpecialAdministrativeRegion).then_some(only.entity)
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
                pair[0].end == pair[1].start
                    && foreign(pair[0].pattern)
                        .is_some_and(|place| chinese_body(pair[1].pattern, place))
            })
            .map(|(a, pair)| RuleMatch {
                start: pair[0].start,
                end: pair[1].end,
                kind: EntityType::Institution,
                rule: Rule::ForeignBody,
                anchor: Some(a),
                members: Vec::new(),
            })
            .collect()
    }

    /// Sections and branches of a known line in a known place right after it (京唐铁路北京段,
    /// 京港澳高速河北段): projects of their own, with the line as parent. `spans` are `known`
    /// as the rules see them.
    fn sections(&self, text: &str, known: &[KnownMatch], spans: &[Known]) -> Vec<RuleMatch> {
        let g = &self.gazetteer;
        known
            .iter()
            .enumerate()
            .filter(|&(_, k)| {
                self.candidates[k.pattern as usize]
                    .iter()
                    .all(|c| g.entity(c.entity).kind == EntityType::Project)
            })
            .filter_map(|(i, k)| {
                Some(RuleMatch {
                    start: k.start,
                    end: rules::section_end(text, k.end, spans.get(i + 1))?,
                    kind: EntityType::Project,
                    rule: Rule::Section,
                    anchor: Some(i),
                    members: Vec::new(),
                })
            })
            .collect()
    }
}

/// Which gazetteer matches lie inside a rule's name (not a plan's) and are part of it.
/// `known` is sorted and non-overlapping, so each name's share is found by bisection (a scan per
/// rule match would be quadratic on a long document).
pub(super) fn absorbed(known: &[KnownMatch], rule_matches: &[RuleMatch]) -> Vec<bool> {
    let mut absorbed = vec![false; known.len()];
    for r in rule_matches.iter().filter(|r| r.kind != EntityType::Plan) {
        let first = known.partition_point(|k| k.start < r.start);
        for (i, k) in known.iter().enumerate().skip(first) {
            if k.end > r.end {
                break;
            }
            absorbed[i] = true;
        }
    }
    absorbed
}
