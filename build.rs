//! Embeds the shipped rule packs (`rules/<lang>/*.toml`) and the default profile in the
//! binary, so `savy` works from any folder with nothing else installed.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut packs = Vec::new();
    for lang in ["fi", "en"] {
        let dir = root.join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("read rules dir").path();
            if path.extension().is_some_and(|e| e == "toml") {
                println!("cargo:rerun-if-changed={}", path.display());
                let stem = path
                    .file_stem()
                    .unwrap()
                    .to_str()
                    .expect("UTF-8 pack name")
                    .to_string();
                packs.push((format!("{lang}/{stem}"), path));
            }
        }
    }
    packs.sort();
    let mut out = String::from(
        "/// Shipped packs: (id, TOML text).\npub static PACKS: &[(&str, &str)] = &[\n",
    );
    for (id, path) in &packs {
        writeln!(
            out,
            "    ({id:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let profile = root.join("default.toml");
    println!("cargo:rerun-if-changed={}", profile.display());
    writeln!(
        out,
        "/// The bundled default profile.\npub const DEFAULT_PROFILE: &str = include_str!({:?});",
        profile.display().to_string()
    )
    .unwrap();
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("shipped_packs.rs");
    std::fs::write(dest, out).unwrap();
}
