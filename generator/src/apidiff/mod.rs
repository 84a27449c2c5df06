//! What a spec change does to the generated crate's Rust API: each change classified, and the version bump.
//!
//! Two IRs are reduced to their [`Surface`] (the names a user of the generated crate can
//! touch, with the wire facts behind them) and compared item by item: API types, operations,
//! parameters, error variants, models, fields, enum values, union variants, base URLs and
//! credentials. Nothing is compared as text.
//!
//! # Who a change breaks
//!
//! Each change gets one [`Class`]:
//!
//! - **breaking** (for Rust code): code that compiled against the old crate may not compile
//!   against the new one. Bumps the major version (the minor below 1.0).
//! - **wire** (breaking on the wire only): the Rust API is the same, but a build made from the
//!   old spec misbehaves against the API the new spec describes (a path moved, a field renamed
//!   on the wire, a response field the API may stop sending whose Rust type was already an
//!   `Option`). Regenerating *is* the fix, so it bumps only the patch; reviewers must still
//!   know that deployed builds are affected.
//! - **additive**: new API that breaks no code (a new operation, model, error variant).
//!   Bumps the minor version (the patch below 1.0).
//! - **patch**: nothing a user can name changes: descriptions, defaults shown in the docs.
//!
//! # The rule table
//!
//! A model's *usage* is computed from the operations: a model reachable (through fields,
//! list/map items, union variants and aliases) from a parameter is a *request* model, one
//! reachable from a success or error body a *response* model; it can be both.
//!
//! | change | class |
//! |---|---|
//! | operation, API type, model, field, parameter, enum value, union variant, error variant, base URL or credential setter removed | breaking |
//! | operation moved to another API type; return type, error enum name or model kind changed | breaking |
//! | parameter or field type changed (`f64` → `i64`, `T` → `Option<T>`, `Box` added) | breaking |
//! | parameter became required or optional (its Rust type changes either way) | breaking |
//! | positional arguments reordered | breaking |
//! | new required parameter | breaking (and the API refuses calls without it) |
//! | new optional parameter | breaking while optional parameters are positional `Option` arguments; additive once they are setters ([`Rules::optional_params_positional`]) |
//! | new field | breaking while structs are built with literals; once structs are `#[non_exhaustive]` with a constructor of their required fields ([`Rules::structs_non_exhaustive`]): additive if optional, breaking if required (the constructor gains an argument), whatever the model's usage |
//! | field's `required` changed with the same Rust type (`required` + `nullable` ↔ optional: both `Option<T>`) | breaking with constructors (an argument appears or goes); otherwise **wire** when a response model's field is no longer guaranteed (the API may stop sending it: `None` where there was a value) or a request model's field becomes demanded (the API refuses requests without it); else patch |
//! | field became nullable or not, same Rust type | the same as above |
//! | new enum value or tagged-union variant | breaking while the enums are exhaustive (a `match` naming every variant stops compiling, and the value stops arriving as `Unknown(..)`); additive once they are `#[non_exhaustive]` ([`Rules::enums_non_exhaustive`]) |
//! | new untagged-union variant | as for enum values |
//! | struct no longer implements `Default` | breaking; the reverse is additive |
//! | new operation, API type, model, error variant (error enums are `#[non_exhaustive]`), base URL or credential setter | additive |
//! | operation deprecated | additive (a warning, no error) |
//! | method or path, server URL, body encoding, parameter location or wire name, field wire name, enum value or union tag on the wire changed | wire |
//! | operation starts requiring credentials | wire (older builds do not send them) |
//! | receiver removed, its body type changed, or it became signed or unsigned (`verify_and_parse` ↔ `parse`) | breaking |
//! | new receiver | additive |
//! | receiver's method or path, or its signature header, algorithm, encoding or prefix changed | wire (deployed bots check the old scheme) |
//! | description, summary, default or un-deprecation changed | patch |
//!
//! A security scheme's setters come and go together, so the report names the builder's
//! (`ClientBuilder::{setter}`) for all of them: `ClientBuilder::{setter}_source` (bearer and API
//! key), `Client::set_{setter}` and `Client::set_{setter}_source`. A scheme changing kind changes
//! `set_{setter}`'s arguments too (basic takes two) and may drop the `_source` ones: breaking
//! either way, as the table says. The static runtime (errors, `TransportErrorKind`,
//! `ByteStream`) is not compared: it is the same in every generated crate, and its enums are
//! `#[non_exhaustive]`.
//!
//! The three [`Rules`] switches are the whole difference between today's generated API
//! (positional `Option` arguments, structs with public fields built by literal, exhaustive
//! enums with an `Unknown` catch-all) and the builder-style API of issue F.
//!
//! The report is about the *spec*: both sides are classified with the same rules, so a change
//! of the templates themselves (another API style) is not seen; that is the generator's own
//! release note, not a spec review.

pub mod changelog;
mod report;
pub mod surface;

use std::collections::BTreeMap;

pub use report::{json, markdown, summary_line, terminal};
pub use surface::{Surface, SURFACE_FILE};

use surface::{Field, Model, Operation, Param, Shape, Usage, Value, Variant};

/// How the generated crate exposes things, which decides what breaks user code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Optional parameters are positional `Option<T>` arguments (so adding one changes every
    /// call), rather than setters on a request value.
    pub optional_params_positional: bool,
    /// Structs are `#[non_exhaustive]` and built with `new(required…)` plus setters, rather
    /// than with struct literals over public fields.
    pub structs_non_exhaustive: bool,
    /// String enums and tagged unions are `#[non_exhaustive]`, so a new value breaks no `match`.
    pub enums_non_exhaustive: bool,
}

impl Rules {
    /// The API `templates/` renders today.
    pub const POSITIONAL: Rules =
        Rules { optional_params_positional: true, structs_non_exhaustive: false, enums_non_exhaustive: false };
    /// Issue F's API: request values with setters for optional parameters, `#[non_exhaustive]`
    /// structs with constructors. Enums stay exhaustive until the templates mark them.
    pub const BUILDERS: Rules =
        Rules { optional_params_positional: false, structs_non_exhaustive: true, enums_non_exhaustive: false };
    /// The rules matching the templates in this repository: change this with the templates.
    /// Operations keep the positional form the API docs show (`op(param, …)`, optional
    /// parameters as `Option`s), so a new optional parameter still changes every call; models
    /// are built with `new` and setters, and enums and tagged unions are `#[non_exhaustive]`.
    pub const CURRENT: Rules =
        Rules { optional_params_positional: true, structs_non_exhaustive: true, enums_non_exhaustive: true };
}

/// Who a change breaks, most severe first (the order reports use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Code using the old crate may not compile against the new one.
    Breaking,
    /// The Rust API is the same; builds made from the old spec misbehave against the new API.
    Wire,
    /// New API; no code breaks.
    Additive,
    /// Nothing a user can name changes (docs, defaults).
    Patch,
}

impl Class {
    /// The stable name used in JSON (`breaking`, `wire`, `additive`, `patch`).
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Wire => "wire",
            Class::Additive => "additive",
            Class::Patch => "patch",
        }
    }
}

/// One difference between the two APIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub class: Class,
    /// Stable kebab-case kind (`operation-removed`, `field-added`, `enum-value-added`, …).
    pub kind: &'static str,
    /// The Rust item, as a user would name it (`MessagingApi::push_message`, `models::Foo.bar`).
    pub item: String,
    /// What changed and why it has this class.
    pub detail: String,
}

/// Which number of the version to increase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The classified differences between two APIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Most severe first, then by item.
    pub changes: Vec<Change>,
}

impl Report {
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    pub fn is_breaking(&self) -> bool {
        self.count(Class::Breaking) > 0
    }

    /// The bump Cargo's semver rules ask for, from `version` (`0.1.0`): below 1.0 the leftmost
    /// non-zero number acts as the major one (a breaking change bumps `0.y` to `0.(y+1)`, an
    /// additive one bumps the patch; at `0.0.z` every change is breaking and bumps `z`).
    pub fn bump(&self, version: &str) -> Bump {
        let worst = self.changes.iter().map(|c| c.class).min();
        let (major, minor) = match parse_version(version) {
            Some((major, minor, _)) => (major, minor),
            None => (1, 0),
        };
        match worst {
            None => Bump::None,
            Some(_) if major == 0 && minor == 0 => Bump::Patch,
            Some(Class::Breaking) if major == 0 => Bump::Minor,
            Some(Class::Breaking) => Bump::Major,
            Some(Class::Additive) if major == 0 => Bump::Patch,
            Some(Class::Additive) => Bump::Minor,
            Some(Class::Wire | Class::Patch) => Bump::Patch,
        }
    }

    /// The version after [`Self::bump`]; `version` itself when it is not `x.y.z`.
    pub fn next_version(&self, version: &str) -> String {
        let Some((major, minor, patch)) = parse_version(version) else { return version.to_string() };
        match self.bump(version) {
            Bump::None => version.to_string(),
            Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
            Bump::Minor => format!("{major}.{}.0", minor + 1),
            Bump::Major => format!("{}.0.0", major + 1),
        }
    }
}

pub fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let core = v.split(['-', '+']).next()?;
    let mut it = core.split('.').map(|n| n.parse::<u64>().ok());
    let (major, minor, patch) = (it.next()??, it.next()??, it.next()??);
    it.next().is_none().then_some((major, minor, patch))
}

/// Compares two IRs.
pub fn compare(old: &crate::ir::Crate, new: &crate::ir::Crate, rules: Rules) -> Report {
    compare_surfaces(&Surface::of(old), &Surface::of(new), rules)
}

/// Compares two surfaces (one may come from a stored [`SURFACE_FILE`]).
pub fn compare_surfaces(old: &Surface, new: &Surface, rules: Rules) -> Report {
    let mut d = Differ { rules, changes: Vec::new() };
    d.servers(old, new);
    d.security(old, new);
    d.apis(old, new);
    d.models(old, new);
    d.receivers(old, new);
    let mut changes = d.changes;
    changes.sort_by(|a, b| (a.class, &a.item, a.kind).cmp(&(b.class, &b.item, b.kind)));
    Report { changes }
}

struct Differ {
    rules: Rules,
    changes: Vec<Change>,
}

/// The keys only in `old`, only in `new`, and in both.
fn split<'a, V>(old: &'a BTreeMap<String, V>, new: &'a BTreeMap<String, V>) -> Split<'a, V> {
    let mut s = Split { removed: Vec::new(), added: Vec::new(), both: Vec::new() };
    for (k, v) in old {
        match new.get(k) {
            Some(n) => s.both.push((k, v, n)),
            None => s.removed.push((k, v)),
        }
    }
    s.added = new.iter().filter(|(k, _)| !old.contains_key(*k)).collect();
    s
}

struct Split<'a, V> {
    removed: Vec<(&'a String, &'a V)>,
    added: Vec<(&'a String, &'a V)>,
    both: Vec<(&'a String, &'a V, &'a V)>,
}

/// Like [`split`] for lists keyed by an identifier, keeping list order.
fn split_by<'a, T>(old: &'a [T], new: &'a [T], key: impl Fn(&T) -> &str) -> (Vec<&'a T>, Vec<&'a T>, Vec<(&'a T, &'a T)>) {
    let removed = old.iter().filter(|o| !new.iter().any(|n| key(n) == key(o))).collect();
    let added = new.iter().filter(|n| !old.iter().any(|o| key(o) == key(n))).collect();
    let both = old.iter().filter_map(|o| new.iter().find(|n| key(n) == key(o)).map(|n| (o, n))).collect();
    (removed, added, both)
}

fn yes_no(b: bool, yes: &'static str, no: &'static str) -> &'static str {
    if b {
        yes
    } else {
        no
    }
}

impl Differ {
    fn push(&mut self, class: Class, kind: &'static str, item: impl Into<String>, detail: impl Into<String>) {
        self.changes.push(Change { class, kind, item: item.into(), detail: detail.into() });
    }

    fn receivers(&mut self, old: &Surface, new: &Surface) {
        let s = split(&old.receivers, &new.receivers);
        for (name, r) in s.removed {
            self.push(Class::Breaking, "receiver-removed", format!("webhooks::{name}"), format!("`{}` is no longer received: code using the receiver no longer compiles", r.request_line));
        }
        for (name, r) in s.added {
            self.push(Class::Additive, "receiver-added", format!("webhooks::{name}"), format!("new receiver for `{}`", r.request_line));
        }
        for (name, o, n) in s.both {
            let item = format!("webhooks::{name}");
            if o.body != n.body {
                self.push(Class::Breaking, "receiver-body-changed", &item, format!("deliveries decode into `{}`, not `{}`", n.body, o.body));
            }
            if o.signature.is_empty() != n.signature.is_empty() {
                let detail = if n.signature.is_empty() {
                    "deliveries are no longer signed: `verify_and_parse` and the secrets are gone, `parse` takes their place"
                } else {
                    "deliveries are now signed: the receiver takes secrets and `verify_and_parse` replaces `parse`"
                };
                self.push(Class::Breaking, "receiver-signature-changed", &item, detail);
            } else if o.signature != n.signature {
                self.push(Class::Wire, "receiver-signature-changed", &item, format!("signature `{}` → `{}`: deployed builds check the old scheme", o.signature, n.signature));
            }
            if o.request_line != n.request_line {
                self.push(Class::Wire, "receiver-moved", &item, format!("`{}` → `{}`", o.request_line, n.request_line));
            }
            if !o.deprecated && n.deprecated {
                self.push(Class::Additive, "receiver-deprecated", &item, "deprecated: using it warns");
            } else if o.deprecated && !n.deprecated {
                self.push(Class::Patch, "receiver-undeprecated", &item, "no longer deprecated");
            }
            if o.doc != n.doc {
                self.push(Class::Patch, "receiver-doc-changed", &item, "description changed");
            }
        }
    }

    fn servers(&mut self, old: &Surface, new: &Surface) {
        let s = split(&old.servers, &new.servers);
        for (setter, url) in s.removed {
            self.push(Class::Breaking, "server-removed", format!("ClientBuilder::{setter}"), format!("the setter for `{url}` is gone"));
        }
        for (setter, url) in s.added {
            self.push(Class::Additive, "server-added", format!("ClientBuilder::{setter}"), format!("new server `{url}`"));
        }
        for (setter, o, n) in s.both {
            if o != n {
                self.push(Class::Wire, "server-changed", format!("ClientBuilder::{setter}"), format!("default URL `{o}` → `{n}`"));
            }
        }
    }

    fn security(&mut self, old: &Surface, new: &Surface) {
        let s = split(&old.security, &new.security);
        for (setter, kind) in s.removed {
            self.push(Class::Breaking, "auth-removed", format!("ClientBuilder::{setter}"), format!("the {kind} credential setter is gone"));
        }
        for (setter, kind) in s.added {
            self.push(Class::Additive, "auth-added", format!("ClientBuilder::{setter}"), format!("new {kind} credential setter"));
        }
        for (setter, o, n) in s.both {
            if o != n {
                self.push(Class::Breaking, "auth-changed", format!("ClientBuilder::{setter}"), format!("credential {o} → {n}: the setter's arguments change"));
            }
        }
    }

    fn apis(&mut self, old: &Surface, new: &Surface) {
        let s = split(&old.apis, &new.apis);
        for (class, api) in &s.removed {
            self.push(
                Class::Breaking,
                "api-removed",
                class.as_str(),
                format!("`Client::{}()` is gone with its {} operation(s)", api.module, api.operations.len()),
            );
        }
        for (class, api) in &s.added {
            self.push(Class::Additive, "api-added", class.as_str(), format!("new `Client::{}()`", api.module));
        }
        // Operations gone from one API type and present in another (same operationId) moved.
        let mut gone: Vec<(&str, &str, &Operation)> = Vec::new();
        let mut came: Vec<(&str, &str, &Operation)> = Vec::new();
        for (class, api) in &s.removed {
            gone.extend(api.operations.iter().map(|(n, o)| (class.as_str(), n.as_str(), o)));
        }
        for (class, api) in &s.added {
            came.extend(api.operations.iter().map(|(n, o)| (class.as_str(), n.as_str(), o)));
        }
        for (class, o, n) in &s.both {
            let os = split(&o.operations, &n.operations);
            gone.extend(os.removed.iter().map(|(name, op)| (class.as_str(), name.as_str(), *op)));
            came.extend(os.added.iter().map(|(name, op)| (class.as_str(), name.as_str(), *op)));
            for (name, oo, no) in os.both {
                self.operation(&format!("{class}::{name}"), oo, no);
            }
        }
        for (class, name, op) in &gone {
            let moved = came.iter().find(|(_, _, n)| n.operation_id == op.operation_id);
            match moved {
                Some((new_class, new_name, new_op)) => {
                    self.push(
                        Class::Breaking,
                        "operation-moved",
                        format!("{class}::{name}"),
                        format!("now `{new_class}::{new_name}` (`{}`)", new_op.request_line),
                    );
                    self.operation(&format!("{new_class}::{new_name}"), op, new_op);
                }
                None => self.push(
                    Class::Breaking,
                    "operation-removed",
                    format!("{class}::{name}"),
                    format!("`{}` is gone: calls to it no longer compile", op.request_line),
                ),
            }
        }
        for (class, name, op) in &came {
            if gone.iter().any(|(_, _, o)| o.operation_id == op.operation_id) {
                continue;
            }
            self.push(Class::Additive, "operation-added", format!("{class}::{name}"), format!("new `{}`", op.request_line));
        }
    }

    fn operation(&mut self, item: &str, o: &Operation, n: &Operation) {
        if o.request_line != n.request_line {
            self.push(Class::Wire, "operation-changed", item, format!("`{}` → `{}`: older builds call the old endpoint", o.request_line, n.request_line));
        }
        if o.server != n.server {
            self.push(Class::Wire, "operation-changed", item, format!("server `{}` → `{}`", o.server, n.server));
        }
        if !o.body.is_empty() && !n.body.is_empty() && o.body != n.body {
            self.push(Class::Wire, "operation-changed", item, format!("body sent as {} → {}", o.body, n.body));
        }
        if o.returns != n.returns {
            self.push(Class::Breaking, "operation-changed", item, format!("returns `{}` → `{}`", o.returns, n.returns));
        }
        if o.error_type != n.error_type {
            self.push(Class::Breaking, "operation-changed", item, format!("error type `{}` → `{}`", o.error_type, n.error_type));
        }
        if o.deprecated != n.deprecated {
            if n.deprecated {
                self.push(Class::Additive, "operation-deprecated", item, "now `#[deprecated]`: callers get a warning");
            } else {
                self.push(Class::Patch, "operation-changed", item, "no longer deprecated");
            }
        }
        let new_auth: Vec<&String> = n.auth.iter().filter(|a| !o.auth.contains(a)).collect();
        if !new_auth.is_empty() {
            let names: Vec<String> = new_auth.iter().map(|a| format!("`{a}`")).collect();
            self.push(Class::Wire, "operation-changed", item, format!("now sends the {} credential: older builds do not", names.join(", ")));
        }
        if o.auth.iter().any(|a| !n.auth.contains(a)) {
            self.push(Class::Patch, "operation-changed", item, "sends fewer credentials");
        }
        if o.doc != n.doc {
            self.push(Class::Patch, "doc-changed", item, "description or summary changed");
        }
        self.errors(&o.error_type, &n.error_type, o, n);
        self.params(item, &o.params, &n.params);
    }

    fn errors(&mut self, old_enum: &str, new_enum: &str, o: &Operation, n: &Operation) {
        let s = split(&o.errors, &n.errors);
        for (variant, ty) in s.removed {
            self.push(Class::Breaking, "error-removed", format!("{old_enum}::{variant}"), format!("the `{ty}` error variant is gone"));
        }
        for (variant, ty) in s.added {
            self.push(Class::Additive, "error-added", format!("{new_enum}::{variant}"), format!("new `{ty}` error variant (the enum is `#[non_exhaustive]`)"));
        }
        for (variant, ot, nt) in s.both {
            if ot != nt {
                self.push(Class::Breaking, "error-changed", format!("{new_enum}::{variant}"), format!("payload `{ot}` → `{nt}`"));
            }
        }
    }

    fn params(&mut self, op: &str, old: &[Param], new: &[Param]) {
        let item = |p: &Param| format!("{op}({})", p.ident);
        let positional = self.rules.optional_params_positional;
        let (removed, added, both) = split_by(old, new, |p| p.ident.as_str());
        for p in removed {
            self.push(Class::Breaking, "param-removed", item(p), format!("{} parameter `{}` is gone", p.location, p.wire_name));
        }
        for p in added {
            if p.required {
                self.push(
                    Class::Breaking,
                    "param-added",
                    item(p),
                    format!("new required {} parameter `{}: {}`: every call needs it", p.location, p.wire_name, p.ty),
                );
            } else if positional {
                self.push(
                    Class::Breaking,
                    "param-added",
                    item(p),
                    format!("new optional {} parameter `{}`: one more positional `Option<{}>` argument in every call", p.location, p.wire_name, p.ty),
                );
            } else {
                self.push(Class::Additive, "param-added", item(p), format!("new optional {} parameter `{}: {}`", p.location, p.wire_name, p.ty));
            }
        }
        for (o, n) in both {
            if o.ty != n.ty {
                self.push(Class::Breaking, "param-changed", item(n), format!("type `{}` → `{}`", o.ty, n.ty));
            }
            if o.required != n.required {
                let detail = match (n.required, positional) {
                    (true, true) => format!("now required: the argument `Option<{}>` becomes `{}`, and the API refuses calls without it", o.ty, n.ty),
                    (true, false) => "now required: it moves from a setter to the call's arguments, and the API refuses calls without it".to_string(),
                    (false, true) => format!("now optional: the argument `{}` becomes `Option<{}>`", o.ty, n.ty),
                    (false, false) => "now optional: it moves from the call's arguments to a setter".to_string(),
                };
                self.push(Class::Breaking, "param-changed", item(n), detail);
            }
            if o.location != n.location || o.wire_name != n.wire_name {
                self.push(
                    Class::Wire,
                    "param-changed",
                    item(n),
                    format!("sent as {} `{}` → {} `{}`", o.location, o.wire_name, n.location, n.wire_name),
                );
            }
            if o.doc != n.doc {
                self.push(Class::Patch, "doc-changed", item(n), "description changed");
            }
        }
        // Arguments both versions take, in the order calls pass them.
        let in_call = |p: &&Param| positional || p.required;
        let kept = |list: &[Param], other: &[Param]| -> Vec<String> {
            list.iter()
                .filter(in_call)
                .filter(|p| other.iter().any(|q| q.ident == p.ident && (positional || q.required)))
                .map(|p| p.ident.clone())
                .collect()
        };
        let (old_order, new_order) = (kept(old, new), kept(new, old));
        if old_order != new_order {
            self.push(
                Class::Breaking,
                "params-reordered",
                op,
                format!("arguments ({}) → ({})", old_order.join(", "), new_order.join(", ")),
            );
        }
    }

    fn models(&mut self, old: &Surface, new: &Surface) {
        let s = split(&old.models, &new.models);
        for (name, m) in s.removed {
            self.push(Class::Breaking, "model-removed", format!("models::{name}"), format!("{} ({}) is gone", m.shape.noun(), m.usage.noun()));
        }
        for (name, m) in s.added {
            self.push(Class::Additive, "model-added", format!("models::{name}"), format!("new {} ({})", m.shape.noun(), m.usage.noun()));
        }
        for (name, o, n) in s.both {
            self.model(name, o, n);
        }
    }

    fn model(&mut self, name: &str, o: &Model, n: &Model) {
        let item = format!("models::{name}");
        let usage = o.usage.union(n.usage);
        if o.doc != n.doc {
            self.push(Class::Patch, "doc-changed", item.as_str(), "description changed");
        }
        match (&o.shape, &n.shape) {
            (
                Shape::Struct { fields: of, derives_default: od, tag: ot },
                Shape::Struct { fields: nf, derives_default: nd, tag: nt },
            ) => {
                if od != nd {
                    if *nd {
                        self.push(Class::Additive, "model-changed", item.as_str(), "now implements `Default`");
                    } else {
                        self.push(Class::Breaking, "model-changed", item.as_str(), "no longer implements `Default`");
                    }
                }
                if ot != nt {
                    let show = |t: &Option<String>| t.clone().unwrap_or_else(|| "none".into());
                    self.push(Class::Wire, "model-changed", item.as_str(), format!("union tag it writes {} → {}", show(ot), show(nt)));
                }
                self.fields(&item, usage, of, nf);
            }
            (Shape::Enum { values: ov, unknown: ou }, Shape::Enum { values: nv, unknown: nu }) => {
                if ou != nu {
                    self.push(Class::Breaking, "model-changed", item.as_str(), format!("catch-all variant `{ou}` → `{nu}`"));
                }
                self.values(&item, usage, ov, nv);
            }
            (
                Shape::Tagged { tag: ot, variants: ov, unknown: ou },
                Shape::Tagged { tag: nt, variants: nv, unknown: nu },
            ) => {
                if ot != nt {
                    self.push(Class::Wire, "model-changed", item.as_str(), format!("discriminator property `{ot}` → `{nt}`"));
                }
                if ou != nu {
                    self.push(Class::Breaking, "model-changed", item.as_str(), format!("catch-all variant `{ou}` → `{nu}`"));
                }
                self.variants(&item, ov, nv);
            }
            (Shape::Untagged { variants: ov }, Shape::Untagged { variants: nv }) => self.variants(&item, ov, nv),
            (Shape::Alias { ty: ot }, Shape::Alias { ty: nt }) => {
                if ot != nt {
                    self.push(Class::Breaking, "model-changed", item.as_str(), format!("alias of `{ot}` → `{nt}`"));
                }
            }
            (os, ns) => self.push(Class::Breaking, "model-changed", item.as_str(), format!("{} → {}", os.noun(), ns.noun())),
        }
    }

    fn fields(&mut self, model: &str, usage: Usage, old: &[Field], new: &[Field]) {
        let item = |f: &Field| format!("{model}.{}", f.ident);
        let ctor = self.rules.structs_non_exhaustive;
        let noun = usage.noun();
        let (removed, added, both) = split_by(old, new, |f| f.ident.as_str());
        for f in removed {
            self.push(Class::Breaking, "field-removed", item(f), format!("`{}: {}` is gone ({noun})", f.wire_name, f.ty));
        }
        for f in added {
            let what = format!("new {} field `{}: {}` ({noun})", yes_no(f.required, "required", "optional"), f.wire_name, f.ty);
            let wire = if f.required && usage.request { "; the API refuses requests without it" } else { "" };
            if !ctor {
                self.push(Class::Breaking, "field-added", item(f), format!("{what}: struct literals must name it{wire}"));
            } else if f.required {
                self.push(Class::Breaking, "field-added", item(f), format!("{what}: `new` takes one more argument{wire}"));
            } else {
                self.push(Class::Additive, "field-added", item(f), what);
            }
        }
        for (o, n) in both {
            if o.ty != n.ty {
                self.push(Class::Breaking, "field-changed", item(n), format!("type `{}` → `{}` ({noun})", o.ty, n.ty));
            } else if o.required != n.required || o.nullable != n.nullable {
                self.presence(item(n), usage, o, n);
            }
            if o.wire_name != n.wire_name {
                self.push(Class::Wire, "field-changed", item(n), format!("JSON property `{}` → `{}` ({noun})", o.wire_name, n.wire_name));
            }
            if o.default != n.default {
                let show = |d: &Option<String>| d.as_ref().map(|d| format!("`{d}`")).unwrap_or_else(|| "none".into());
                self.push(Class::Patch, "field-changed", item(n), format!("default {} → {}", show(&o.default), show(&n.default)));
            }
            if o.doc != n.doc {
                self.push(Class::Patch, "doc-changed", item(n), "description changed");
            }
        }
    }

    /// `required`/`nullable` changed but the Rust type did not (both are `Option<T>`).
    fn presence(&mut self, item: String, usage: Usage, o: &Field, n: &Field) {
        let flags = |f: &Field| {
            format!("{}{}", yes_no(f.required, "required", "optional"), yes_no(f.nullable, ", nullable", ""))
        };
        let change = format!("{} → {}, still `{}`", flags(o), flags(n), n.ty);
        if self.rules.structs_non_exhaustive && o.required != n.required {
            let how = yes_no(n.required, "takes one more argument", "takes one argument less");
            self.push(Class::Breaking, "field-changed", item, format!("{change}: `new` {how}"));
            return;
        }
        let weaker = (o.required && !n.required) || (!o.nullable && n.nullable);
        let stronger = (!o.required && n.required) || (o.nullable && !n.nullable);
        if weaker && usage.response {
            self.push(Class::Wire, "field-changed", item, format!("{change}: the API may stop sending a value, `None` where older builds got one"));
        } else if stronger && usage.request {
            self.push(Class::Wire, "field-changed", item, format!("{change}: the API refuses requests without a value"));
        } else {
            self.push(Class::Patch, "field-changed", item, change);
        }
    }

    fn values(&mut self, model: &str, usage: Usage, old: &[Value], new: &[Value]) {
        let item = |v: &Value| format!("{model}::{}", v.ident);
        let (removed, added, both) = split_by(old, new, |v| v.ident.as_str());
        for v in removed {
            let wire = if usage.request { "; older builds may send it and be refused" } else { "" };
            self.push(Class::Breaking, "enum-value-removed", item(v), format!("`{}` is gone{wire}", v.value));
        }
        for v in added {
            if self.rules.enums_non_exhaustive {
                self.push(Class::Additive, "enum-value-added", item(v), format!("new value `{}`", v.value));
            } else {
                self.push(
                    Class::Breaking,
                    "enum-value-added",
                    item(v),
                    format!("new value `{}`: a `match` naming every variant no longer compiles, and the value no longer arrives as `Unknown`", v.value),
                );
            }
        }
        for (o, n) in both {
            if o.value != n.value {
                self.push(Class::Wire, "enum-value-changed", item(n), format!("on the wire `{}` → `{}`", o.value, n.value));
            }
            if o.doc != n.doc {
                self.push(Class::Patch, "doc-changed", item(n), "description changed");
            }
        }
    }

    fn variants(&mut self, model: &str, old: &[Variant], new: &[Variant]) {
        let item = |v: &Variant| format!("{model}::{}", v.ident);
        let shown = |v: &Variant| if v.wire.is_empty() { format!("`{}`", v.ty) } else { format!("`{}` (`{}`)", v.wire, v.ty) };
        let (removed, added, both) = split_by(old, new, |v| v.ident.as_str());
        for v in removed {
            self.push(Class::Breaking, "variant-removed", item(v), format!("variant {} is gone", shown(v)));
        }
        for v in added {
            if self.rules.enums_non_exhaustive {
                self.push(Class::Additive, "variant-added", item(v), format!("new variant {}", shown(v)));
            } else {
                self.push(
                    Class::Breaking,
                    "variant-added",
                    item(v),
                    format!("new variant {}: a `match` naming every variant no longer compiles", shown(v)),
                );
            }
        }
        for (o, n) in both {
            if o.ty != n.ty {
                self.push(Class::Breaking, "variant-changed", item(n), format!("holds `{}` → `{}`", o.ty, n.ty));
            }
            if o.wire != n.wire {
                self.push(Class::Wire, "variant-changed", item(n), format!("tag `{}` → `{}`", o.wire, n.wire));
            }
        }
    }
}
