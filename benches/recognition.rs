//! Recognition throughput in MB/s of Chinese text with the built-in gazetteer, and the matcher
//! comparison behind the choice of daachorse: the same names in aho-corasick's DFA and NFA.
//!
//! Text: the posts of `../shared/corpus/hexo-news` when present (cleaned as `build` cleans them),
//! else the sample corpus in `examples/corpus` repeated. Run: `cargo bench --bench recognition`.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use regionkg::corpus::{discover, Corpus, Document};
use regionkg::gazetteer::Gazetteer;
use regionkg::recognise::Recognizer;
use std::hint::black_box;
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

fn documents() -> Vec<Document> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../shared/corpus/hexo-news");
    let (dir, repeat) = if shared.is_dir() {
        (shared, 1)
    } else {
        eprintln!("../shared is absent: measuring on the sample corpus repeated 200 times");
        (manifest.join("examples/corpus"), 200)
    };
    let docs: Vec<Document> = Corpus::new(discover(&[dir]).files)
        .filter_map(Result::ok)
        .collect();
    docs.iter()
        .cycle()
        .take(docs.len() * repeat)
        .cloned()
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = documents();
    let text: String = docs
        .iter()
        .map(|d| d.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let recognizer = Recognizer::new(Gazetteer::builtin().unwrap()).unwrap();
    let names: Vec<String> = {
        let mut v: Vec<String> = recognizer
            .gazetteer()
            .surfaces()
            .map(|(s, _, _)| s.nfkc().collect())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    eprintln!(
        "text {:.1} MB in {} documents; {} distinct names",
        text.len() as f64 / 1e6,
        docs.len(),
        names.len()
    );

    let mut g = c.benchmark_group("recognition");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("recognise (normalise, match, resolve, offsets)", |b| {
        b.iter(|| {
            let n: usize = docs.iter().map(|d| recognizer.recognise(d).len()).sum();
            black_box(n)
        })
    });
    g.finish();
    compare_matchers(c, "matchers", &names, &text);

    // The same comparison with a much larger name list (every town and street-office name of
    // the NBS division codes added), where the matchers' scaling decides the choice.
    let streets = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/admin-divisions/streets.csv");
    if let Ok(csv) = std::fs::read_to_string(&streets) {
        let mut big = names.clone();
        big.extend(csv.lines().skip(1).filter_map(|l| {
            let name = l.split(',').nth(1)?.trim_matches('"');
            (name.chars().count() >= 2).then(|| name.nfkc().collect::<String>())
        }));
        big.sort();
        big.dedup();
        eprintln!("large name list: {} names", big.len());
        compare_matchers(
            c,
            &format!("matchers-{}k-names", big.len() / 1000),
            &big,
            &text,
        );
    }

    let mut g = c.benchmark_group("gazetteer");
    g.sample_size(10);
    // A 100k-entry layer: synthetic three- to five-character names with an alias each.
    let dir = std::env::temp_dir().join(format!("regionkg-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let layer = dir.join("big.tsv");
    let chars: Vec<char> =
        "东南西北中上下新老大小金银山水河湖江海城镇乡村桥港湾岛林田原州县阳安平宁康泰华兴"
            .chars()
            .collect();
    let mut tsv = String::from("id\tname\ttype\tsubtype\taliases\tparent\n");
    for i in 0..100_000usize {
        let mut n = i;
        let mut name = String::new();
        while n > 0 || name.chars().count() < 3 {
            name.push(chars[n % chars.len()]);
            n /= chars.len();
        }
        tsv.push_str(&format!("x{i}\t{name}园区\tZone\tpark\t{name}园\t\n"));
    }
    std::fs::write(&layer, tsv).unwrap();
    let options = regionkg::gazetteer::GazetteerOptions {
        no_builtin: true,
        layers: vec![layer.clone()],
    };
    g.bench_function("load a 100k-entry gazetteer file", |b| {
        b.iter(|| black_box(Gazetteer::load(&options).unwrap().len()))
    });
    g.bench_function(
        "load a 100k-entry gazetteer file and build automaton",
        |b| {
            b.iter(|| {
                black_box(
                    Recognizer::new(Gazetteer::load(&options).unwrap())
                        .unwrap()
                        .surface_count(),
                )
            })
        },
    );
    g.bench_function("load built-in gazetteer", |b| {
        b.iter(|| black_box(Gazetteer::builtin().unwrap().len()))
    });
    g.bench_function("load built-in gazetteer and build automaton", |b| {
        b.iter(|| {
            black_box(
                Recognizer::new(Gazetteer::builtin().unwrap())
                    .unwrap()
                    .surface_count(),
            )
        })
    });
    g.finish();
}

/// Raw leftmost-longest matching of `text` with `names` in daachorse and aho-corasick.
fn compare_matchers(c: &mut Criterion, group: &str, names: &[String], text: &str) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    let daac: daachorse::CharwiseDoubleArrayAhoCorasick<u32> =
        daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(daachorse::MatchKind::LeftmostLongest)
            .build(names)
            .unwrap();
    g.bench_function("daachorse charwise leftmost-longest (raw)", |b| {
        b.iter(|| black_box(daac.leftmost_find_iter(text).count()))
    });
    for (label, kind) in [
        (
            "aho-corasick DFA leftmost-longest (raw)",
            AhoCorasickKind::DFA,
        ),
        (
            "aho-corasick contiguous NFA leftmost-longest (raw)",
            AhoCorasickKind::ContiguousNFA,
        ),
    ] {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(names)
            .unwrap();
        g.bench_function(label, |b| b.iter(|| black_box(ac.find_iter(text).count())));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
