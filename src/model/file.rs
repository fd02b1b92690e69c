//! Reading the model file `models/scripts/get_lac.py` writes: a magic, then named sections of
//! text (LAC's `.dic` files verbatim) or tensors (f32 or f16, with their dims). Only the layout is
//! checked here; what the sections must hold is [`super::net`]'s and [`super::Lac`]'s business.

use crate::{Error, Result};
use std::path::Path;

const MAGIC: &[u8; 8] = b"RKLAC1\0\0";

/// One section's contents.
pub(super) enum Section {
    Text(String),
    Tensor { dims: Vec<usize>, values: Vec<f32> },
}

/// The sections of a model file, by name, in file order.
pub(super) struct ModelFile {
    sections: Vec<(String, Section)>,
}

fn invalid(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::Invalid(format!(
        "model {}: {message} (make it again with `python3 models/scripts/get_lac.py`)",
        path.display()
    ))
}

/// A cursor over the file's bytes that reports truncation as an error.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len())?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Some(out)
    }

    fn int<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)
            .map(|b| b.try_into().expect("take returned N bytes"))
    }
}

impl ModelFile {
    pub(super) fn read(path: &Path) -> Result<ModelFile> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        ModelFile::parse(&bytes).map_err(|message| invalid(path, message))
    }

    fn parse(bytes: &[u8]) -> std::result::Result<ModelFile, String> {
        if !bytes.starts_with(MAGIC) {
            return Err("not a regionkg LAC model file (its magic is wrong)".into());
        }
        let mut r = Reader { bytes, at: 8 };
        let truncated = |what: &str| format!("truncated in {what}");
        let mut sections = Vec::new();
        while r.at < bytes.len() {
            let len = u16::from_le_bytes(r.int().ok_or_else(|| truncated("a section name"))?);
            let name = r
                .take(len as usize)
                .ok_or_else(|| truncated("a section name"))?;
            let name = String::from_utf8(name.to_vec())
                .map_err(|_| format!("section name at byte {} is not UTF-8", r.at))?;
            let [kind, rank] = r.int().ok_or_else(|| truncated(&name))?;
            let mut dims = Vec::with_capacity(rank as usize);
            for _ in 0..rank {
                dims.push(u32::from_le_bytes(r.int().ok_or_else(|| truncated(&name))?) as usize);
            }
            let len = u64::from_le_bytes(r.int().ok_or_else(|| truncated(&name))?);
            let body = usize::try_from(len)
                .ok()
                .and_then(|len| r.take(len))
                .ok_or_else(|| truncated(&name))?;
            let count: usize = dims.iter().product();
            let section = match kind {
                0 => Section::Text(
                    String::from_utf8(body.to_vec())
                        .map_err(|_| format!("section {name} is not UTF-8"))?,
                ),
                1 if body.len() == 4 * count => Section::Tensor {
                    values: body
                        .chunks_exact(4)
                        .map(|c| f32::from_le_bytes(c.try_into().expect("chunks of 4")))
                        .collect(),
                    dims,
                },
                2 if body.len() == 2 * count => Section::Tensor {
                    values: body
                        .chunks_exact(2)
                        .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
                        .collect(),
                    dims,
                },
                1 | 2 => {
                    return Err(format!(
                        "section {name} has {} bytes for dims {dims:?}",
                        body.len()
                    ))
                }
                other => return Err(format!("section {name} has unknown kind {other}")),
            };
            sections.push((name, section));
        }
        Ok(ModelFile { sections })
    }

    fn find(&self, name: &str) -> std::result::Result<&Section, String> {
        self.sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s)
            .ok_or_else(|| format!("no section {name}"))
    }

    /// A text section.
    pub(super) fn text(&self, name: &str) -> std::result::Result<&str, String> {
        match self.find(name)? {
            Section::Text(t) => Ok(t),
            Section::Tensor { .. } => Err(format!("section {name} is a tensor, not text")),
        }
    }

    /// A tensor section, which must have the dims given, moved out of the file rather than
    /// copied (the embedding alone is 30 MB): the loader takes each tensor once.
    pub(super) fn tensor(
        &mut self,
        name: &str,
        dims: &[usize],
    ) -> std::result::Result<Vec<f32>, String> {
        let section = self
            .sections
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s)
            .ok_or_else(|| format!("no section {name}"))?;
        match section {
            Section::Tensor { dims: d, values } if d == dims => Ok(std::mem::take(values)),
            Section::Tensor { dims: d, .. } => {
                Err(format!("tensor {name} has dims {d:?}, expected {dims:?}"))
            }
            Section::Text(_) => Err(format!("section {name} is text, not a tensor")),
        }
    }

    /// The dims of a tensor section.
    pub(super) fn dims(&self, name: &str) -> std::result::Result<&[usize], String> {
        match self.find(name)? {
            Section::Tensor { dims, .. } => Ok(dims),
            Section::Text(_) => Err(format!("section {name} is text, not a tensor")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(name: &str, kind: u8, dims: &[u32], body: &[u8]) -> Vec<u8> {
        let mut out = (name.len() as u16).to_le_bytes().to_vec();
        out.extend(name.as_bytes());
        out.extend([kind, dims.len() as u8]);
        for d in dims {
            out.extend(d.to_le_bytes());
        }
        out.extend((body.len() as u64).to_le_bytes());
        out.extend(body);
        out
    }

    #[test]
    fn reads_text_f32_and_f16_sections() {
        let mut bytes = MAGIC.to_vec();
        bytes.extend(section("tag.dic", 0, &[], "0\tO\n".as_bytes()));
        let f32s: Vec<u8> = [1.5f32, -2.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        bytes.extend(section("a", 1, &[2], &f32s));
        let f16s: Vec<u8> = [0.25f32, 3.0]
            .iter()
            .flat_map(|&v| half::f16::from_f32(v).to_le_bytes())
            .collect();
        bytes.extend(section("b", 2, &[1, 2], &f16s));
        let mut file = ModelFile::parse(&bytes).unwrap();
        assert_eq!(file.text("tag.dic").unwrap(), "0\tO\n");
        assert_eq!(file.tensor("a", &[2]).unwrap(), vec![1.5, -2.0]);
        assert_eq!(file.tensor("b", &[1, 2]).unwrap(), vec![0.25, 3.0]);
        assert_eq!(
            file.tensor("b", &[2]).unwrap_err(),
            "tensor b has dims [1, 2], expected [2]"
        );
        assert_eq!(file.text("c").unwrap_err(), "no section c");
    }

    #[test]
    fn rejects_bad_magic_truncation_and_wrong_sizes() {
        assert!(ModelFile::parse(b"PK\x03\x04").is_err());
        let mut bytes = MAGIC.to_vec();
        bytes.extend(section("a", 1, &[3], &[0; 8]));
        assert_eq!(
            ModelFile::parse(&bytes).err().unwrap(),
            "section a has 8 bytes for dims [3]"
        );
        let mut bytes = MAGIC.to_vec();
        bytes.extend(section("a", 1, &[2], &[0; 8]));
        bytes.truncate(bytes.len() - 1);
        assert_eq!(ModelFile::parse(&bytes).err().unwrap(), "truncated in a");
    }
}
