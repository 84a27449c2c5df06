//! Turns spec names into Rust identifiers: signs spelled as words, case conversion, keywords, digits, collisions.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

/// Words that cannot be used as plain identifiers in Rust 2021.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do",
    "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "union",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is rejected by rustc).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Signs that carry meaning, spelled as words (openapi-generator's choice: `+1` → `plus_1`), longest
/// first so `>=` is one word and not `>` then `=`. Without them `+1` and `-1` would both be `_1`,
/// and `<` and `>` would both be nothing.
const SIGNS: &[(&str, &str)] = &[
    (">=", "greater than or equal"),
    ("<=", "less than or equal"),
    ("!=", "not equal"),
    ("<>", "not equal"),
    ("==", "equal"),
    ("+", "plus"),
    ("*", "star"),
    ("<", "less than"),
    (">", "greater than"),
    ("=", "equal"),
    ("!", "not"),
    ("@", "at"),
    ("#", "hash"),
    ("%", "percent"),
    ("&", "and"),
    ("|", "or"),
    ("$", "dollar"),
    ("^", "caret"),
    ("~", "tilde"),
];

/// Splits a spec name into words for heck: ASCII letters and digits are kept, signs with a meaning
/// are spelled (`SIGNS`; a leading `-` is a minus: `-1` → `minus 1`, `-created_at` → `minus
/// created_at`), and everything else (`-` between words, `_`, `.`, `:`, `/`, brackets, quotes,
/// spaces, non-ASCII) is a word break.
fn words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    if let Some(after) = rest.strip_prefix('-') {
        out.push_str(" minus ");
        rest = after;
    }
    while let Some(c) = rest.chars().next() {
        if let Some((sign, word)) = SIGNS.iter().find(|(sign, _)| rest.starts_with(sign)) {
            out.push(' ');
            out.push_str(word);
            out.push(' ');
            rest = &rest[sign.len()..];
            continue;
        }
        out.push(if c.is_ascii_alphanumeric() { c } else { ' ' });
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// snake_case identifier for fields, parameters, functions and modules. A name that starts with
/// a digit gets a `v` (`2fa` → `v2fa`, as `V2fa` for types): a leading `_` would make `1` the
/// identifier `_1`, which clippy rejects (`just_underscores_and_digits`), and `set_` + `_2fa`
/// a name that is not snake case.
pub fn snake(name: &str) -> String {
    let s = words(name).to_snake_case();
    finish(s, "value", "v")
}

/// PascalCase identifier for types and enum variants.
pub fn pascal(name: &str) -> String {
    let s = words(name).to_pascal_case();
    finish(s, "Value", "V")
}

fn finish(s: String, empty: &str, digit_prefix: &str) -> String {
    if s.is_empty() {
        return empty.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{digit_prefix}{s}");
    }
    if NOT_RAW.contains(&s.as_str()) {
        return format!("{s}_");
    }
    if KEYWORDS.contains(&s.as_str()) {
        return format!("r#{s}");
    }
    s
}

/// The identifier without a raw prefix, for building other names from it.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The PascalCase stem of the types named after an operation or receiver (`Self_` → `Self`, so
/// `SelfCall` and `SelfError` follow it): never used alone, always with a word after it.
pub fn type_stem(name: &str) -> String {
    let stem = pascal(name);
    let trimmed = stem.trim_end_matches('_');
    if trimmed.is_empty() { "Value".into() } else { trimmed.to_string() }
}

/// The one way to build a snake_case identifier out of others (`set` + `self_` → `set_self`,
/// `self_` + `with_http_info` → `self_with_http_info`): each part loses its raw prefix and the
/// underscores at its ends, the parts are joined by one `_`, and the result gets the same
/// treatment of digits and keywords as [`snake`]. rustc's `non_snake_case` rejects a doubled
/// `_` inside a name, which gluing `self_` or a digit-led name to another word would make.
pub fn join_snake(parts: &[&str]) -> String {
    let joined: Vec<&str> = parts.iter().map(|p| bare(p).trim_matches('_')).filter(|p| !p.is_empty()).collect();
    finish(joined.join("_"), "value", "v")
}

/// The one way to build a PascalCase identifier out of others (`Self_` + `Api` → `SelfApi`):
/// each part loses its raw prefix and the underscores at its ends before the parts are glued
/// together (with a `_` only between two digits, so `V1` + `2` does not read as `V12`).
/// `non_camel_case_types` rejects a `_` next to a letter, which `Self_Api` would have.
pub fn join_pascal(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts.iter().map(|p| bare(p).trim_matches('_')).filter(|p| !p.is_empty()) {
        if out.ends_with(|c: char| c.is_ascii_digit()) && part.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        out.push_str(part);
    }
    finish(out, "Value", "V")
}

/// Types and traits of the Rust prelude that generated code names without a path
/// (`Option<String>`, `Vec<T>`, `Box<T>`, `Result`, `impl Default`): a model with one of these
/// names would shadow it in its own module.
const PRELUDE_TYPES: &[&str] = &[
    "AsMut", "AsRef", "Box", "Clone", "Copy", "Default", "Drop", "Eq", "Err", "Extend", "Fn", "FnMut",
    "FnOnce", "From", "Hash", "Into", "IntoIterator", "Iterator", "None", "Ok", "Option", "Ord",
    "PartialEq", "PartialOrd", "Result", "Send", "Sized", "Some", "String", "Sync", "ToOwned",
    "ToString", "TryFrom", "TryInto", "Unpin", "Vec",
];

/// The word an operation's `…_with_http_info` method adds to its name.
pub const WITH_HTTP_INFO: &str = "with_http_info";
/// The word an operation's `…_request` method adds to its name.
pub const REQUEST: &str = "request";

/// A set of names already taken in one Rust scope (a module, a struct, an enum).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// Words joined to each name and claimed alongside it (`get_user` also takes
    /// `get_user_with_http_info`).
    companions: Vec<&'static str>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// The scope of model type names: prelude names are taken, so `String` becomes `String2`.
    pub fn for_types() -> Self {
        Self::with_reserved(PRELUDE_TYPES)
    }

    /// The scope of operation methods on an API struct: each operation also has
    /// `…_with_http_info` and `…_request` forms, and the struct has methods of its own (`api_methods`).
    pub fn for_operations(api_methods: &[&str]) -> Self {
        let mut scope = Self::with_reserved(api_methods);
        scope.companions = vec![WITH_HTTP_INFO, REQUEST];
        scope
    }

    /// A scope where `reserved` names are already taken (names the templates use themselves).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            companions: Vec::new(),
        }
    }

    /// Claims `candidate`, or the first of `candidate2`, `candidate3`, … that is free (`candidate_2`, … when
    /// it ends in a digit).
    /// Callers claim in a deterministic order, so the same spec always gets the same names.
    pub fn claim(&mut self, candidate: String) -> String {
        if self.take(bare(&candidate)) {
            return candidate;
        }
        // `Self_` numbers as `Self2`, not `Self_2` (which is not UpperCamelCase).
        let bare_name = bare(&candidate);
        let trimmed = bare_name.trim_end_matches('_');
        let stem = if trimmed.is_empty() { bare_name } else { trimmed }.to_string();
        // `plus_1` numbers as `plus_1_2`, not `plus_12` (which reads as twelve).
        let joint = if stem.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        let mut n = 2usize;
        loop {
            let next = format!("{stem}{joint}{n}");
            if self.take(&next) {
                return next;
            }
            n += 1;
        }
    }

    /// Takes `name` and its companions if all of them are free.
    fn take(&mut self, name: &str) -> bool {
        let all: Vec<String> = std::iter::once(name.to_string())
            .chain(self.companions.iter().map(|suffix| join_snake(&[name, suffix])))
            .collect();
        if all.iter().any(|n| self.taken.contains(n)) {
            return false;
        }
        self.taken.extend(all);
        true
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }
}

/// Whether a property or parameter with this name carries a credential.
pub fn is_secret(wire_name: &str) -> bool {
    let s = snake(wire_name);
    let s = bare(&s);
    let last = s.rsplit('_').next().unwrap_or(s);
    matches!(last, "secret" | "password" | "assertion" | "token") || s == "authorization"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_stay_one_word() {
        assert_eq!(snake("issueChannelTokenByJWT"), "issue_channel_token_by_jwt");
        assert_eq!(snake("addLIFFApp"), "add_liff_app");
        assert_eq!(pascal("URIAction"), "UriAction");
        assert_eq!(pascal("channel-access-token"), "ChannelAccessToken");
    }

    #[test]
    fn keywords_digits_and_empty_names() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(pascal("3xl"), "V3xl");
        assert_eq!(snake("3xl"), "v3xl");
        assert_eq!(snake("1"), "v1");
        assert_eq!(snake("1_000"), "v1_000");
        assert_eq!(pascal("flex-start"), "FlexStart");
        assert_eq!(pascal("chat_message.write"), "ChatMessageWrite");
        assert_eq!(pascal("urn:ietf:params"), "UrnIetfParams");
        assert_eq!(pascal(""), "Value");
        assert_eq!(snake("日本"), "value");
    }

    #[test]
    fn signs_with_a_meaning_are_spelled() {
        assert_eq!(snake("+1"), "plus_1");
        assert_eq!(snake("-1"), "minus_1");
        assert_eq!(pascal("+1"), "Plus1");
        assert_eq!(pascal("-1"), "Minus1");
        assert_eq!(snake("-created_at"), "minus_created_at");
        assert_eq!(pascal("*"), "Star");
        assert_eq!(pascal("<"), "LessThan");
        assert_eq!(pascal(">="), "GreaterThanOrEqual");
        assert_eq!(pascal("!="), "NotEqual");
        assert_eq!(snake("@type"), "at_type");
        assert_eq!(snake("#"), "hash");
        assert_eq!(snake("100%"), "v100_percent");
        assert_eq!(snake("R&D"), "r_and_d");
        assert_eq!(snake("$ref"), "dollar_ref");
        assert_eq!(pascal("application/ld+json"), "ApplicationLdPlusJson");
        // A `-` between words is still a separator, and so is punctuation without a meaning.
        assert_eq!(snake("utf-8"), "utf_8");
        assert_eq!(pascal("flex-start"), "FlexStart");
        assert_eq!(pascal("}"), "Value");
        assert_eq!(pascal("日本+"), "Plus");
    }

    #[test]
    fn spelled_names_still_number_on_collision() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim(snake("+1")), "plus_1");
        assert_eq!(scope.claim(snake("plus_1")), "plus_1_2");
        assert_eq!(scope.claim(pascal("+1")), "Plus1");
        assert_eq!(scope.claim(pascal("Plus1")), "Plus1_2");
        assert_eq!(scope.claim(snake("-1")), "minus_1");
        assert_eq!(scope.claim(snake("1")), "v1");
    }

    #[test]
    fn scope_suffixes_collisions_in_claim_order() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim(pascal("URIAction")), "UriAction");
        assert_eq!(scope.claim(pascal("UriAction")), "UriAction2");
        assert_eq!(scope.claim(snake("type")), "r#type");
        assert_eq!(scope.claim(snake("type")), "type2");
        assert_eq!(scope.claim(pascal("Self")), "Self_");
        assert_eq!(scope.claim(pascal("self")), "Self2");
    }

    #[test]
    fn prelude_types_and_operation_companions_are_never_shadowed() {
        let mut types = Scope::for_types();
        assert_eq!(types.claim(pascal("string")), "String2");
        assert_eq!(types.claim(pascal("Vec")), "Vec2");
        assert_eq!(types.claim(pascal("Error")), "Error");
        let mut ops = Scope::for_operations(&["new"]);
        assert_eq!(ops.claim(snake("new")), "new2");
        assert_eq!(ops.claim(snake("getUser")), "get_user");
        assert_eq!(ops.claim(snake("get_user_with_http_info")), "get_user_with_http_info2");
        assert_eq!(ops.claim(snake("get_user2")), "get_user2");
        assert_eq!(ops.claim(snake("get_user")), "get_user3");
    }

    #[test]
    fn joined_names_are_snake_and_pascal_case() {
        assert_eq!(join_snake(&["set", "self_"]), "set_self");
        assert_eq!(join_snake(&["self_", "with_http_info"]), "self_with_http_info");
        assert_eq!(join_snake(&["f", "r#type"]), "f_type");
        assert_eq!(join_snake(&["v2fa", "token"]), "v2fa_token");
        assert_eq!(join_snake(&["", "_"]), "value");
        assert_eq!(join_snake(&["type"]), "r#type");
        assert_eq!(join_pascal(&["Self_", "Api"]), "SelfApi");
        assert_eq!(join_pascal(&["V1", "2"]), "V1_2");
        assert_eq!(join_pascal(&["Self_"]), "Self_");
        let mut ops = Scope::for_operations(&[]);
        assert_eq!(ops.claim(snake("self")), "self_");
        assert_eq!(ops.claim(snake("self_with_http_info")), "self_with_http_info2");
    }

    #[test]
    fn secrets_are_recognised_by_last_word() {
        assert!(is_secret("client_secret"));
        assert!(is_secret("client_assertion"));
        assert!(is_secret("access_token"));
        assert!(!is_secret("token_type"));
        assert!(!is_secret("client_assertion_type"));
        assert!(!is_secret("expires_in"));
    }
}
