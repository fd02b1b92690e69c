//! Recognition with the built-in gazetteers on any text: every mention lies on character
//! boundaries, within its sentence, and is the text at its offsets.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regionkg::corpus::Document;
use regionkg::gazetteer::Gazetteer;
use regionkg::recognise::Recognizer;
use std::sync::OnceLock;

fn recognizer() -> &'static Recognizer {
    static R: OnceLock<Recognizer> = OnceLock::new();
    R.get_or_init(|| Recognizer::new(Gazetteer::builtin().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Document::from_text("fuzz", text);
    let chars: Vec<char> = doc.text.chars().collect();
    for m in recognizer().recognise(&doc) {
        assert!(m.start < m.end && m.end <= chars.len());
        assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
        assert!(m.sentence < doc.sentences.len());
    }
});
