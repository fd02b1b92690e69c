//! `discover`: names the corpus uses that the gazetteers do not know, ranked for review.

use super::{gazetteer_options, report_error, status, write_to};
use crate::cli::{DiscoverArgs, DiscoverFormat};
use anyhow::{Context, Result};
use regionkg::gazetteer::{tsv, EntityId, EntityType, Gazetteer};
use regionkg::pipeline::{self, Processed};
use regionkg::recognise::{Recognizer, RecognizerOptions, Target};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::ExitCode;

/// What is known about one candidate.
#[derive(Default)]
struct Candidate {
    kind: Option<EntityType>,
    mentions: usize,
    documents: BTreeSet<usize>,
    signals: BTreeSet<&'static str>,
    /// Known places sharing a sentence with it, and how often.
    places: HashMap<EntityId, usize>,
    /// The parent a rule built it on, if any.
    anchor: Option<EntityId>,
    example: String,
}

impl Candidate {
    /// Frequency, damped, times the spread over documents: a name in many documents beats a name
    /// repeated in one.
    fn score(&self) -> f64 {
        (self.mentions as f64).ln_1p() * (self.documents.len() as f64).ln_1p()
    }
}

pub fn discover(args: DiscoverArgs) -> Result<ExitCode> {
    let gazetteer = Gazetteer::load(&gazetteer_options(&args.gazetteer))
        .context("cannot load the gazetteers")?;
    let recognizer = Recognizer::with_options(
        gazetteer,
        RecognizerOptions {
            statistical: args.statistical,
            ..RecognizerOptions::default()
        },
    )?;
    let g = recognizer.gazetteer();
    let mut candidates: BTreeMap<String, Candidate> = BTreeMap::new();
    let mut skipped = 0;
    let mut consume = |p: Processed<'_>| -> regionkg::Result<()> {
        let mut places_by_sentence: HashMap<usize, Vec<EntityId>> = HashMap::new();
        for m in p.mentions {
            if let Target::Known(e) = m.target {
                if g.entity(e).kind == EntityType::Place && g.depth(e) > 0 {
                    places_by_sentence.entry(m.sentence).or_default().push(e);
                }
            }
        }
        for m in p.mentions {
            let Target::Unlinked(u) = &m.target else {
                continue;
            };
            // Bare document types in 《》 (《意见》, 《通知》) name no particular plan.
            if u.kind == EntityType::Plan && u.name.chars().count() < 6 {
                continue;
            }
            let c = candidates.entry(u.name.clone()).or_default();
            c.kind.get_or_insert(u.kind);
            c.mentions += 1;
            c.documents.insert(p.index);
            c.signals.insert(u.rule);
            if c.anchor.is_none() {
                c.anchor = u.parent;
            }
            for &place in places_by_sentence.get(&m.sentence).into_iter().flatten() {
                *c.places.entry(place).or_default() += 1;
            }
            if c.example.is_empty() {
                c.example = p.document.sentence_text(m.sentence).to_string();
            }
        }
        Ok(())
    };
    pipeline::process(
        &args.inputs,
        &recognizer,
        &mut report_error(&mut skipped),
        &|_, _| {},
        &mut consume,
    )?;
    let mut ranked: Vec<(&String, &Candidate)> = candidates
        .iter()
        .filter(|(_, c)| c.mentions >= args.min_freq)
        .collect();
    ranked.sort_by(|a, b| {
        b.1.score()
            .total_cmp(&a.1.score())
            .then_with(|| a.0.cmp(b.0))
    });
    ranked.truncate(args.top);
    let parent_of = |c: &Candidate| -> Option<EntityId> {
        c.anchor.or_else(|| {
            c.places
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(p, _)| *p)
        })
    };
    write_to(None, |out| {
        match args.format {
            DiscoverFormat::Table => {
                let rows: Vec<Vec<String>> = ranked
                    .iter()
                    .map(|(name, c)| {
                        vec![
                            name.to_string(),
                            c.kind.map_or("", |k| k.as_str()).to_string(),
                            c.mentions.to_string(),
                            c.documents.len().to_string(),
                            format!("{:.2}", c.score()),
                            c.signals.iter().copied().collect::<Vec<_>>().join("+"),
                            parent_of(c).map_or(String::new(), |p| g.entity(p).name.clone()),
                            c.example.chars().take(40).collect(),
                        ]
                    })
                    .collect();
                regionkg::output::write_table(
                    &[
                        "name",
                        "type",
                        "mentions",
                        "documents",
                        "score",
                        "signals",
                        "parent",
                        "example",
                    ]
                    .map(String::from),
                    &rows,
                    out,
                )?;
            }
            DiscoverFormat::Tsv => {
                writeln!(out, "# Candidates found by regionkg discover: delete the wrong rows, then load with --gazetteers.")?;
                writeln!(out, "{}", tsv::COLUMNS.join("\t"))?;
                for (name, c) in &ranked {
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
                        c.signals.iter().copied().collect::<Vec<_>>().join("+"),
                        example
                    )?;
                    let mut entity = tsv::new_entity(
                        name,
                        name,
                        c.kind.unwrap_or(EntityType::Institution),
                        std::path::PathBuf::new(),
                        0,
                    );
                    entity.parent = parent_of(c).map(|p| g.entity(p).id.clone());
                    writeln!(out, "{}", tsv::entity_row(&entity))?;
                }
            }
        }
        Ok(())
    })?;
    Ok(status(skipped))
}
