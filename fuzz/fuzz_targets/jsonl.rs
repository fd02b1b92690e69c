//! The JSONL reader on any bytes: every line is a document or an error naming the line.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for record in regionkg::corpus::fuzzing::jsonl(data) {
        if let Ok(doc) = record {
            for s in &doc.sentences {
                assert!(
                    doc.text.is_char_boundary(s.range.start)
                        && doc.text.is_char_boundary(s.range.end)
                );
            }
        }
    }
});
