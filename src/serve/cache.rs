//! Answers kept for the questions asked again: a store never changes under a server (a build
//! swaps a new one in, which starts a new generation), so an answer is valid for as long as its
//! store is the one served. Bounded in bytes; the oldest answers go first. A question asked by
//! several clients at once is computed once: the others wait for that answer.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

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
    /// Signalled when a computation ends.
    done: Condvar,
}

#[derive(Default)]
struct Inner {
    answers: HashMap<Key, Arc<Vec<u8>>>,
    order: VecDeque<Key>,
    bytes: usize,
    /// Answers being computed now.
    computing: HashSet<Key>,
}

/// What [`Cache::get_or_lead`] found.
pub enum Lookup<'a> {
    /// The kept answer.
    Hit(Arc<Vec<u8>>),
    /// No answer: compute it (and [`Cache::put`] it); others asking meanwhile wait for it until
    /// the turn is dropped.
    Lead(Turn<'a>),
}

/// The turn to compute an answer; ends when dropped.
pub struct Turn<'a> {
    cache: &'a Cache,
    key: Option<Key>,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            let mut inner = self.cache.inner.lock().unwrap_or_else(|e| e.into_inner());
            inner.computing.remove(&key);
            self.cache.done.notify_all();
        }
    }
}

impl Cache {
    /// A cache holding up to `limit` bytes of answers (0: none).
    pub fn new(limit: usize) -> Cache {
        Cache {
            limit,
            inner: Mutex::new(Inner::default()),
            done: Condvar::new(),
        }
    }

    /// The kept answer; or, while another request computes it, that answer once it is done
    /// (waiting up to `patience`); else the turn to compute it. Without a cache (0 bytes) every
    /// request computes its own.
    pub fn get_or_lead(&self, key: &Key, patience: Duration) -> Lookup<'_> {
        if self.limit == 0 {
            return Lookup::Lead(Turn {
                cache: self,
                key: None,
            });
        }
        let until = Instant::now() + patience;
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(answer) = inner.answers.get(key) {
                return Lookup::Hit(Arc::clone(answer));
            }
            let now = Instant::now();
            if !inner.computing.contains(key) || now >= until {
                // Waited long enough (or nobody computes it): compute it here; only the first
                // turn marks it as being computed.
                let first = inner.computing.insert(key.clone());
                return Lookup::Lead(Turn {
                    cache: self,
                    key: first.then(|| key.clone()),
                });
            }
            inner = self
                .done
                .wait_timeout(inner, until - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// The kept answer, without waiting for one being computed (the tests' look inside).
    #[cfg(test)]
    fn get(&self, key: &Key) -> Option<Arc<Vec<u8>>> {
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
            // A new store: forget the old one's answers, not who is computing what now.
            let computing = std::mem::take(&mut inner.computing);
            *inner = Inner {
                computing,
                ..Inner::default()
            };
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

    #[test]
    fn a_question_asked_at_once_is_computed_once() {
        let cache = Arc::new(Cache::new(1000));
        let computed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let askers: Vec<_> = (0..4)
            .map(|_| {
                let (cache, computed) = (Arc::clone(&cache), Arc::clone(&computed));
                std::thread::spawn(move || {
                    match cache.get_or_lead(&key(0, "q"), Duration::from_secs(10)) {
                        Lookup::Hit(answer) => answer.len(),
                        Lookup::Lead(_turn) => {
                            computed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(200));
                            cache.put(key(0, "q"), Arc::new(vec![7; 10]));
                            10
                        }
                    }
                })
            })
            .collect();
        for asker in askers {
            assert_eq!(asker.join().unwrap(), 10);
        }
        assert_eq!(computed.load(std::sync::atomic::Ordering::SeqCst), 1);
        // A failed computation (no answer kept) lets the next one try.
        let failed = cache.get_or_lead(&key(0, "r"), Duration::from_secs(1));
        drop(failed);
        assert!(matches!(
            cache.get_or_lead(&key(0, "r"), Duration::from_secs(1)),
            Lookup::Lead(_)
        ));
    }

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
