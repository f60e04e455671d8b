//! Embeds the shipped rule packs (`rules/<lang>/*.toml`) and the default profile in the
//! binary, so `savy` works from any folder with nothing else installed (each pack with its
//! parsed TOML tree, which loads faster than the text parses), and compiles the
//! Finnish register lexicon (`rules/register/fi.toml`) into static tables, so a check does not
//! spend its first milliseconds generating thousands of verb forms.

use std::fmt::Write;
use std::path::Path;

/// The library's case folding, which the lexicon compiler uses (as `super::fold`).
#[allow(dead_code)]
#[path = "src/rules/fold.rs"]
mod case_fold;
use case_fold::fold;

/// The library's parsed TOML trees: the shipped packs are stored parsed.
#[allow(dead_code)]
#[path = "src/rules/toml_tree.rs"]
mod toml_tree;

/// The library's lexicon compiler: the tables built here are the ones it builds at run time.
#[allow(dead_code)]
#[path = "src/check/register_fi/lexicon.rs"]
mod lexicon;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    write_lexicon(&root.join("register").join("fi.toml"), Path::new(&out_dir));
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
        "/// Shipped packs: (id, TOML text, its parsed tree).\n\
         pub static PACKS: &[(&str, &str, Option<&[u8]>)] = &[\n",
    );
    for (id, path) in &packs {
        // A pack that does not parse is left to the loader, which reports where and why.
        let text = std::fs::read_to_string(path).expect("read a rule pack");
        let tree = match toml_tree::write::encode(&text) {
            Ok(tree) => {
                let file = Path::new(&out_dir).join(format!("{}.tree", id.replace('/', "-")));
                std::fs::write(&file, tree).unwrap();
                format!("Some(include_bytes!({:?}))", file.display().to_string())
            }
            Err(_) => "None".to_string(),
        };
        writeln!(
            out,
            "    ({id:?}, include_str!({:?}), {tree}),",
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
    let dest = Path::new(&out_dir).join("shipped_packs.rs");
    std::fs::write(dest, out).unwrap();
}

/// Compiles the Finnish lexicon at `path` into `register_fi_lexicon.rs`: a constant
/// `SHIPPED_TABLES` built of [`lexicon::WordTable::from_static`].
fn write_lexicon(path: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
    let source = std::fs::read_to_string(path).expect("read the Finnish lexicon");
    let tables = lexicon::build(&source).unwrap_or_else(|e| {
        let before = &source[..e.offset.min(source.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        panic!("{}:{line}:{column}: {}", path.display(), e.message)
    });
    let table = |t: &lexicon::WordTable| {
        let words: Vec<String> = t.words.iter().map(|(e, v)| format!("({e},{v})")).collect();
        let buckets: Vec<String> = t.buckets.iter().map(|b| format!("{b:?}")).collect();
        let filter: Vec<String> = t.filter.iter().map(|b| format!("{b:#x}")).collect();
        format!(
            "WordTable::from_static(\n        {:?},\n        &[{}],\n        &[{}],\n        &[{}],\n    )",
            t.text,
            words.join(","),
            buckets.join(","),
            filter.join(",")
        )
    };
    let lexicon::Tables {
        words,
        si_heads,
        nne_heads,
        plural,
        singular,
    } = &tables;
    let out = format!(
        "// Compiled by build.rs from rules/register/fi.toml.\n\
         /// The shipped Finnish lexicon.\n\
         pub(super) const SHIPPED_TABLES: Tables = Tables {{\n    \
         words: {},\n    si_heads: {},\n    nne_heads: {},\n    plural: {},\n    singular: {},\n}};\n",
        table(words),
        table(si_heads),
        table(nne_heads),
        table(plural),
        table(singular)
    );
    std::fs::write(out_dir.join("register_fi_lexicon.rs"), out).unwrap();
}
