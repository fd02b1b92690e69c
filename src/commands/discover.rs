//! `discover`: names the corpus uses that the gazetteers do not know, ranked for review (the
//! model is [`regionkg::discover`]'s; this file maps arguments and prints).

use super::{gazetteer_options, report_error, status, write_to};
use crate::cli::{DiscoverArgs, DiscoverFormat};
use anyhow::{Context, Result};
use regionkg::discover::{self, gold::GoldReport, output, Options};
use regionkg::eval::read_gold;
use regionkg::gazetteer::Gazetteer;
use regionkg::recognise::{Recognizer, RecognizerOptions};
use std::collections::HashSet;
use std::process::ExitCode;

pub fn discover(args: DiscoverArgs) -> Result<ExitCode> {
    let gazetteer = Gazetteer::load(&gazetteer_options(&args.gazetteer))
        .context("cannot load the gazetteers")?;
    let recognizer = Recognizer::with_options(gazetteer, RecognizerOptions::default())?;
    let gold = args.gold.as_deref().map(read_gold).transpose()?;
    let only_documents = gold
        .as_ref()
        .filter(|_| !args.gold_whole_corpus)
        .map(|gold| gold.iter().map(|a| a.doc.clone()).collect::<HashSet<_>>());
    let options = Options {
        min_freq: args.min_freq,
        ngrams: !args.no_ngrams,
        only_documents,
    };
    let mut skipped = 0;
    let mut ranked = discover::discover(
        &args.inputs,
        &recognizer,
        &options,
        &mut report_error(&mut skipped),
    )?;
    if let Some(gold) = &gold {
        eprintln!("{}", GoldReport::measure(gold, &ranked, &recognizer));
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
