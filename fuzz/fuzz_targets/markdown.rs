//! The Markdown reader (front matter, HTML cleaning, title, sentences) on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = regionkg::corpus::fuzzing::markdown(data) {
        for s in &doc.sentences {
            assert!(
                doc.text.is_char_boundary(s.range.start) && doc.text.is_char_boundary(s.range.end)
            );
            assert!(s.range.start <= s.range.end && s.range.end <= doc.text.len());
        }
    }
});
