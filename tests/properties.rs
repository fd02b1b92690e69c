//! Properties that must hold for any input (proptest): offsets lie on character boundaries and
//! index the text; readers and parsers never panic; output does not depend on the number of
//! threads.

use proptest::prelude::*;
use regionkg::corpus::{fuzzing, Document};
use regionkg::gazetteer::Gazetteer;
use regionkg::recognise::Recognizer;
use std::sync::OnceLock;

fn recognizer() -> &'static Recognizer {
    static R: OnceLock<Recognizer> = OnceLock::new();
    R.get_or_init(|| Recognizer::new(Gazetteer::builtin().unwrap()).unwrap())
}

/// Pieces text is made of: names (and their pieces), suffixes, function words, sentence ends,
/// line ends, Latin, digits, full-width and compatibility forms NFKC changes (⼩⽶ in Kangxi
/// radicals, full-width brackets), combining marks and emoji.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("北京市".to_string()),
        Just("北京".to_string()),
        Just("雄安新区".to_string()),
        Just("通州".to_string()),
        Just("京津冀".to_string()),
        Just("河北省交通运输厅".to_string()),
        Just("石家庄".to_string()),
        Just("开发区".to_string()),
        Just("集团".to_string()),
        Just("《京津冀协同发展规划纲要》".to_string()),
        Just("的".to_string()),
        Just("和".to_string()),
        Just("。".to_string()),
        Just("！".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("⼩⽶".to_string()),
        Just("（".to_string()),
        Just("）".to_string()),
        Just("e\u{301}".to_string()),
        Just("🚄".to_string()),
        "[a-zA-Z0-9 ]{0,5}",
        "\\PC{0,3}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn mentions_index_the_text(text in text()) {
        let doc = Document::from_text("p", &text);
        let chars: Vec<char> = doc.text.chars().collect();
        for s in &doc.sentences {
            prop_assert!(doc.text.is_char_boundary(s.range.start));
            prop_assert!(doc.text.is_char_boundary(s.range.end));
            prop_assert!(s.range.start <= s.range.end && s.range.end <= doc.text.len());
        }
        for m in recognizer().recognise(&doc) {
            prop_assert!(m.start < m.end && m.end <= chars.len(), "{m:?}");
            let at: String = chars[m.start..m.end].iter().collect();
            prop_assert_eq!(&at, &m.text);
            let sentence = &doc.sentences[m.sentence];
            let start_byte = doc.text.char_indices().nth(m.start).map(|(i, _)| i).unwrap();
            prop_assert!(sentence.range.start <= start_byte && start_byte < sentence.range.end);
        }
    }

    #[test]
    fn sentences_are_ordered_and_on_boundaries(text in text()) {
        let ranges = regionkg::text::split_sentences(&text);
        let mut last = 0;
        for r in ranges {
            prop_assert!(r.start >= last && r.start <= r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            last = r.end;
        }
    }

    #[test]
    fn readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), text in text()) {
        let framed = format!("---\ntitle: {text}\ndate: 2019-02-30 25:61\n---\n{text}\n<!-- {text} -->");
        for input in [bytes.as_slice(), text.as_bytes(), framed.as_bytes()] {
            for doc in [fuzzing::markdown(input), fuzzing::text(input)].into_iter().flatten() {
                for s in &doc.sentences {
                    prop_assert!(doc.text.is_char_boundary(s.range.start));
                    prop_assert!(doc.text.is_char_boundary(s.range.end));
                }
            }
            let _ = fuzzing::jsonl(input);
        }
        let jsonl = format!(
            "{}\n{{\"text\": {}, \"id\": 7}}\n",
            text,
            serde_json::to_string(&text).unwrap()
        );
        let records = fuzzing::jsonl(jsonl.as_bytes());
        prop_assert!(records.iter().any(|r| r.is_ok()));
    }

    #[test]
    fn the_gazetteer_parser_never_panics(rows in prop::collection::vec("[\\PC\\t|]{0,40}", 0..8)) {
        let mut text = String::from("id\tname\ttype\tsubtype\taliases\tparent\n");
        for r in &rows {
            text.push_str(r);
            text.push('\n');
        }
        let mut problems = Vec::new();
        let _ = regionkg::gazetteer::tsv::parse_file(
            std::path::Path::new("fuzz.tsv"),
            text.as_bytes(),
            &mut problems,
        );
        for p in problems {
            prop_assert!(p.line <= rows.len() + 1, "{p:?}");
        }
    }
}

/// The same corpus gives the same bytes with one thread and with two.
#[test]
fn output_does_not_depend_on_threads() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let run = |jobs: &str| {
        let out = assert_cmd::Command::cargo_bin("regionkg")
            .unwrap()
            .args(["tag", "--jobs", jobs])
            .arg(&sample)
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"));
    assert_eq!(one, run("2"));
}
