//! `discover`: names the corpus uses that the gazetteers do not know, ranked for review (the
//! model is [`regionkg::discover`]'s; this file maps arguments and prints).

use super::{compile_recognizer, progress_bar, report_error, status, write_to};
use crate::cli::{DiscoverArgs, DiscoverFormat};
use anyhow::Result;
use regionkg::discover::gold::{missed, recurring_misses, GoldReport};
use regionkg::discover::{self, output, Options};
use regionkg::eval::read_gold;
use regionkg::recognise::RecognizerOptions;
use std::collections::HashSet;
use std::process::ExitCode;

pub fn discover(args: DiscoverArgs) -> Result<ExitCode> {
    let recognizer = compile_recognizer(&args.gazetteer, RecognizerOptions::default())?;
    let with_model = args.model || args.model_file.model_file.is_some();
    let model = match with_model {
        true => Some(std::sync::Arc::new(super::model::load_model(
            &args.model_file,
        )?)),
        false => None,
    };
    let gold = args.gold.as_deref().map(read_gold).transpose()?;
    let only_documents = gold
        .as_ref()
        .filter(|_| !args.gold_whole_corpus)
        .map(|gold| gold.iter().map(|a| a.doc.clone()).collect::<HashSet<_>>());
    let options = Options {
        min_freq: args.min_freq,
        ngrams: !args.no_ngrams,
        only_documents,
        model,
    };
    let mut skipped = 0;
    // Files as they are read; then, with the model, the sentences it has labelled.
    let bar = progress_bar(if with_model {
        "files, then sentences"
    } else {
        "files"
    });
    let on_progress = |done: usize, total: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    };
    let mut ranked = discover::discover(
        &args.inputs,
        &recognizer,
        &options,
        &mut report_error(&mut skipped),
        &on_progress,
    )?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(gold) = &gold {
        // Over a whole corpus, the misses that recur are measured too.
        let recurring = if args.gold_whole_corpus {
            let mut ignore = |_: &regionkg::Error| {};
            Some(recurring_misses(
                &args.inputs,
                &recognizer,
                gold,
                3,
                &mut ignore,
            )?)
        } else {
            None
        };
        let report = GoldReport::measure(gold, &ranked, &recognizer, recurring.as_ref());
        eprintln!("{report}");
        if args.errors {
            let missed = missed(
                gold,
                &ranked,
                &recognizer,
                recurring.as_ref().map(|r| r.targets.as_slice()),
            );
            eprintln!(
                "\nnot in the top 200 ({} names of {} gold entities): rank of the best candidate \
                 (- for none), entities, surfaces, its signals",
                missed.len(),
                missed.iter().map(|m| m.entities).sum::<usize>()
            );
            for m in &missed {
                let (rank, signals) = m
                    .rank
                    .as_ref()
                    .map_or(("-".to_string(), ""), |(r, s)| (r.to_string(), s.as_str()));
                eprintln!(
                    "{rank}\t{}\t{}\t{signals}",
                    m.entities,
                    m.surfaces.join("|")
                );
            }
        }
    }
    ranked.truncate(args.top);
    let g = recognizer.gazetteer();
    write_to(None, |out| {
        match args.format {
            DiscoverFormat::Table => {
                let header = output::HEADER.map(String::from);
                regionkg::output::write_table(&header, &output::rows(&ranked, g), out)?
            }
            DiscoverFormat::Tsv => output::write_tsv(&ranked, g, out)?,
        }
        Ok(())
    })?;
    Ok(status(skipped))
}
