//! The store a server answers from, picked up again when a build swaps a new one in.
//!
//! `regionkg build` loads a new store beside the old one and exchanges the two folders in one
//! step (see [`crate::store::write`]), so the folder at the store's path becomes a different
//! one: its device and inode numbers change. Before each request the server compares them with
//! the folder it opened; when they differ it opens the new store and answers from it, while
//! requests already running keep the old one (an `Arc`) until they finish. A request that
//! fails because the old store's files vanished under it is run again on the new one.

use crate::error::Result;
use crate::store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The folder's identity: device and inode numbers.
type Identity = Option<(u64, u64)>;

fn identity(path: &Path) -> Identity {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

struct Current {
    store: Arc<Store>,
    identity: Identity,
    /// Counts the stores opened: results cached for one are never served for another.
    generation: u64,
}

/// A store path and the store open at it.
pub struct LiveStore {
    path: PathBuf,
    current: RwLock<Current>,
}

impl LiveStore {
    /// Opens the store at `path` (an error if there is none).
    pub fn open(path: &Path) -> Result<LiveStore> {
        let before = identity(path);
        let store = Store::open(path)?;
        Ok(LiveStore {
            path: path.to_path_buf(),
            current: RwLock::new(Current {
                store: Arc::new(store),
                // Should a build have swapped a new store in while this one opened, the next
                // request finds the identity changed and opens again.
                identity: before,
                generation: 0,
            }),
        })
    }

    /// The store at the path now: the one already open, or the new one a build swapped in,
    /// with its generation. If the new one cannot be opened (a build still moving folders), the
    /// old one answers.
    pub fn get(&self) -> (Arc<Store>, u64) {
        let now = identity(&self.path);
        {
            let current = self.current.read().unwrap_or_else(|e| e.into_inner());
            if current.identity == now || now.is_none() {
                return (Arc::clone(&current.store), current.generation);
            }
        }
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        if current.identity != now {
            match Store::open(&self.path) {
                Ok(store) => {
                    eprintln!(
                        "regionkg serve: the store at {} was replaced by a build; answering from the new one",
                        self.path.display()
                    );
                    *current = Current {
                        store: Arc::new(store),
                        identity: now,
                        generation: current.generation + 1,
                    };
                }
                Err(e) => eprintln!(
                    "regionkg serve: the store at {} changed but cannot be opened yet ({e}); answering from the one open",
                    self.path.display()
                ),
            }
        }
        (Arc::clone(&current.store), current.generation)
    }

    /// Whether the folder at the path is no longer the store `store` (a build swapped one in).
    pub fn replaced(&self, store: &Arc<Store>) -> bool {
        !Arc::ptr_eq(&self.get().0, store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}
