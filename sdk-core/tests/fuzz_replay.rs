//! The fuzz targets' checks on stable, so that every `cargo test` holds what fuzzing found: each
//! conformance vector of `tests/vectors/` in many chunkings and event caps, and each input kept
//! in `fuzz/regressions/<target>/`, through every target. Long fuzzing is `scripts/fuzz`.

#[path = "../../fuzz/src/lib.rs"]
mod harness;

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::Value;

fn repo_dir(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

/// The files of `dir`, sorted, or none if it is not there.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// The stream bytes of each conformance vector.
fn vector_streams() -> Vec<(String, Vec<u8>)> {
    files(&repo_dir("tests/vectors"))
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let vector: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let bytes = match (&vector["body_base64"], &vector["body"]) {
                (Value::String(encoded), _) => base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .unwrap(),
                (_, Value::String(body)) => body.clone().into_bytes(),
                _ => panic!("{}: no body", path.display()),
            };
            (path.display().to_string(), bytes)
        })
        .collect()
}

#[test]
fn every_vector_in_many_chunkings_and_caps_passes_every_target() {
    let streams = vector_streams();
    assert!(streams.len() >= 50, "only {} vectors found", streams.len());
    let mut runs = 0;
    for (_, bytes) in &streams {
        // Caps of 1, 5, 29 and 1021 bytes (see `Input::read`); 16 chunkings each.
        for cap in [0u8, 1, 7, 255] {
            for chunking in 0..16u8 {
                let mut input = vec![cap, chunking];
                input.extend_from_slice(bytes);
                for (_, check) in harness::TARGETS {
                    check(&input);
                    runs += 1;
                }
            }
        }
    }
    assert_eq!(runs, streams.len() * 4 * 16 * harness::TARGETS.len());
}

#[test]
fn every_kept_regression_input_passes_its_target() {
    let root = repo_dir("fuzz/regressions");
    let mut replayed = 0;
    for (name, check) in harness::TARGETS {
        for input in files(&root.join(name)) {
            check(&std::fs::read(&input).unwrap());
            replayed += 1;
        }
    }
    // A folder of inputs for a target this table does not know would never be replayed.
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy();
            assert!(
                harness::TARGETS.iter().any(|(target, _)| *target == name),
                "fuzz/regressions/{name} is not a fuzz target"
            );
        }
    }
    assert!(replayed > 0, "no regression input in {}", root.display());
}
