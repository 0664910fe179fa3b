//! rbpub's help and its command-line errors in the user's language.
//!
//! The doc comments on the commands and their flags are the English help, as
//! clap shows it. The catalogue's `help` section holds each of them in every
//! language, keyed by where it is shown (`rbpub publish`, `rbpub publish
//! --template`); its English is the doc comments themselves, kept equal by a
//! test (`UPDATE_HELP=1` writes it), so a changed doc comment shows up in the
//! translation's diff. In another language the command tree is rebuilt with
//! those texts, clap's headings and its `[default: …]` notes said in the
//! catalogue's words, and a mistyped command line is explained in them too.

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, Command, CommandFactory};
use rbpub_core::catalogue::{self, Sentence};
use rbpub_core::Locale;

use crate::Cli;

/// The command tree whose help is in `locale`.
pub fn command(locale: Locale) -> Command {
    let mut cmd = Cli::command();
    if locale == Locale::En {
        return cmd;
    }
    cmd.build();
    in_language(cmd, "rbpub", locale)
}

/// Parses the command line, the help and any mistake said in `locale`; exits
/// (2 for a mistake) where clap would.
pub fn parse(locale: Locale) -> Cli {
    use clap::FromArgMatches;
    let matches = command(locale).try_get_matches();
    match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) if locale == Locale::En || !is_mistake(e.kind()) => e.exit(),
        Err(e) => {
            eprintln!("{}", crate::terminal::shown(&mistake(&e).say(locale)));
            std::process::exit(2)
        }
    }
}

/// The locale asked for before the command line is parsed: `--lang` where it
/// is given (so that the help and mistakes are in it), else the system's.
pub fn locale_asked(args: impl Iterator<Item = std::ffi::OsString>) -> Locale {
    let args: Vec<String> = args.filter_map(|a| a.into_string().ok()).collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| match a.as_str() {
        "--lang" => args.get(i + 1).map(String::as_str),
        other => other.strip_prefix("--lang="),
    });
    let lang = flag.and_then(|v| <crate::lang::Lang as clap::ValueEnum>::from_str(v, false).ok());
    crate::lang::choose(lang)
}

/// Every help text clap shows in English, with its key.
#[cfg(test)]
pub fn english() -> Vec<(String, String)> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, "rbpub", &mut out);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
fn collect(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
    if let Some(about) = about_of(cmd) {
        out.push((path.to_owned(), about));
    }
    for arg in cmd.get_arguments() {
        if let Some(help) = help_of(arg) {
            out.push((arg_key(path, arg), help));
        }
    }
    for sub in cmd.get_subcommands() {
        match sub.get_name() {
            // The same at every level; what it lists are the commands around it.
            "help" => out.extend(about_of(sub).map(|a| ("rbpub help".to_owned(), a))),
            name => collect(sub, &format!("{path} {name}"), out),
        }
    }
}

#[cfg(test)]
fn about_of(cmd: &Command) -> Option<String> {
    cmd.get_long_about()
        .or(cmd.get_about())
        .map(|s| s.to_string())
}

#[cfg(test)]
fn help_of(arg: &Arg) -> Option<String> {
    arg.get_long_help()
        .or(arg.get_help())
        .map(|s| s.to_string())
}

/// `rbpub publish --template`; a global flag and `--help` under `rbpub` alone,
/// as they say the same everywhere.
fn arg_key(path: &str, arg: &Arg) -> String {
    let name = match arg.get_long() {
        Some(long) => format!("--{long}"),
        None => format!("<{}>", arg.get_id()),
    };
    match arg.is_global_set() || arg.get_id() == "help" {
        true => format!("rbpub {name}"),
        false => format!("{path} {name}"),
    }
}

fn in_language(cmd: Command, path: &str, locale: Locale) -> Command {
    let text = |key: &str| catalogue::help(locale, key);
    let words = |key: &'static str| catalogue::plain(locale, key);
    // clap puts an ASCII colon after its headings: the template names the
    // sections itself, each only where the command has it.
    let has_positionals = cmd.get_positionals().next().is_some();
    let has_subcommands = cmd.has_subcommands();
    let mut template = format!(
        "{{before-help}}{{about-with-newline}}\n{}{{usage}}\n",
        words("cli.helpUsage")
    );
    let sections = [
        (has_positionals, "cli.helpArguments", "{positionals}"),
        (true, "cli.helpOptions", "{options}"),
        (has_subcommands, "cli.helpCommands", "{subcommands}"),
    ];
    for (present, heading, tag) in sections {
        if present {
            template += &format!("\n{}\n{tag}\n", words(heading));
        }
    }
    let mut cmd = cmd.help_template(template + "{after-help}");
    if let Some(about) = text(path) {
        cmd = cmd.about(about).long_about(None);
    }
    cmd = cmd.mut_args(|arg| {
        let help = text(&arg_key(path, &arg)).unwrap_or_default();
        let notes = notes(&arg, locale);
        arg.help(format!("{help}{notes}").trim_start().to_owned())
            .long_help(None)
            .hide_possible_values(true)
            .hide_default_value(true)
            .hide_env(true)
    });
    cmd.mut_subcommands(|sub| match sub.get_name() {
        "help" => match text("rbpub help") {
            Some(about) => sub.about(about),
            None => sub,
        },
        name => {
            let path = format!("{path} {name}");
            in_language(sub, &path, locale)
        }
    })
}

/// What clap notes after a flag's help (its values, its variable, its
/// default), in the catalogue's words.
fn notes(arg: &Arg, locale: Locale) -> String {
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
        .collect();
    let mut notes = Vec::new();
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        notes.push(Sentence::new("cli.helpValues").list("values", &values));
    }
    if let Some(variable) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        notes.push(Sentence::new("cli.helpVariable").arg("variable", variable.to_string_lossy()));
    }
    // A flag's default (`false`, `0`) is no news; clap does not show it either.
    let takes_value = arg.get_action().takes_values();
    if takes_value && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        notes.push(Sentence::new("cli.helpDefault").list("value", &defaults));
    }
    notes.iter().map(|n| n.say(locale)).collect()
}

/// A command line clap could not read (not a request for help or the version).
fn is_mistake(kind: ErrorKind) -> bool {
    !matches!(
        kind,
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    )
}

/// What is wrong with the command line, from what clap found.
fn mistake(e: &clap::Error) -> Sentence {
    use clap::error::ContextValue;
    let said = |kind: ContextKind| e.get(kind).map(|v| v.to_string()).unwrap_or_default();
    // Several (missing flags, valid values) are joined in the user's language.
    let each = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::Strings(all)) => all.clone(),
        Some(one) => vec![one.to_string()],
        None => Vec::new(),
    };
    let sentence = match e.kind() {
        ErrorKind::InvalidValue => Sentence::new("cli.argValue")
            .arg("arg", said(ContextKind::InvalidArg))
            .arg("value", said(ContextKind::InvalidValue))
            .list("valid", &each(ContextKind::ValidValue)),
        ErrorKind::UnknownArgument => {
            Sentence::new("cli.argUnknown").arg("arg", said(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => {
            Sentence::new("cli.argCommand").arg("command", said(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            Sentence::new("cli.argMissing").list("args", &each(ContextKind::InvalidArg))
        }
        ErrorKind::ArgumentConflict => Sentence::new("cli.argConflict")
            .arg("arg", said(ContextKind::InvalidArg))
            .arg("other", said(ContextKind::PriorArg)),
        ErrorKind::MissingSubcommand => Sentence::new("cli.argNoCommand"),
        _ => {
            // clap's own words: its kinds of mistake past these are rare.
            let words = e.render().to_string();
            let first = words.lines().next().unwrap_or("");
            Sentence::new("cli.argOther")
                .arg("detail", first.strip_prefix("error: ").unwrap_or(first))
        }
    };
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(said)
        .find(|s| !s.is_empty());
    let sentence = match suggested {
        Some(suggested) => Sentence::new("cli.argSuggested")
            .part("mistake", sentence)
            .arg("suggested", suggested),
        None => sentence,
    };
    Sentence::new("cli.argSeeHelp").part("mistake", sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalogue's `help` section as the file holds it.
    fn section(lang: &str) -> serde_json::Map<String, serde_json::Value> {
        let path = format!(
            "{}/../core/messages/{lang}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        json["help"].as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn the_english_help_is_the_doc_comments_and_every_text_has_a_translation() {
        let english = english();
        let path = format!("{}/../core/messages/en.json", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("UPDATE_HELP").is_some() {
            let mut json: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            json["help"] = english
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect::<serde_json::Map<_, _>>()
                .into();
            let text = serde_json::to_string_pretty(&json).unwrap() + "\n";
            std::fs::write(&path, text).unwrap();
        }
        let en = section("en");
        let wanted: serde_json::Map<_, _> = english
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        assert!(
            en == wanted,
            "en.json's help differs from the doc comments: run UPDATE_HELP=1 cargo test -p rbpub-cli help, then translate what changed in zh-CN.json"
        );
        // The other languages hold the same keys (catalogue.rs's test), none left in English.
        for (key, zh) in section("zh-CN") {
            assert!(
                zh.as_str()
                    .is_some_and(|s| s.chars().any(|c| c > '\u{2e80}')),
                "zh-CN.json's help for {key} is not Chinese: {zh}"
            );
        }
    }

    #[test]
    fn the_help_is_in_chinese_with_clap_s_notes_in_chinese_too() {
        let help = command(Locale::ZhCn)
            .find_subcommand_mut("verify")
            .unwrap()
            .render_help()
            .to_string();
        for english in [
            "Usage:",
            "Options:",
            "[default:",
            "[env:",
            "Print help",
            "store's",
        ] {
            assert!(!help.contains(english), "{english} in\n{help}");
        }
        assert!(help.contains("用法："), "{help}");
        assert!(help.contains("（环境变量：RBPUB_STORE_URL）"), "{help}");
        assert!(help.contains("（默认：https://hub.grapps.cn）"), "{help}");
        let top = command(Locale::ZhCn).render_help().to_string();
        assert!(top.contains("\n命令：\n"), "{top}");
        assert!(!top.contains("（默认：false）"), "{top}");
        assert!(top.contains("（可选值：en、zh-CN）"), "{top}");
    }

    #[test]
    fn a_mistake_on_the_command_line_is_said_in_chinese_with_the_fix() {
        let said = |args: &[&str]| {
            let e = command(Locale::ZhCn)
                .try_get_matches_from(args)
                .expect_err("a mistake");
            mistake(&e).say(Locale::ZhCn)
        };
        assert_eq!(
            said(&["rbpub", "verfy"]),
            "rbpub 没有 verfy 命令（你是不是想用 verify？）；请查看 rbpub --help"
        );
        let unknown = said(&["rbpub", "verify", "--stor", "x"]);
        assert!(
            unknown.starts_with("此命令没有 --stor 选项（你是不是想用 --store？）"),
            "{unknown}"
        );
        let value = said(&["rbpub", "--lang", "fr", "verify"]);
        assert!(value.contains("--lang <LANG> 不接受 fr"), "{value}");
    }

    #[test]
    fn the_language_is_read_before_the_command_line_is() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            locale_asked(args(&["rbpub", "--lang", "zh-CN", "--help"]).into_iter()),
            Locale::ZhCn
        );
        assert_eq!(
            locale_asked(args(&["rbpub", "verify", "--lang=en"]).into_iter()),
            Locale::En
        );
    }
}
