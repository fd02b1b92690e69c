//! `eval`: recognition scored against gold JSONL annotations or a BIO file.

use super::load_recognizer;
use crate::cli::{BioFormatArg, EvalArgs};
use anyhow::Result;
use regionkg::catalog::describe;
use regionkg::corpus::{discover, Corpus, Document};
use regionkg::eval::{self, Annotation, BioFormat, Score};
use regionkg::gazetteer::EntityType;
use regionkg::recognise::{Recognizer, Target};
use std::collections::{BTreeSet, HashSet};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

pub fn eval(args: EvalArgs) -> Result<ExitCode> {
    let recognizer = load_recognizer(&args.gazetteer, &args.recognise)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Some(gold_path) = &args.gold {
        let gold = eval::read_gold(gold_path)?;
        let predicted = predict(&recognizer, &args.inputs, gold_path, &gold)?;
        let report = eval::evaluate(&gold, &predicted);
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
        let predicted: Vec<BTreeSet<(usize, usize, String)>> = sentences
            .iter()
            .map(|s| {
                let doc = Document::from_text("bio", &s.text);
                recognizer
                    .recognise(&doc)
                    .into_iter()
                    .flat_map(|m| {
                        let label = match describe(recognizer.gazetteer(), &m.target).2 {
                            EntityType::Place | EntityType::Zone => "LOC",
                            EntityType::Institution => "ORG",
                            EntityType::Project | EntityType::Plan => return Vec::new(),
                        };
                        // People's Daily tags each abbreviation of a composite (中美, 京津冀,
                        // 港澳) apart: a composite whose surface has a character per member is
                        // scored as its characters.
                        let members = match &m.target {
                            Target::Unlinked(u) => u.members.len(),
                            Target::Known(e) => recognizer.gazetteer().entity(*e).members.len(),
                        };
                        if members > 1 && m.end - m.start == members {
                            (m.start..m.end)
                                .map(|c| (c, c + 1, label.to_string()))
                                .collect()
                        } else {
                            vec![(m.start, m.end, label.to_string())]
                        }
                    })
                    .collect()
            })
            .collect();
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
    Ok(ExitCode::SUCCESS)
}

/// Recognises the documents of `inputs` that the gold annotates.
fn predict(
    recognizer: &Recognizer,
    inputs: &[std::path::PathBuf],
    gold_path: &std::path::Path,
    gold: &[Annotation],
) -> Result<Vec<Annotation>> {
    let docs: HashSet<&str> = gold.iter().map(|a| a.doc.as_str()).collect();
    let found = discover(inputs);
    for e in &found.errors {
        eprintln!("regionkg: skipped {e}");
    }
    let files: Vec<_> = found
        .files
        .into_iter()
        .filter(|f| std::fs::canonicalize(&f.path).ok() != std::fs::canonicalize(gold_path).ok())
        .filter(|f| {
            let file_name = f.path.file_name().map(|n| n.to_string_lossy().into_owned());
            docs.contains(f.name.as_str())
                || file_name.is_some_and(|n| docs.contains(n.as_str()))
                || f.format == regionkg::corpus::Format::Jsonl
        })
        .collect();
    let mut predicted = Vec::new();
    let mut seen = HashSet::new();
    for doc in Corpus::new(files) {
        let doc = match doc {
            Ok(d) => d,
            Err(e) => {
                eprintln!("regionkg: skipped {e}");
                continue;
            }
        };
        let id = if docs.contains(doc.id.as_str()) {
            doc.id.clone()
        } else {
            match doc
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
            {
                Some(n) if docs.contains(n.as_str()) => n,
                _ => continue,
            }
        };
        if !seen.insert(id.clone()) {
            continue;
        }
        for m in recognizer.recognise(&doc) {
            let (entity, _, kind) = describe(recognizer.gazetteer(), &m.target);
            predicted.push(Annotation {
                doc: id.clone(),
                sentence: m.sentence,
                surface: m.text,
                kind: eval::gold_type(kind).to_string(),
                entity,
                context: doc.sentence_text(m.sentence).to_string(),
            });
        }
    }
    let missing: Vec<&&str> = docs.iter().filter(|d| !seen.contains(**d)).collect();
    if !missing.is_empty() {
        eprintln!(
            "regionkg: {} annotated documents were not found in the inputs (e.g. {})",
            missing.len(),
            missing[0]
        );
    }
    Ok(predicted)
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
