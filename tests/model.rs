//! The LAC port against labels the original model's reference forward pass
//! (`../shared/tools/lac-reference`, numpy over the PyPI sdist's weights) gave on sentences
//! written for this test (`tests/data/lac-sentences.txt` → `tests/data/lac-reference.jsonl`).
//!
//! Needs the model `make model` makes. Without it the test says so and passes, unless
//! `REGIONKG_REQUIRE_MODEL` is set (as `.ci/run` sets it), when it fails.

use regionkg::model::{locate, Lac};

fn load() -> Option<Lac> {
    let path = locate(None);
    if !path.exists() {
        assert!(
            std::env::var_os("REGIONKG_REQUIRE_MODEL").is_none(),
            "REGIONKG_REQUIRE_MODEL is set and there is no model at {}",
            path.display()
        );
        eprintln!(
            "skipped: no model at {} (make it with `make model`)",
            path.display()
        );
        return None;
    }
    Some(Lac::load(&path).expect("the model loads"))
}

#[test]
fn labels_match_the_reference_forward_pass() {
    let Some(lac) = load() else { return };
    let reference = include_str!("data/lac-reference.jsonl");
    let cases: Vec<(String, Vec<(String, String)>)> = reference
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let tokens = v["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| (t[0].as_str().unwrap().into(), t[1].as_str().unwrap().into()))
                .collect();
            (v["text"].as_str().unwrap().to_string(), tokens)
        })
        .collect();
    assert!(cases.len() >= 40);
    let sentences: Vec<&str> = cases.iter().map(|(s, _)| s.as_str()).collect();
    // All together (one batch, mixed lengths) and one at a time must agree with the reference.
    let together = lac.tag(&sentences);
    for (i, (text, expected)) in cases.iter().enumerate() {
        let alone = lac.tag(&[text.as_str()]);
        for words in [&together[i], &alone[0]] {
            let chars: Vec<char> = text.chars().collect();
            let got: Vec<(String, String)> = words
                .iter()
                .map(|w| (chars[w.start..w.end].iter().collect(), w.label.to_string()))
                .collect();
            assert_eq!(&got, expected, "{text}");
        }
    }
}

#[test]
fn empty_and_odd_input() {
    let Some(lac) = load() else { return };
    let out = lac.tag(&["", "。", "🙂🙂", "a"]);
    assert!(out[0].is_empty());
    assert_eq!(out[1].len(), 1);
    assert_eq!(out[2].iter().map(|w| w.end - w.start).sum::<usize>(), 2);
    assert_eq!((out[3][0].start, out[3][0].end), (0, 1));
}

#[test]
fn a_missing_model_says_how_to_make_it() {
    let err = Lac::load(std::path::Path::new("no/such/model.rkm"))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("no model at no/such/model.rkm") && err.contains("make model"),
        "{err}"
    );
}
