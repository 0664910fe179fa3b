//! What a command did: the lines said to the user in their language, the
//! result for programs (`--json`), and the exit status. Every command returns
//! one; `main` says it.

use rbpub_core::catalogue::Sentence;
use rbpub_core::Locale;
use serde_json::Value;

/// What a command did.
pub struct Outcome {
    /// Said on stdout, one line each (and as `summary` in the JSON).
    pub lines: Vec<Line>,
    /// The result for `--json`.
    pub json: Value,
    /// How rbpub exits.
    pub status: Status,
}

/// One line of a command's summary.
pub enum Line {
    /// A sentence of ours, said in the user's language.
    Said(Sentence),
    /// Text already in the user's language, or data (a report, a path).
    Shown(String),
}

/// How a command that did its work exits, beside success.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Success,
    /// `lint`, `assets check`: an error-level problem was found.
    ChecksFailed,
    /// `status --watch`: the time ran out before the store listed the app.
    NotListedYet,
    /// `rehearse`: installers would meet a problem.
    Problems,
}

impl Status {
    /// The exit code a pipeline tells apart.
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::ChecksFailed => 10,
            Status::NotListedYet => 12,
            Status::Problems => 13,
        }
    }
}

impl Outcome {
    /// A result with nothing said yet.
    pub fn new(json: Value) -> Outcome {
        Outcome {
            lines: Vec::new(),
            json,
            status: Status::Success,
        }
    }

    /// Adds a sentence of ours.
    pub fn said(mut self, sentence: Sentence) -> Outcome {
        self.lines.push(Line::Said(sentence));
        self
    }

    /// Adds text already in the user's language (or data).
    pub fn shown(mut self, text: impl Into<String>) -> Outcome {
        self.lines.push(Line::Shown(text.into()));
        self
    }

    /// Exits with `status`.
    pub fn with_status(mut self, status: Status) -> Outcome {
        self.status = status;
        self
    }

    /// The summary in `locale`, a line each.
    pub fn text(&self, locale: Locale) -> String {
        self.lines
            .iter()
            .map(|line| match line {
                Line::Said(s) => s.say(locale),
                Line::Shown(t) => t.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}
