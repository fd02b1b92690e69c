//! The on-disk Oxigraph store: creating one safely, opening one to read, and running SPARQL.
//!
//! A build never writes into the store a user already has: it loads a fresh store beside it
//! (`<DIR>.partial-<pid>`) with the bulk loader and swaps it in by renaming only once loading
//! has finished, so an interrupted build leaves the previous store as it was.

use crate::error::{Error, Result};
use crate::rdf;
use oxigraph::model::{GraphNameRef, Literal, NamedNodeRef, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator, Variable};
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

    /// Writes the whole dataset (`graph` None; needs a dataset format) or one named graph.
    pub fn dump(
        &self,
        format: oxigraph::io::RdfFormat,
        graph: Option<&str>,
        out: &mut dyn std::io::Write,
    ) -> Result<()> {
        let serializer = rdf::PREFIXES.iter().fold(
            oxigraph::io::RdfSerializer::from_format(format),
            |s, (p, ns)| s.with_prefix(*p, *ns).expect("built-in prefixes are valid"),
        );
        let result = match graph {
            None if !format.supports_datasets() => {
                return Err(Error::Invalid(format!(
                    "{} holds one graph: give --graph (gazetteer, cooccurrence, meta or a document IRI), or use nquads or trig",
                    format.name()
                )))
            }
            None => self.inner.dump_to_writer(serializer, out).map(|_| ()),
            Some(iri) => {
                let iri = match iri {
                    "gazetteer" => rdf::GAZETTEER_GRAPH,
                    "cooccurrence" => rdf::COOCCURRENCE_GRAPH,
                    "meta" => rdf::META_GRAPH,
                    other => other,
                };
                let node = oxigraph::model::NamedNode::new(iri)
                    .map_err(|e| Error::Invalid(format!("--graph {iri:?} is not an IRI: {e}")))?;
                if !self
                    .inner
                    .contains_named_graph(node.as_ref())
                    .map_err(|e| Error::store(&self.path, e))?
                {
                    return Err(Error::Invalid(format!("the store has no graph <{iri}>")));
                }
                self.inner
                    .dump_graph_to_writer(node.as_ref(), serializer, out)
                    .map(|_| ())
            }
        };
        result.map_err(|e| Error::store(&self.path, format!("cannot write the export: {e}")))
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize> {
        self.inner.len().map_err(|e| Error::store(&self.path, e))
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Parses and runs a SPARQL query. The default graph is the union of all graphs, and the
    /// usual prefixes (rkg, skos, schema, nif, ...) are predeclared. Parameters the query
    /// declares (`# Param ?name = 雄安新区@zh`) are bound to `params`' values or their defaults,
    /// and other `params` to plain literals, before evaluation (as a VALUES table joined in the
    /// query's algebra where the variable is first used: never pasted into the query text).
    /// `origin` names the query in error messages (a file name, or `-e`).
    pub fn query(
        &self,
        sparql: &str,
        origin: &str,
        params: &[(String, String)],
    ) -> Result<QueryResults<'static>> {
        self.query_with_timeout(sparql, origin, params, None)
    }

    /// As [`Store::query`], cancelled after `timeout` (reading further results then fails with
    /// a message naming the timeout). SERVICE calls are never made: regionkg is built without
    /// Oxigraph's HTTP client, so a federated query fails instead of leaving the machine.
    pub fn query_with_timeout(
        &self,
        sparql: &str,
        origin: &str,
        params: &[(String, String)],
        timeout: Option<std::time::Duration>,
    ) -> Result<QueryResults<'static>> {
        let mut evaluator = SparqlEvaluator::new();
        if let Some(timeout) = timeout {
            let token = oxigraph::sparql::CancellationToken::new();
            evaluator = evaluator.with_cancellation_token(token.clone());
            std::thread::spawn(move || {
                std::thread::sleep(timeout);
                token.cancel();
            });
        }
        for (prefix, ns) in rdf::PREFIXES {
            evaluator = evaluator
                .with_prefix(*prefix, *ns)
                .expect("built-in prefixes are valid IRIs");
        }
        // Parameters are bound in the query's algebra: a VALUES table joined to the WHERE
        // pattern, below any projection, grouping or ordering, so the optimiser starts from the
        // bound term (substituting after planning scanned every label first: 8 s instead of
        // 0.07 s on a 5,800-post store). The value is an RDF term, never query text.
        let mut parser = spargebra::SparqlParser::new();
        for (prefix, ns) in rdf::PREFIXES {
            parser = parser
                .with_prefix(*prefix, *ns)
                .expect("built-in prefixes are valid IRIs");
        }
        let mut query = parser.parse_query(sparql).map_err(|e| Error::Query {
            origin: origin.to_string(),
            message: format!("syntax error: {e}"),
        })?;
        for (name, value) in bind_params(sparql, params) {
            let var = Variable::new(&name).map_err(|e| Error::Query {
                origin: origin.to_string(),
                message: format!("--param {name}: not a variable name: {e}"),
            })?;
            let ground = match value {
                Term::NamedNode(n) => spargebra::term::GroundTerm::NamedNode(n),
                Term::Literal(l) => spargebra::term::GroundTerm::Literal(l),
                _ => continue,
            };
            bind_in_query(&mut query, var, ground);
        }
        let mut prepared = evaluator.for_query(query);
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(|e| Error::Query {
                origin: origin.to_string(),
                message: e.to_string(),
            })
    }
}

/// Binds `?var` to `term` in the query's algebra: `VALUES ?var { term }` joined to the first
/// triple or path pattern that uses the variable (in each branch of a UNION), where the
/// optimiser starts from it; to the whole WHERE pattern if no pattern uses it.
fn bind_in_query(query: &mut spargebra::Query, var: Variable, term: spargebra::term::GroundTerm) {
    use spargebra::algebra::GraphPattern;
    use spargebra::term::{NamedNodePattern, TermPattern};
    let uses = |t: &TermPattern| matches!(t, TermPattern::Variable(v) if *v == var);
    let values = || GraphPattern::Values {
        variables: vec![var.clone()],
        bindings: vec![vec![Some(term.clone())]],
    };
    fn wrap(pattern: &mut GraphPattern, values: GraphPattern) {
        let leaf = std::mem::replace(pattern, GraphPattern::Bgp { patterns: vec![] });
        *pattern = GraphPattern::Join {
            left: Box::new(values),
            right: Box::new(leaf),
        };
    }
    fn visit(
        pattern: &mut GraphPattern,
        uses: &dyn Fn(&TermPattern) -> bool,
        graph_uses: &dyn Fn(&NamedNodePattern) -> bool,
        values: &dyn Fn() -> GraphPattern,
    ) -> bool {
        match pattern {
            GraphPattern::Bgp { patterns } => {
                let hit = patterns
                    .iter()
                    .any(|t| uses(&t.subject) || uses(&t.object) || graph_uses(&t.predicate));
                if hit {
                    wrap(pattern, values());
                }
                hit
            }
            GraphPattern::Path {
                subject, object, ..
            } => {
                let hit = uses(subject) || uses(object);
                if hit {
                    wrap(pattern, values());
                }
                hit
            }
            GraphPattern::Union { left, right } => {
                let l = visit(left, uses, graph_uses, values);
                let r = visit(right, uses, graph_uses, values);
                l || r
            }
            GraphPattern::Join { left, right }
            | GraphPattern::LeftJoin { left, right, .. }
            | GraphPattern::Minus { left, right } => {
                visit(left, uses, graph_uses, values) || visit(right, uses, graph_uses, values)
            }
            GraphPattern::Graph { name, inner } => {
                if graph_uses(name) {
                    wrap(pattern, values());
                    return true;
                }
                visit(inner, uses, graph_uses, values)
            }
            GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Filter { inner, .. }
            | GraphPattern::Group { inner, .. }
            | GraphPattern::Extend { inner, .. } => visit(inner, uses, graph_uses, values),
            _ => false,
        }
    }
    let graph_uses = |n: &NamedNodePattern| matches!(n, NamedNodePattern::Variable(v) if *v == var);
    let pattern = match query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    if !visit(pattern, &uses, &graph_uses, &values) {
        wrap(pattern, values());
    }
}

/// A parameter a query declares in its header: `# Param ?name = 雄安新区@zh`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredParam {
    pub name: String,
    pub default: String,
    pub language: Option<String>,
}

/// The parameters a query's header declares, in order.
pub fn declared_params(sparql: &str) -> Vec<DeclaredParam> {
    let mut out = Vec::new();
    for line in sparql.lines() {
        let Some(rest) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix("Param") else {
            continue;
        };
        let Some((name, value)) = rest.split_once('=') else {
            continue;
        };
        let name = name.trim().trim_start_matches(['?', '$']);
        let value = value.split_whitespace().next().unwrap_or("");
        if name.is_empty() || value.is_empty() {
            continue;
        }
        let (default, language) = match value.rsplit_once('@') {
            Some((v, lang))
                if !lang.is_empty()
                    && lang.chars().all(|c| c.is_ascii_alphabetic() || c == '-') =>
            {
                (v.to_string(), Some(lang.to_string()))
            }
            _ => (value.to_string(), None),
        };
        out.push(DeclaredParam {
            name: name.to_string(),
            default,
            language,
        });
    }
    out
}

/// The terms to bind: every declared parameter (the user's value or the default, with the
/// declared language tag), and any other value the user gave, as a plain literal.
fn bind_params(sparql: &str, given: &[(String, String)]) -> Vec<(String, Term)> {
    let declared = declared_params(sparql);
    let term = |value: &str, language: &Option<String>| -> Term {
        match language {
            Some(lang) => Literal::new_language_tagged_literal(value, lang)
                .unwrap_or_else(|_| Literal::from(value))
                .into(),
            None => Literal::from(value).into(),
        }
    };
    let mut out: Vec<(String, Term)> = declared
        .iter()
        .map(|d| {
            let value = given
                .iter()
                .rev()
                .find(|(n, _)| *n == d.name)
                .map_or(d.default.as_str(), |(_, v)| v.as_str());
            (d.name.clone(), term(value, &d.language))
        })
        .collect();
    for (name, value) in given {
        if !declared.iter().any(|d| d.name == *name) && !out.iter().any(|(n, _)| n == name) {
            out.push((name.clone(), term(value, &None)));
        }
    }
    out
}

/// What is at a store path before a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    /// Nothing, or an empty folder.
    Nothing,
    /// A regionkg store, built from these canonical inputs, holding these documents (id →
    /// content hash).
    Store {
        inputs: Vec<String>,
        documents: std::collections::BTreeMap<String, String>,
    },
}

/// Looks at what a build would replace. Anything but nothing or a regionkg store is an error:
/// a build never deletes a folder it did not make.
pub fn existing(path: &Path) -> Result<Existing> {
    recover(path);
    if !path.exists() || is_empty_dir(path) {
        return Ok(Existing::Nothing);
    }
    match Store::open_any_version(path) {
        Ok(store) => Ok(Existing::Store {
            inputs: store.inputs()?,
            documents: store.documents()?,
        }),
        Err(e) => Err(Error::store(
            path,
            format!("exists and cannot be used as a regionkg store, so it is left alone ({e}); choose another --store folder"),
        )),
    }
}

/// Writes a new store at `path` from `load`, which receives a bulk-loading callback. An existing
/// store there (check it with [`existing`] first) is replaced only after loading succeeded.
/// Returns the size of the new store on disk in bytes.
pub fn write_new<F>(path: &Path, load: F) -> Result<u64>
where
    F: FnOnce(&mut dyn FnMut(Vec<Quad>) -> Result<()>) -> Result<()>,
{
    let exists = path.exists();
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = path
        .file_name()
        .ok_or_else(|| Error::store(path, "is not a folder name"))?
        .to_string_lossy()
        .into_owned();
    remove_stale_partials(&parent, &name);
    let partial = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if partial.exists() {
        std::fs::remove_dir_all(&partial).map_err(|e| Error::io(&partial, e))?;
    }
    let result = (|| {
        let store = oxigraph::store::Store::open(&partial)
            .map_err(|e| Error::store(&partial, format!("cannot create: {e}")))?;
        {
            let mut loader = store.bulk_loader();
            let mut feed = |quads: Vec<Quad>| -> Result<()> {
                loader
                    .load_quads(quads)
                    .map_err(|e| Error::store(&partial, format!("loading failed: {e}")))
            };
            load(&mut feed)?;
            loader
                .commit()
                .map_err(|e| Error::store(&partial, format!("commit failed: {e}")))?;
        }
        store
            .flush()
            .map_err(|e| Error::store(&partial, format!("flush failed: {e}")))?;
        drop(store);
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&partial);
        return Err(e);
    }
    if exists {
        // Swap the two folders in one step where the system can (Linux renameat2), so a query
        // opening the store at any moment finds the old store or the new one, never neither.
        if exchange(&partial, path) {
            std::fs::remove_dir_all(&partial).map_err(|e| Error::io(&partial, e))?;
            return Ok(dir_size(path));
        }
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        std::fs::rename(path, &old).map_err(|e| Error::io(path, e))?;
        if let Err(e) = std::fs::rename(&partial, path) {
            // Put the old store back so the user keeps what they had.
            let _ = std::fs::rename(&old, path);
            return Err(Error::io(path, e));
        }
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    } else {
        std::fs::rename(&partial, path).map_err(|e| Error::io(path, e))?;
    }
    Ok(dir_size(path))
}

/// Atomically exchanges two paths (Linux `renameat2(RENAME_EXCHANGE)`); false where that is not
/// available (other systems, some file systems), and nothing was changed.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        std::ffi::CString::new(a.as_os_str().as_bytes()),
        std::ffi::CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    rc == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// An exclusive lock on building into a store: `.NAME.lock` beside it, held (with the OS's file
/// lock, released when the process ends however it ends) for the whole build.
pub struct BuildLock {
    _file: std::fs::File,
}

impl BuildLock {
    pub fn acquire(path: &Path) -> Result<BuildLock> {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .ok_or_else(|| Error::store(path, "is not a folder name"))?
            .to_string_lossy()
            .into_owned();
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let lock = parent.join(format!(".{name}.lock"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock)
            .map_err(|e| Error::io(&lock, e))?;
        match file.try_lock() {
            Ok(()) => Ok(BuildLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::store(
                path,
                format!(
                    "another regionkg build is writing this store (it holds {}); wait for it to finish",
                    lock.display()
                ),
            )),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&lock, e)),
        }
    }
}

/// Puts back a store a killed build had moved aside (`.NAME.old-PID`) in the instant between its
/// two renames, so that window never loses the store. Whether the build is still running is read
/// from /proc (Linux).
pub fn recover(path: &Path) {
    if path.exists() {
        return;
    }
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = format!(".{}.old-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = file_name
            .strip_prefix(&prefix)
            .and_then(|p| p.parse::<u32>().ok())
        {
            if !Path::new("/proc").join(pid.to_string()).exists() {
                let _ = std::fs::rename(entry.path(), path);
                return;
            }
        }
    }
}

/// Removes what builds killed before they finished left beside the store: `.NAME.partial-PID`
/// and `.NAME.old-PID` folders whose process is gone (a running build's are left alone).
fn remove_stale_partials(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = [".partial-", ".old-"].iter().find_map(|kind| {
            file_name
                .strip_prefix(&format!(".{name}{kind}"))
                .and_then(|pid| pid.parse::<u32>().ok())
        });
        if let Some(pid) = pid {
            let running = Path::new("/proc").join(pid.to_string()).exists();
            if !running && pid != std::process::id() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_none())
}

/// Total size of the files below a folder.
pub fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}
