//! Discovery's ranking written for people (a table) or as gazetteer rows to review and load
//! (TSV with a comment per candidate: its counts, score, signals and an example).

use super::Candidate;
use crate::gazetteer::{tsv, EntityType, Gazetteer};
use std::io::Write;

/// The table's header.
pub const HEADER: [&str; 10] = [
    "name",
    "type",
    "mentions",
    "documents",
    "score",
    "signals",
    "parent",
    "alias of",
    "short forms",
    "example",
];

/// One row of the table per candidate.
pub fn rows(ranked: &[(String, Candidate)], g: &Gazetteer) -> Vec<Vec<String>> {
    ranked
        .iter()
        .map(|(name, c)| {
            vec![
                name.to_string(),
                c.kind.map_or("", |k| k.as_str()).to_string(),
                c.mentions.to_string(),
                c.documents.len().to_string(),
                format!("{:.2}", c.score()),
                c.signal_names(),
                c.parent()
                    .map_or(String::new(), |p| g.entity(p).name.clone()),
                c.alias_of
                    .map_or(String::new(), |e| g.entity(e).name.clone()),
                c.aliases.iter().cloned().collect::<Vec<_>>().join("|"),
                c.example.chars().take(40).collect(),
            ]
        })
        .collect()
}

/// Gazetteer rows: a candidate that is another form of a known entity adds its names as that
/// entity's aliases; any other is a new entity (an institution when no signal gave a type).
pub fn write_tsv(
    ranked: &[(String, Candidate)],
    g: &Gazetteer,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "# Candidates found by regionkg discover: delete the wrong rows, then load with --gazetteers.")?;
    writeln!(
        out,
        "# A row with a known id adds its name as an alias of that entity."
    )?;
    writeln!(out, "{}", tsv::COLUMNS.join("\t"))?;
    for (name, c) in ranked {
        let example: String = c
            .example
            .replace(['\t', '\n', '\r'], " ")
            .chars()
            .take(60)
            .collect();
        writeln!(
            out,
            "# mentions {} in {} documents; score {:.2}; {}; e.g. {}",
            c.mentions,
            c.documents.len(),
            c.score(),
            c.signal_names(),
            example
        )?;
        let entity = match c.alias_of {
            Some(known) => {
                let k = g.entity(known);
                let mut e = tsv::new_entity(&k.id, &k.name, k.kind, std::path::PathBuf::new(), 0);
                e.aliases.push(name.to_string());
                e.aliases.extend(c.aliases.iter().cloned());
                e
            }
            None => {
                let kind = c.kind.unwrap_or(EntityType::Institution);
                let mut e = tsv::new_entity(name, name, kind, std::path::PathBuf::new(), 0);
                e.parent = c.parent().map(|p| g.entity(p).id.clone());
                e.aliases.extend(c.aliases.iter().cloned());
                e
            }
        };
        writeln!(out, "{}", tsv::entity_row(&entity))?;
    }
    Ok(())
}
