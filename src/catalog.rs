//! The entities a run knows: the gazetteer's, plus the unlinked ones rules found. Unlinked
//! entities get ids after the gazetteer's, in order of first mention, so the same input gives the
//! same ids; the same normalised name is one entity across documents.
//!
//! Stages after recognition (graph, RDF) look entities up here rather than in the gazetteer.

use crate::gazetteer::{Entity, EntityId, EntityType, Gazetteer, Origin};
use crate::recognise::{Rule, Target, Unlinked};
use rustc_hash::FxHashMap;
use std::path::PathBuf;

/// The id an unlinked entity is known by: `rule:` (or `model:` when the learned model found
/// it) and its normalised name.
pub fn unlinked_id(u: &Unlinked) -> String {
    match u.rule {
        Rule::Model => format!("model:{}", u.name),
        _ => format!("rule:{}", u.name),
    }
}

/// (id, name, type) of a mention's target, for output.
pub fn describe<'a>(gazetteer: &'a Gazetteer, target: &'a Target) -> (String, &'a str, EntityType) {
    match target {
        Target::Known(e) => {
            let e = gazetteer.entity(*e);
            (e.id.clone(), e.name.as_str(), e.kind)
        }
        Target::Unlinked(u) => (unlinked_id(u), u.name.as_str(), u.kind),
    }
}

/// Gazetteer entities and the unlinked entities met so far.
pub struct Catalog<'g> {
    gazetteer: &'g Gazetteer,
    extra: Vec<Entity>,
    extra_parents: Vec<Option<EntityId>>,
    extra_rules: Vec<Rule>,
    index: FxHashMap<String, EntityId>,
}

impl<'g> Catalog<'g> {
    pub fn new(gazetteer: &'g Gazetteer) -> Catalog<'g> {
        Catalog {
            gazetteer,
            extra: Vec::new(),
            extra_parents: Vec::new(),
            extra_rules: Vec::new(),
            index: FxHashMap::default(),
        }
    }

    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// The id of a mention's target, registering an unlinked entity the first time it is met.
    pub fn id(&mut self, target: &Target) -> EntityId {
        match target {
            Target::Known(e) => *e,
            Target::Unlinked(u) => match self.index.get(&unlinked_id(u)) {
                Some(&id) => id,
                None => self.register(u),
            },
        }
    }

    fn register(&mut self, u: &Unlinked) -> EntityId {
        let id = (self.gazetteer.len() + self.extra.len()) as EntityId;
        self.extra.push(Entity {
            id: unlinked_id(u),
            name: u.name.clone(),
            kind: u.kind,
            subtype: "unlinked".into(),
            aliases: Vec::new(),
            context_aliases: Vec::new(),
            parent: u.parent.map(|p| self.gazetteer.entity(p).id.clone()),
            members: u
                .members
                .iter()
                .map(|&m| self.gazetteer.entity(m).id.clone())
                .collect(),
            code: None,
            coordinates: None,
            // Found by a rule, read from no file: the rule is kept in `extra_rules`.
            origin: Origin {
                path: PathBuf::new(),
                line: 0,
            },
        });
        self.extra_parents.push(u.parent);
        self.extra_rules.push(u.rule);
        self.index.insert(unlinked_id(u), id);
        id
    }

    /// Number of entities (gazetteer and unlinked).
    pub fn len(&self) -> usize {
        self.gazetteer.len() + self.extra.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn entity(&self, id: EntityId) -> &Entity {
        let n = self.gazetteer.len();
        match (id as usize).checked_sub(n) {
            Some(i) => &self.extra[i],
            None => self.gazetteer.entity(id),
        }
    }

    pub fn parent(&self, id: EntityId) -> Option<EntityId> {
        let n = self.gazetteer.len();
        match (id as usize).checked_sub(n) {
            Some(i) => self.extra_parents[i],
            None => self.gazetteer.parent(id),
        }
    }

    /// The rule that found an unlinked entity (`None` for gazetteer entities).
    pub fn rule(&self, id: EntityId) -> Option<Rule> {
        (id as usize)
            .checked_sub(self.gazetteer.len())
            .map(|i| self.extra_rules[i])
    }

    /// Looks an entity up by its id string.
    pub fn find(&self, id: &str) -> Option<EntityId> {
        if id.starts_with("rule:") || id.starts_with("model:") {
            self.index.get(id).copied()
        } else {
            self.gazetteer.find(id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlinked_entities_get_stable_ids_in_order_of_first_mention() {
        let g = Gazetteer::builtin().unwrap();
        let mut c = Catalog::new(&g);
        let hebei = g.find("13").unwrap();
        let office = Target::Unlinked(Unlinked {
            kind: EntityType::Institution,
            name: "河北省交通运输厅".into(),
            rule: Rule::Suffix,
            parent: Some(hebei),
            members: Vec::new(),
        });
        let a = c.id(&office);
        assert_eq!(a as usize, g.len());
        assert_eq!(c.id(&Target::Known(hebei)), hebei);
        assert_eq!(c.id(&office), a, "the same name is the same entity");
        assert_eq!(c.entity(a).id, "rule:河北省交通运输厅");
        assert_eq!(c.parent(a), Some(hebei));
        assert_eq!(c.find("rule:河北省交通运输厅"), Some(a));
        assert_eq!(c.rule(a), Some(Rule::Suffix));
        assert_eq!(c.len(), g.len() + 1);
    }
}
