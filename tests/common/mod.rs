//! Helpers the integration tests share: the binary, the sample corpus and command output.
// Each test crate uses a different subset of these.
#![allow(dead_code)]

use assert_cmd::assert::Assert;
use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `regionkg` binary that cargo built for the tests.
pub fn regionkg() -> Command {
    Command::cargo_bin("regionkg").expect("the binary is built")
}

/// The sample corpus that ships in `examples/corpus`.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus")
}

/// A command's standard output as text.
pub fn stdout(out: &Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8 output")
}

/// A command's standard error as text.
pub fn stderr(out: &Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).expect("UTF-8 output")
}

/// Builds a store from the sample corpus in `dir` (as `dir/kg`) and returns its path.
pub fn build_sample_store(dir: &Path) -> PathBuf {
    let store = dir.join("kg");
    regionkg()
        .arg("build")
        .arg(sample())
        .arg("--store")
        .arg(&store)
        .arg("-q")
        .assert()
        .success();
    store
}
