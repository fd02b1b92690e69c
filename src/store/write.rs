//! Writing a store: a new store is bulk-loaded beside the old one and swapped in only once it is
//! whole; a lock keeps two builds apart; a store a killed build had moved aside is put back.

use super::Store;
use crate::error::{Error, Result};
use oxigraph::model::Quad;
use std::path::{Path, PathBuf};

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
