//! Text decoding (UTF-8, GB18030) and the sentence splitter on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = regionkg::corpus::fuzzing::text(data) {
        let mut last = 0;
        for r in regionkg::text::split_sentences(&doc.text) {
            assert!(r.start >= last && r.start <= r.end && r.end <= doc.text.len());
            assert!(doc.text.is_char_boundary(r.start) && doc.text.is_char_boundary(r.end));
            last = r.end;
        }
    }
});
