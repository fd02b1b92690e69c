//! Throughput of each stage on a corpus, single-threaded, in one run, for `scripts/bench`:
//! reading and cleaning, the raw name automaton (daachorse, leftmost-longest, the built-in
//! names), and whole recognition (automaton, boundary check, rules, resolution); and the time to
//! load the gazetteers and build the recogniser, with the built-in names and with 100,000.
//!
//!     cargo run --release --example throughput -- ../shared/corpus/hexo-news
//!
//! Prints one JSON object.

use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use regionkg::corpus::{discover, Corpus, Document};
use regionkg::gazetteer::{Gazetteer, GazetteerOptions};
use regionkg::recognise::{Recognizer, RecognizerOptions};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;
use unicode_normalization::UnicodeNormalization;

fn mb_per_s(bytes: usize, secs: f64) -> f64 {
    bytes as f64 / 1e6 / secs
}

/// The fastest of `runs` timings of `f`, in seconds.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let inputs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if inputs.is_empty() {
        eprintln!("usage: throughput CORPUS...");
        std::process::exit(2);
    }
    let files = discover(&inputs).files;
    let t = Instant::now();
    let docs: Vec<Document> = Corpus::new(files).filter_map(Result::ok).collect();
    let read_secs = t.elapsed().as_secs_f64();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();

    let t = Instant::now();
    let gazetteer = Gazetteer::builtin().expect("built-in gazetteers load");
    let recognizer = Recognizer::new(gazetteer).expect("recogniser builds");
    let load_secs = t.elapsed().as_secs_f64();
    let names = recognizer.surface_count();

    // The raw automaton over the same names and the normalised text.
    let mut surfaces: Vec<String> = recognizer
        .gazetteer()
        .surfaces()
        .map(|(s, _, _)| s.nfkc().collect())
        .collect();
    surfaces.sort();
    surfaces.dedup();
    let automaton: daachorse::CharwiseDoubleArrayAhoCorasick<u32> =
        CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&surfaces)
            .expect("automaton builds");
    let text: String = docs
        .iter()
        .map(|d| d.text.nfkc().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n");
    let raw_secs = best(3, || automaton.leftmost_find_iter(&text).count());
    let recognise_secs = best(2, || {
        docs.iter()
            .map(|d| recognizer.recognise(d).len())
            .sum::<usize>()
    });
    let mentions: usize = docs.iter().map(|d| recognizer.recognise(d).len()).sum();
    // The layers' shares: recognition without the rules, and without the boundary check too.
    let layer = |rules: bool, boundary_check: bool| {
        let r = Recognizer::with_options(
            Gazetteer::builtin().expect("built-in gazetteers load"),
            RecognizerOptions {
                rules,
                boundary_check,
                ..RecognizerOptions::default()
            },
        )
        .expect("recogniser builds");
        mb_per_s(
            bytes,
            best(2, || {
                docs.iter().map(|d| r.recognise(d).len()).sum::<usize>()
            }),
        )
    };
    let no_rules_mb_s = layer(false, true);
    let gazetteer_only_mb_s = layer(false, false);

    // 100,000 names: the built-in ones plus generated place names in a user layer.
    let dir = std::env::temp_dir().join(format!("regionkg-throughput-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    let layer = dir.join("extra.tsv");
    let extra = 100_000usize.saturating_sub(names);
    let han =
        |i: usize, k: usize| char::from_u32(0x4e00 + ((i * 7919 + k * 104_729) % 20_000) as u32);
    let mut rows = String::from("id\tname\ttype\tsubtype\taliases\tparent\n");
    for i in 0..extra {
        let name: String = (0..4).filter_map(|k| han(i, k)).collect::<String>() + "园";
        rows.push_str(&format!("x{i}\t{name}{i}\tZone\tgenerated\t\t11\n"));
    }
    std::fs::write(&layer, rows).expect("layer written");
    let t = Instant::now();
    let big = Gazetteer::load(&GazetteerOptions {
        no_builtin: false,
        layers: vec![layer],
    })
    .expect("layer loads");
    let big = Recognizer::new(big).expect("recogniser builds");
    let load_100k_secs = t.elapsed().as_secs_f64();
    let names_100k = big.surface_count();
    let _ = std::fs::remove_dir_all(&dir);

    println!(
        "{}",
        serde_json::json!({
            "documents": docs.len(),
            "text_mb": bytes as f64 / 1e6,
            "read_mb_s": mb_per_s(bytes, read_secs),
            "names": names,
            "raw_automaton_mb_s": mb_per_s(text.len(), raw_secs),
            "recognise_mb_s": mb_per_s(bytes, recognise_secs),
            "recognise_share_of_raw": mb_per_s(bytes, recognise_secs) / mb_per_s(text.len(), raw_secs),
            "recognise_without_rules_mb_s": no_rules_mb_s,
            "recognise_gazetteer_only_mb_s": gazetteer_only_mb_s,
            "mentions": mentions,
            "load_and_build_s": load_secs,
            "names_100k": names_100k,
            "load_and_build_100k_s": load_100k_secs,
        })
    );
}
