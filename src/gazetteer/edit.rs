//! Adding a row to a user layer, checked like any load: the layer as it would be, on top of the
//! built-in and the given layers, must make a valid gazetteer before anything is written.

use super::{tsv, Entity, Gazetteer, GazetteerOptions};
use crate::error::{Error, Result};
use std::path::Path;

/// The text of the layer at `path` (`existing`, empty for a new layer) with `entity` appended
/// as a row in the layer's own columns. Errors when the layer lacks a column the row needs, or
/// when the gazetteer with the row would be invalid (a duplicate id, an unknown parent ...).
pub fn with_row(
    path: &Path,
    existing: &str,
    entity: &Entity,
    options: &GazetteerOptions,
) -> Result<String> {
    let mut text = existing.to_string();
    if text.trim().is_empty() {
        text = format!(
            "# User layer; add rows with `regionkg gazetteer add`, load with --gazetteers.\n{}\n",
            tsv::COLUMNS.join("\t")
        );
    }
    let header: Vec<String> = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(|c| c.trim().to_string()).collect())
        .unwrap_or_default();
    let full = tsv::entity_row(entity);
    let values: Vec<&str> = full.split('\t').collect();
    for (i, column) in tsv::COLUMNS.iter().enumerate() {
        if !values[i].is_empty() && !header.iter().any(|h| h == column) {
            return Err(Error::Invalid(format!(
                "{}: the layer has no {column:?} column for the value {:?}",
                path.display(),
                values[i]
            )));
        }
    }
    let row: Vec<&str> = header
        .iter()
        .map(|column| {
            tsv::COLUMNS
                .iter()
                .position(|c| c == column)
                .map_or("", |i| values[i])
        })
        .collect();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&row.join("\t"));
    text.push('\n');
    // Check: the built-in (and given) layers, then this file as it would be.
    let mut problems = Vec::new();
    let parsed = tsv::parse_file(path, text.as_bytes(), &mut problems);
    let mut layers = Vec::new();
    if !options.no_builtin {
        layers.push(Gazetteer::builtin()?);
    }
    for layer in &options.layers {
        layers.push(Gazetteer::load(&GazetteerOptions {
            no_builtin: true,
            layers: vec![layer.clone()],
        })?);
    }
    let mut base: Vec<tsv::Parsed> = layers
        .into_iter()
        .map(|g| tsv::Parsed {
            entities: g.entities().to_vec(),
            abbreviations: Vec::new(),
        })
        .collect();
    base.push(parsed);
    Gazetteer::from_layers(base, problems)?;
    Ok(text)
}
