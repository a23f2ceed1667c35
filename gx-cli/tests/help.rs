//! Every command, at every level of `gx`, shows examples in its `--help`.

use std::process::Command;

fn help(path: &[String]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_gx"))
        .args(path)
        .arg("--help")
        .output()
        .expect("gx runs");
    assert_eq!(o.status.code(), Some(0), "{path:?}");
    String::from_utf8(o.stdout).unwrap()
}

/// The subcommand names listed under `Commands:` (clap's own `help` left out).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_level_shows_examples() {
    let mut pending = vec![Vec::<String>::new()];
    let mut seen = Vec::new();
    while let Some(path) = pending.pop() {
        let text = help(&path);
        assert!(
            // One heading style everywhere, even for a single example.
            text.contains("\nExamples:\n") && !text.contains("Example:\n"),
            "gx {} --help shows no example",
            path.join(" ")
        );
        for name in subcommands(&text) {
            let mut child = path.clone();
            child.push(name);
            pending.push(child);
        }
        seen.push(path.join(" "));
    }
    // The walk reached the nested levels, not just the top.
    for expected in ["", "id", "id new", "qsend", "qsend qr", "qsend qr encode"] {
        assert!(
            seen.iter().any(|p| p == expected),
            "{expected:?} in {seen:?}"
        );
    }
}

#[test]
fn the_top_level_examples_use_every_command() {
    let text = help(&[]);
    let examples: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "Examples:")
        .filter(|l| l.trim_start().starts_with("gx "))
        .collect();
    for command in subcommands(&text) {
        assert!(
            examples
                .iter()
                .any(|e| e.trim_start().starts_with(&format!("gx {command} "))),
            "gx --help has no example of gx {command}"
        );
    }
}
