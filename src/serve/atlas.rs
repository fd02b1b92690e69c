//! What the page asks about entities, answered from memory: the store's read model
//! ([`crate::store::read`]) loaded once per store (on the first such request, and again after a
//! build swaps a new store in). Search by name or alias, an entity's card (parent chain, counts,
//! a monthly timeline, the most associated entities by NPMI and by shared windows), and its ego
//! network. Evidence sentences come from the store and the documents' sources
//! ([`evidence`]).

use crate::error::Result;
use crate::store::read::{Entities, StoredEntity, StoredPair};
use crate::store::Store;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

/// The entities and pairs of one store, indexed for the page.
pub struct Atlas {
    entities: Entities,
    pairs: Vec<StoredPair>,
    /// For each entity: (the other entity, the pair's index), strongest first.
    neighbours: Vec<Vec<(usize, usize)>>,
    /// For each entity: documents per month (`YYYY-MM`).
    months: Vec<BTreeMap<String, u64>>,
    by_id: HashMap<String, usize>,
}

impl Atlas {
    pub fn load(store: &Store) -> Result<Atlas> {
        let entities = Entities::load(store)?;
        let pairs = entities.pairs(store)?;
        let documents = entities.documents(store)?;
        let n = entities.list.len();
        let mut neighbours: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        for (i, p) in pairs.iter().enumerate() {
            neighbours[p.source].push((p.target, i));
            neighbours[p.target].push((p.source, i));
        }
        for list in &mut neighbours {
            list.sort_by(|a, b| {
                pairs[b.1]
                    .weight
                    .total_cmp(&pairs[a.1].weight)
                    .then(a.0.cmp(&b.0))
            });
        }
        let mut months: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); n];
        for d in &documents {
            let Some(month) = d.date.as_deref().and_then(|d| d.get(..7)) else {
                continue;
            };
            let mut seen: Vec<usize> = d.mentions.iter().map(|m| m.entity).collect();
            seen.dedup();
            for e in seen {
                *months[e].entry(month.to_string()).or_default() += 1;
            }
        }
        let by_id = entities
            .list
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Ok(Atlas {
            entities,
            pairs,
            neighbours,
            months,
            by_id,
        })
    }

    pub fn find(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    fn entity(&self, i: usize) -> &StoredEntity {
        &self.entities.list[i]
    }

    fn mentions(&self, i: usize) -> u64 {
        self.entity(i).counts.as_ref().map_or(0, |c| c.mentions)
    }

    /// An entity in a list: id, name, type and parent's name.
    fn brief(&self, i: usize) -> Value {
        let e = self.entity(i);
        json!({
            "id": e.id,
            "name": e.label,
            "type": e.kind.as_str(),
            "parent": e.parent.map(|p| self.entity(p).label.clone()),
            "mentions": self.mentions(i),
        })
    }

    /// Entities whose name or an alias contains `q` (Latin letters in any case): exact names
    /// first, then names starting with it, then the most mentioned.
    pub fn search(&self, q: &str, limit: usize) -> Value {
        let q = q.trim().to_lowercase();
        if q.is_empty() {
            return json!([]);
        }
        let mut hits: Vec<(u8, u64, usize, &str)> = Vec::new();
        for (i, e) in self.entities.list.iter().enumerate() {
            let best = std::iter::once(&e.label)
                .chain(&e.aliases)
                .filter_map(|name| {
                    let lower = name.to_lowercase();
                    if lower == q {
                        Some((0, name))
                    } else if lower.starts_with(&q) {
                        Some((1, name))
                    } else if lower.contains(&q) {
                        Some((2, name))
                    } else {
                        None
                    }
                })
                .min_by_key(|(rank, _)| *rank);
            if let Some((rank, name)) = best {
                hits.push((rank, self.mentions(i), i, name.as_str()));
            }
        }
        hits.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.cmp(&a.1))
                .then(self.entity(a.2).id.cmp(&self.entity(b.2).id))
        });
        Value::Array(
            hits.iter()
                .take(limit)
                .map(|&(_, _, i, name)| {
                    let mut b = self.brief(i);
                    b["matched"] = json!(name);
                    b
                })
                .collect(),
        )
    }

    /// The first `top` of a list sorted strongest first, and the first `top` of each type in it
    /// (in the list's order): the page shows the first `top` of all types, or of one type.
    fn top_per_type<T>(&self, sorted: Vec<T>, entity: impl Fn(&T) -> usize, top: usize) -> Vec<T> {
        let mut taken: HashMap<crate::gazetteer::EntityType, usize> = HashMap::new();
        sorted
            .into_iter()
            .enumerate()
            .filter(|(rank, x)| {
                let n = taken.entry(self.entity(entity(x)).kind).or_default();
                *n += 1;
                *rank < top || *n <= top
            })
            .map(|(_, x)| x)
            .collect()
    }

    /// An entity's card.
    pub fn card(&self, i: usize, top: usize) -> Value {
        let e = self.entity(i);
        let mut chain = Vec::new();
        let mut at = e.parent;
        while let Some(p) = at {
            if chain.len() > 16 {
                break;
            }
            chain.push(self.brief(p));
            at = self.entity(p).parent;
        }
        let link = |&(other, pair): &(usize, usize)| {
            let p = &self.pairs[pair];
            let mut b = self.brief(other);
            b["windows"] = json!(p.windows);
            b["documents"] = json!(p.documents);
            b["weight"] = json!(p.weight);
            b["npmi"] = json!(p.npmi);
            b
        };
        let tops = |sorted: Vec<&(usize, usize)>| -> Vec<Value> {
            self.top_per_type(sorted, |l| l.0, top)
                .into_iter()
                .map(link)
                .collect()
        };
        let by_count = tops(self.neighbours[i].iter().collect());
        let mut by_npmi: Vec<&(usize, usize)> = self.neighbours[i]
            .iter()
            .filter(|(_, p)| self.pairs[*p].windows >= 2 && self.pairs[*p].npmi.is_some())
            .collect();
        by_npmi.sort_by(|a, b| {
            let npmi = |x: &(usize, usize)| self.pairs[x.1].npmi.unwrap_or(f64::MIN);
            npmi(b).total_cmp(&npmi(a)).then(a.0.cmp(&b.0))
        });
        let by_npmi = tops(by_npmi);
        let counts = e.counts.as_ref();
        json!({
            "id": e.id,
            "name": e.label,
            "type": e.kind.as_str(),
            "subtype": e.subtype,
            "code": e.code,
            "lat": e.lat,
            "lon": e.lon,
            "aliases": e.aliases,
            "members": e.members.iter().map(|&m| self.brief(m)).collect::<Vec<_>>(),
            "chain": chain,
            "mentions": counts.map_or(0, |c| c.mentions),
            "documents": counts.map_or(0, |c| c.documents),
            "neighbours": self.neighbours[i].len(),
            "timeline": self.months[i].iter().map(|(m, n)| json!({"month": m, "documents": n})).collect::<Vec<_>>(),
            "by_count": by_count,
            "by_npmi": by_npmi,
        })
    }

    /// The entities linked with both `a` and `b` (which projects link 北京 and 河北?), the
    /// strongest first by the weaker of their two links; the `top` overall and of each type.
    pub fn common(&self, a: usize, b: usize, top: usize) -> Value {
        let of_b: HashMap<usize, usize> = self.neighbours[b].iter().copied().collect();
        let mut both: Vec<(usize, usize, usize)> = self.neighbours[a]
            .iter()
            .filter(|(other, _)| *other != b)
            .filter_map(|&(other, pa)| of_b.get(&other).map(|&pb| (other, pa, pb)))
            .collect();
        let strength = |&(_, pa, pb): &(usize, usize, usize)| {
            self.pairs[pa].windows.min(self.pairs[pb].windows)
        };
        both.sort_by(|x, y| {
            strength(y)
                .cmp(&strength(x))
                .then(self.entity(x.0).id.cmp(&self.entity(y.0).id))
        });
        let common: Vec<Value> = self
            .top_per_type(both.iter().collect(), |c| c.0, top)
            .into_iter()
            .map(|&(other, pa, pb)| {
                let mut v = self.brief(other);
                v["windows_a"] = json!(self.pairs[pa].windows);
                v["windows_b"] = json!(self.pairs[pb].windows);
                v
            })
            .collect();
        json!({
            "a": self.brief(a),
            "b": self.brief(b),
            "total": both.len(),
            "common": common,
        })
    }

    /// The entity and its `top` strongest neighbours, with the pairs among all of them.
    pub fn ego(&self, i: usize, top: usize) -> Value {
        let mut members: Vec<usize> = vec![i];
        members.extend(self.neighbours[i].iter().take(top).map(|(o, _)| *o));
        let index: HashMap<usize, usize> =
            members.iter().enumerate().map(|(k, &m)| (m, k)).collect();
        let nodes: Vec<Value> = members
            .iter()
            .map(|&m| {
                let mut b = self.brief(m);
                b["ego"] = json!(m == i);
                b
            })
            .collect();
        let mut edges = Vec::new();
        for &m in &members {
            for &(other, pair) in &self.neighbours[m] {
                if m < other && index.contains_key(&other) {
                    let p = &self.pairs[pair];
                    edges.push(json!({
                        "source": self.entity(m).id,
                        "target": self.entity(other).id,
                        "weight": p.weight,
                        "windows": p.windows,
                        "npmi": p.npmi,
                    }));
                }
            }
        }
        edges.sort_by(|a, b| {
            (a["source"].as_str(), a["target"].as_str())
                .cmp(&(b["source"].as_str(), b["target"].as_str()))
        });
        json!({"nodes": nodes, "edges": edges})
    }
}
