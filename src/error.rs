//! The library's one error type: every variant says where (file, line, record, store) and what.
//!
//! The binary wraps these with `anyhow` context; the library never prints.

use std::fmt;
use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in regionkg.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file or folder failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// One record of the corpus (a file, or a line of a JSONL file) is unusable.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Record {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    /// The gazetteers have one or more problems, each with its file and line.
    #[error("{0}")]
    Gazetteer(GazetteerProblems),
    /// The RDF store could not be opened, read or written.
    #[error("store {}: {message}", path.display())]
    Store { path: PathBuf, message: String },
    /// A SPARQL query could not be parsed or evaluated.
    #[error("{origin}: {message}")]
    Query { origin: String, message: String },
    /// A query asks for what regionkg never does: SERVICE, a call to another endpoint.
    #[error("{origin}: {message}")]
    Refused { origin: String, message: String },
    /// A query was cancelled (by its timeout) before it finished.
    #[error("{origin}: the query was cancelled")]
    Cancelled { origin: String },
    /// Writing results or an export to its destination (stdout, a file) failed; the
    /// [`std::io::ErrorKind`] is kept (a reader that went away is `BrokenPipe`).
    #[error("cannot write the output: {0}")]
    Write(#[source] std::io::Error),
    /// An input or option does not make sense (the message says which and why).
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// The kind of the I/O error behind this one, if it is one.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            Error::Io { source, .. } | Error::Write(source) => Some(source.kind()),
            _ => None,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn record(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Error::Record {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn store(path: impl Into<PathBuf>, message: impl fmt::Display) -> Self {
        Error::Store {
            path: path.into(),
            message: message.to_string(),
        }
    }
}

/// One problem found in a gazetteer file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerProblem {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for GazetteerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// All problems found while loading gazetteers (loading reports them all, not just the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerProblems(pub Vec<GazetteerProblem>);

impl fmt::Display for GazetteerProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}
