//! The on-disk Oxigraph store: opening and validating one ([`Store`]), questions in SPARQL
//! ([`query`]: parameters bound in the algebra, timeouts), writing a new store safely ([`write`]:
//! a fresh store loaded beside the old one and swapped in, a build lock, recovery after a kill)
//! and the one typed read model every export and the network analysis use ([`read`]).
//!
//! A build never writes into the store a user already has: it loads a fresh store beside it
//! (`<DIR>.partial-<pid>`) with the bulk loader and swaps it in by renaming only once loading
//! has finished, so an interrupted build leaves the previous store as it was.

pub mod query;
pub mod read;
pub mod write;

pub use query::{declared_params, Dataset, DeclaredParam};
pub use write::{dir_size, existing, recover, write_new, BuildLock, Existing};

use crate::error::{Error, Result};
use crate::rdf;
use oxigraph::model::{GraphNameRef, NamedNodeRef, Term};
use std::path::{Path, PathBuf};

/// A regionkg store opened for reading.
pub struct Store {
    inner: oxigraph::store::Store,
    path: PathBuf,
}

impl Store {
    /// Opens an existing regionkg store read-only. A missing folder, or one that is not a
    /// regionkg store, is an error (nothing is created).
    pub fn open(path: &Path) -> Result<Store> {
        recover(path);
        // A build swaps a new store in and deletes the old one; a query opening the store in
        // that instant may see the old one's files vanish. Opening again then finds the new
        // store (the folder at the path is a different one).
        let identity = |p: &Path| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
        };
        let mut attempt = 0;
        let store = loop {
            let before = identity(path);
            match Store::open_any_version(path) {
                Ok(store) => break store,
                Err(_) if attempt < 5 && identity(path) != before => attempt += 1,
                Err(e) => return Err(e),
            }
        };
        match store.format_version()? {
            Some(v) if v == rdf::FORMAT_VERSION => Ok(store),
            Some(v) => Err(Error::store(
                path,
                format!(
                    "was written in regionkg store format {v}; this regionkg reads format {}: rebuild it (the same build command replaces it)",
                    rdf::FORMAT_VERSION
                ),
            )),
            None => unreachable!("open_any_version checks that a format version exists"),
        }
    }

    /// Opens a regionkg store of any format version (to replace it).
    fn open_any_version(path: &Path) -> Result<Store> {
        if !path.is_dir() {
            return Err(Error::store(
                path,
                "does not exist (create it with `regionkg build ... --store DIR`)",
            ));
        }
        if !path.join("CURRENT").is_file() {
            return Err(Error::store(
                path,
                "is not a regionkg store (no Oxigraph database in this folder)",
            ));
        }
        let inner = oxigraph::store::Store::open_read_only(path)
            .map_err(|e| Error::store(path, format!("cannot open: {e}")))?;
        let store = Store {
            inner,
            path: path.to_path_buf(),
        };
        match store.format_version()? {
            Some(_) => Ok(store),
            None => Err(Error::store(
                path,
                "is an Oxigraph database but not a regionkg store (no format version in its meta graph)",
            )),
        }
    }

    /// Literal values of a property of the store in its meta graph.
    fn meta_values(&self, property: &str) -> Result<Vec<String>> {
        let store = NamedNodeRef::new_unchecked(rdf::STORE);
        let predicate = rdf::rkg(property);
        let graph = NamedNodeRef::new_unchecked(rdf::META_GRAPH);
        let mut values = Vec::new();
        for quad in self.inner.quads_for_pattern(
            Some(store.into()),
            Some(predicate.as_ref()),
            None,
            Some(GraphNameRef::NamedNode(graph)),
        ) {
            let quad = quad.map_err(|e| Error::store(&self.path, e))?;
            if let Term::Literal(l) = quad.object {
                values.push(l.value().to_string());
            }
        }
        values.sort();
        Ok(values)
    }

    fn format_version(&self) -> Result<Option<String>> {
        Ok(self.meta_values("formatVersion")?.into_iter().next())
    }

    /// The documents the store holds: id → content hash.
    pub fn documents(&self) -> Result<std::collections::BTreeMap<String, String>> {
        let doc_id = rdf::rkg("docId");
        let hash = rdf::rkg("contentHash");
        let mut ids: std::collections::HashMap<Term, String> = std::collections::HashMap::new();
        for quad in self
            .inner
            .quads_for_pattern(None, Some(doc_id.as_ref()), None, None)
        {
            let quad = quad.map_err(|e| Error::store(&self.path, e))?;
            if let Term::Literal(l) = quad.object {
                ids.insert(quad.subject.into(), l.value().to_string());
            }
        }
        let mut out = std::collections::BTreeMap::new();
        for quad in self
            .inner
            .quads_for_pattern(None, Some(hash.as_ref()), None, None)
        {
            let quad = quad.map_err(|e| Error::store(&self.path, e))?;
            if let (Some(id), Term::Literal(l)) =
                (ids.get(&quad.subject.clone().into()), quad.object)
            {
                out.insert(id.clone(), l.value().to_string());
            }
        }
        Ok(out)
    }

    /// The canonical input paths the store was built from, sorted.
    pub fn inputs(&self) -> Result<Vec<String>> {
        self.meta_values("input")
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn oxigraph(&self) -> &oxigraph::store::Store {
        &self.inner
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize> {
        self.inner.len().map_err(|e| Error::store(&self.path, e))
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }
}
