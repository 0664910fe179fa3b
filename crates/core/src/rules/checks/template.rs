//! The RAM template's rules and the link check's finding.

use std::collections::HashSet;

use super::{Findings, Problem};
use crate::locale::Locale;
use crate::rules::{Field, Finding, Level, RuleId};
use crate::template::Template;

/// `template.nonempty` and `template.deps`.
pub fn evaluate_template(template: &Template, locale: Locale) -> Vec<Finding> {
    let mut f = Findings {
        locale,
        out: Vec::new(),
    };
    if template.components.is_empty() && template.k8s_resources.is_empty() {
        f.push(
            RuleId::TemplateNonempty,
            Field::Template,
            None,
            None,
            Problem::TemplateEmpty,
        );
    }
    let keys: HashSet<&str> = template.components.iter().map(|c| c.key.as_str()).collect();
    for c in &template.components {
        for dep in c.depends_on.iter().filter(|d| !keys.contains(d.as_str())) {
            let name = if c.name.is_empty() { &c.key } else { &c.name };
            let problem = Problem::TemplateDangling {
                component: name.clone(),
                key: dep.clone(),
            };
            f.push(
                RuleId::TemplateDeps,
                Field::Template,
                Some(&c.key),
                None,
                problem,
            );
        }
    }
    f.out
}

/// The `url.reachable` finding for a link that did not answer, as a checker
/// with network access reports it, at the level the listing's rules give it.
pub fn unreachable_link(url: &str, reason: &str, level: Level, locale: Locale) -> Finding {
    let mut f = Findings {
        locale,
        out: Vec::new(),
    };
    let problem = Problem::LinkUnreachable {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    f.push(
        RuleId::UrlReachable,
        Field::Introduction,
        None,
        None,
        problem,
    );
    let mut finding = f.out.remove(0);
    finding.level = level;
    finding
}
