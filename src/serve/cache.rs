//! Answers kept for the questions asked again: a store never changes under a server (a build
//! swaps a new one in, which starts a new generation), so an answer is valid for as long as its
//! store is the one served. Bounded in bytes; the oldest answers go first.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// What identifies an answer: the store's generation, the query, its parameters and dataset,
/// and the media type it was written in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub generation: u64,
    pub sparql: String,
    pub params: Vec<(String, String)>,
    pub dataset: String,
    pub media: &'static str,
}

/// A byte-bounded first-in, first-out cache of answers.
pub struct Cache {
    limit: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    answers: HashMap<Key, Arc<Vec<u8>>>,
    order: VecDeque<Key>,
    bytes: usize,
}

impl Cache {
    /// A cache holding up to `limit` bytes of answers (0: none).
    pub fn new(limit: usize) -> Cache {
        Cache {
            limit,
            inner: Mutex::new(Inner::default()),
        }
    }

    pub fn get(&self, key: &Key) -> Option<Arc<Vec<u8>>> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.answers.get(key).cloned()
    }

    /// Keeps an answer, dropping the oldest ones (and any of an older generation) to make room;
    /// an answer larger than a quarter of the cache is not kept.
    pub fn put(&self, key: Key, answer: Arc<Vec<u8>>) {
        if answer.len() > self.limit / 4 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner
            .order
            .front()
            .is_some_and(|k| k.generation < key.generation)
        {
            *inner = Inner::default();
        }
        if inner.answers.contains_key(&key) {
            return;
        }
        while inner.bytes + answer.len() > self.limit {
            let Some(old) = inner.order.pop_front() else {
                break;
            };
            if let Some(a) = inner.answers.remove(&old) {
                inner.bytes -= a.len();
            }
        }
        inner.bytes += answer.len();
        inner.order.push_back(key.clone());
        inner.answers.insert(key, answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(generation: u64, sparql: &str) -> Key {
        Key {
            generation,
            sparql: sparql.into(),
            params: Vec::new(),
            dataset: String::new(),
            media: "text/csv",
        }
    }

    #[test]
    fn keeps_answers_within_its_bytes_and_forgets_old_stores() {
        let cache = Cache::new(100);
        cache.put(key(0, "a"), Arc::new(vec![0; 20]));
        cache.put(key(0, "b"), Arc::new(vec![1; 20]));
        assert_eq!(cache.get(&key(0, "a")).unwrap().len(), 20);
        // Too big for it: not kept.
        cache.put(key(0, "big"), Arc::new(vec![2; 30]));
        assert!(cache.get(&key(0, "big")).is_none());
        for q in ["c", "d", "e"] {
            cache.put(key(0, q), Arc::new(vec![3; 20]));
        }
        // 100 bytes: the fifth answer of 20 fits, a sixth pushes the first out.
        cache.put(key(0, "f"), Arc::new(vec![4; 20]));
        assert!(cache.get(&key(0, "a")).is_none());
        assert!(cache.get(&key(0, "f")).is_some());
        // Another store: nothing of the old one is served or kept.
        assert!(cache.get(&key(1, "f")).is_none());
        cache.put(key(1, "g"), Arc::new(vec![5; 20]));
        assert!(cache.get(&key(0, "f")).is_none());
        assert!(cache.get(&key(1, "g")).is_some());
    }
}
