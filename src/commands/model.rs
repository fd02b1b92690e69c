//! `lac`: the learned model on lines of text, for seeing what it does (the model is
//! [`regionkg::model`]'s; this file reads lines and prints).

use super::{write_to, ModelArgs};
use crate::cli::LacArgs;
use anyhow::{Context, Result};
use regionkg::model::{locate, Lac};
use std::io::BufRead;
use std::process::ExitCode;

/// Loads the model `args` name, saying which file it tried when that fails.
pub fn load_model(args: &ModelArgs) -> Result<Lac> {
    let path = locate(args.model_file.as_deref());
    Ok(Lac::load(&path)?)
}

pub fn lac(args: LacArgs) -> Result<ExitCode> {
    let lac = load_model(&args.model)?;
    let mut lines = Vec::new();
    let mut read = |name: &str, reader: &mut dyn BufRead| -> Result<()> {
        for line in reader.lines() {
            lines.push(line.with_context(|| format!("cannot read {name}"))?);
        }
        Ok(())
    };
    if args.inputs.is_empty() {
        read("stdin", &mut std::io::stdin().lock())?;
    }
    for path in &args.inputs {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        read(
            &path.display().to_string(),
            &mut std::io::BufReader::new(file),
        )?;
    }
    let tagged = match args.alternatives {
        Some(min) => lac.tag_all_with_alternatives(&lines, &["ORG", "LOC", "PER"], min),
        None => lac
            .tag_all(&lines)
            .into_iter()
            .map(|w| (w, Vec::new()))
            .collect(),
    };
    // The confidence to three decimals: more says nothing and costs bytes.
    let rows = |words: &[regionkg::model::Word]| -> Vec<(usize, usize, String, f64)> {
        words
            .iter()
            .map(|w| {
                let p = (f64::from(w.confidence) * 1000.0).round() / 1000.0;
                (w.start, w.end, w.label.to_string(), p)
            })
            .collect()
    };
    write_to(None, |out| {
        for (line, (words, others)) in lines.iter().zip(&tagged) {
            let chars: Vec<char> = line.chars().collect();
            if args.json {
                let mut value = serde_json::json!({"text": line, "words": rows(words)});
                if args.alternatives.is_some() {
                    value["alternatives"] = serde_json::json!(rows(others));
                }
                writeln!(out, "{value}").map_err(regionkg::Error::Write)?;
            } else {
                let text: Vec<String> = words
                    .iter()
                    .map(|w| {
                        format!(
                            "{}/{}",
                            chars[w.start..w.end].iter().collect::<String>(),
                            w.label
                        )
                    })
                    .collect();
                writeln!(out, "{}", text.join(" ")).map_err(regionkg::Error::Write)?;
            }
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
