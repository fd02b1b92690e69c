//! `eval`: recognition scored against gold JSONL annotations or a BIO file (the scoring is
//! [`regionkg::eval`]'s; this file prints). Inputs that could not be read, or annotated
//! documents the inputs lack, make the run partial (exit status 3): its scores then undercount.

use super::{load_recognizer, status};
use crate::cli::{BioFormatArg, EvalArgs};
use anyhow::Result;
use regionkg::eval::{self, BioFormat, Score};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

pub fn eval(args: EvalArgs) -> Result<ExitCode> {
    let recognizer = load_recognizer(&args.gazetteer, &args.recognise)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut skipped = 0;
    if let Some(gold_path) = &args.gold {
        let gold = eval::read_gold(gold_path)?;
        let prediction = eval::predict(&recognizer, &args.inputs, gold_path, &gold);
        for e in &prediction.skipped {
            eprintln!("regionkg: skipped {e}");
        }
        if let Some(first) = prediction.missing.first() {
            eprintln!(
                "regionkg: {} annotated documents were not found in the inputs (e.g. {first})",
                prediction.missing.len(),
            );
        }
        skipped = prediction.skipped.len() + prediction.missing.len();
        let report = eval::evaluate(&gold, &prediction.annotations);
        writeln!(
            out,
            "{} documents, {} gold mentions",
            report.documents,
            gold.len()
        )?;
        let mut rows = vec![
            row("surfaces (untyped)", &report.surfaces),
            row("surfaces (typed)", &report.typed_surfaces),
        ];
        for (kind, score) in &report.typed_by_type {
            rows.push(row(&format!("  {kind}"), score));
        }
        rows.push(row("entities", &report.entities));
        rows.push(row("pairs in a sentence", &report.pairs));
        write_scores(&rows, &mut out)?;
        if args.errors {
            for (title, list) in [
                ("false positives", &report.false_positives),
                ("misses", &report.misses),
            ] {
                writeln!(out, "\n{title} ({}):", list.len())?;
                for (doc, surface, kind, sentence) in list {
                    writeln!(out, "{doc}\t{surface}\t{kind}\t{sentence}")?;
                }
            }
        }
    } else if let Some(bio_path) = &args.bio {
        let format = match args.format {
            BioFormatArg::Tsv => BioFormat::Tsv,
            BioFormatArg::Space => BioFormat::Space,
        };
        let sentences = eval::read_bio(bio_path, format)?;
        let predicted = eval::predict_bio(&recognizer, &sentences);
        let scores = eval::evaluate_bio(&sentences, &predicted, &["LOC", "ORG"]);
        writeln!(out, "{} sentences", sentences.len())?;
        let rows: Vec<Vec<String>> = scores.iter().map(|(label, s)| row(label, s)).collect();
        write_scores(&rows, &mut out)?;
        if args.errors {
            writeln!(
                out,
                "\nerrors (sentence number, from 0; span; gold label; predicted label):"
            )?;
            for (i, (g, p)) in sentences.iter().zip(&predicted).enumerate() {
                let chars: Vec<char> = g.text.chars().collect();
                let span = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
                for (s, e, l) in g.spans.difference(p) {
                    writeln!(out, "{i}\t{}\t{l}\t-", span(*s, *e))?;
                }
                for (s, e, l) in p.difference(&g.spans) {
                    writeln!(out, "{i}\t{}\t-\t{l}", span(*s, *e))?;
                }
            }
        }
    }
    out.flush()?;
    Ok(status(skipped))
}

fn row(name: &str, s: &Score) -> Vec<String> {
    vec![
        name.to_string(),
        format!("{:.3}", s.precision()),
        format!("{:.3}", s.recall()),
        format!("{:.3}", s.f1()),
        s.tp_predicted.to_string(),
        s.predicted.to_string(),
        s.gold.to_string(),
    ]
}

fn write_scores(rows: &[Vec<String>], out: &mut dyn Write) -> std::io::Result<()> {
    regionkg::output::write_table(
        &[
            "level",
            "precision",
            "recall",
            "f1",
            "correct",
            "predicted",
            "gold",
        ]
        .map(String::from),
        rows,
        out,
    )
}
