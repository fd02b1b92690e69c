//! Resolution: which entity each ambiguous surface names, from what the document says about
//! where it is (the entities it names unambiguously and their ancestors, the region of its
//! channel, the province it names most), and whether a context alias is in its entity's scope.

use super::lexicon::COMPANY_CUES;
use super::matching::KnownMatch;
use super::{Candidate, Recognizer, Resolution};
use crate::corpus::Document;
use crate::gazetteer::{EntityId, EntityType};
use rustc_hash::{FxHashMap, FxHashSet};

/// What a document says about where it is: the entities it names unambiguously (with their
/// ancestors), the region of its channel, and the province it names most.
pub(super) struct Context {
    named: FxHashSet<EntityId>,
    channel: Option<EntityId>,
    dominant: Option<EntityId>,
}

impl Recognizer {
    /// The document's context from the gazetteer matches placed in it (`placed[i]` for
    /// `known[i]`). Entities named unambiguously (by a surface that is not a context alias), and
    /// their ancestors, give the context for the ambiguous and the context-bound ones: naming
    /// 北京城市副中心 or 北京市政府 puts 通州区 or 北京市 in context.
    pub(super) fn context(&self, doc: &Document, known: &[KnownMatch], placed: &[bool]) -> Context {
        let g = &self.gazetteer;
        let mut named: FxHashSet<EntityId> = FxHashSet::default();
        let mut provinces: FxHashMap<EntityId, usize> = FxHashMap::default();
        for (k, _) in known.iter().zip(placed).filter(|(_, &p)| p) {
            if let [only] = self.candidates[k.pattern as usize].as_slice() {
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
        Context {
            named,
            channel: doc.channel.as_deref().and_then(|c| self.channel_region(c)),
            dominant,
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

    /// A company a context alias names whatever the document's context, because a company cue
    /// follows it (`after`, the text after the match): one of [`COMPANY_CUES`] (苹果 + 旗下,
    /// 小米 + 发布), or a move of its shares (苹果 + 涨0.97%, 大跌4.5%, 涨停). The first such
    /// candidate that is a company.
    pub(super) fn company_cue(
        &self,
        candidates: &[Candidate],
        after: &str,
    ) -> Option<(EntityId, Resolution)> {
        let after = after.trim_start_matches(' ');
        let moves = ["大涨", "大跌", "上涨", "下跌", "涨", "跌"]
            .iter()
            .find_map(|m| after.strip_prefix(m))
            .is_some_and(|rest| {
                rest.starts_with(|c: char| c.is_ascii_digit() || "超逾近停".contains(c))
            });
        if !moves && !COMPANY_CUES.iter().any(|c| after.starts_with(c)) {
            return None;
        }
        let g = &self.gazetteer;
        candidates
            .iter()
            .find(|c| {
                let e = g.entity(c.entity);
                c.scoped
                    && e.kind == EntityType::Institution
                    && matches!(e.subtype.as_str(), "company" | "listed-company")
            })
            .map(|c| (c.entity, Resolution::Scope))
    }

    /// Chooses among a surface's candidates: the only viable one; else those named elsewhere in
    /// the document, else those whose ancestor is named; a tie among them, or no such candidate,
    /// goes to the one in the channel's region, then to the one in the province the document
    /// names most, then to the prior (the first).
    pub(super) fn resolve(
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
