//! The corpus as the store holds it (documents and the entities they name), the hierarchy of
//! places, and roll-up to one administrative level.

use crate::corpus::channel_place;
use crate::error::Result;
use crate::gazetteer::subtype::Subtype;
use crate::gazetteer::EntityType;
use crate::store::read::{Entities, StoredDocument, StoredEntity};
use crate::store::Store;

/// Documents and entities of a store.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub entities: Vec<StoredEntity>,
    pub documents: Vec<StoredDocument>,
}

impl Corpus {
    /// Reads the documents, mentions and entities of a store.
    pub fn from_store(store: &Store) -> Result<Corpus> {
        let entities = Entities::load(store)?;
        let documents = entities.documents(store)?;
        Ok(Corpus {
            entities: entities.list,
            documents,
        })
    }

    /// The entity with this id or name (label or alias), preferring places.
    pub fn find(&self, key: &str) -> Option<usize> {
        let pos = |f: &dyn Fn(&StoredEntity) -> bool| {
            self.entities
                .iter()
                .position(|e| f(e) && e.kind == EntityType::Place)
                .or_else(|| self.entities.iter().position(f))
        };
        pos(&|e| e.id == key)
            .or_else(|| pos(&|e| e.label == key))
            .or_else(|| pos(&|e| e.aliases.iter().any(|a| a == key)))
    }

    /// Depth in the hierarchy (0 for a root such as 中国).
    fn depth(&self, e: usize) -> usize {
        let mut d = 0;
        let mut cur = e;
        while let Some(p) = self.entities[cur].parent {
            d += 1;
            cur = p;
            if d > 64 {
                break;
            }
        }
        d
    }

    /// The entity and its ancestors, nearest first.
    fn chain(&self, e: usize) -> Vec<usize> {
        let mut out = vec![e];
        let mut cur = e;
        while let Some(p) = self.entities[cur].parent {
            if out.contains(&p) || out.len() > 64 {
                break;
            }
            out.push(p);
            cur = p;
        }
        out
    }

    /// Whether `e` is `ancestor` or lies inside it (or inside a member of it, for a composite).
    pub fn within(&self, e: usize, ancestor: usize) -> bool {
        let chain = self.chain(e);
        chain.contains(&ancestor)
            || self.entities[ancestor]
                .members
                .iter()
                .any(|m| chain.contains(m))
    }

    /// The region a channel label names (`河北频道` → 河北省, `房产济南` → 济南市), among the
    /// places of the store.
    pub fn channel_region(&self, channel: &str) -> Option<usize> {
        let name = channel_place(channel)?;
        self.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.kind == EntityType::Place
                    && (e.label == name || e.aliases.iter().any(|a| a == name))
            })
            .min_by_key(|(i, _)| (self.depth(*i), *i))
            .map(|(i, _)| i)
    }
}

/// The administrative level a view counts at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Provinces, autonomous regions, municipalities and special administrative regions.
    Province,
    /// Prefecture-level cities, prefectures and leagues; the four municipalities and Hong Kong
    /// and Macao count as cities of their own.
    Prefecture,
    /// Districts, counties, county-level cities and banners.
    County,
    /// Every entity as it was recognised (no roll-up).
    Entity,
}

impl Corpus {
    /// The node an entity counts for at `level`: the nearest of itself and its ancestors at that
    /// level (雄安新区 → 保定市 → 河北省; 北京城市副中心 → 通州区 → 北京市), or none (a province
    /// at prefecture level, 中国, a foreign place, an institution with no place above it).
    pub fn roll_up(&self, e: usize, level: Level) -> Option<usize> {
        if level == Level::Entity {
            return Some(e);
        }
        let chain = self.chain(e);
        chain.into_iter().find(|&a| {
            let x = &self.entities[a];
            if x.kind != EntityType::Place {
                return false;
            }
            let depth = self.depth(a);
            let subtype = Subtype::of(&x.subtype);
            match level {
                Level::Province => depth == 1 && subtype.is_province_level(),
                Level::Prefecture => {
                    subtype == Subtype::Prefecture || (depth == 1 && subtype.is_provincial_city())
                }
                Level::County => subtype == Subtype::County && depth >= 2,
                Level::Entity => true,
            }
        })
    }
}
