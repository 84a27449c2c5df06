//! Parses YAML or JSON text into a `serde_json::Value` with bounded depth and size.
//!
//! yaml_serde expands aliases while deserializing; its own repetition limit counts alias jumps,
//! not the nodes they copy, so one alias to a large anchored node, repeated, can still build
//! billions of nodes. Counting every node built (and every level entered) here stops a
//! "billion laughs" document or a deeply nested one early, and names the place it happened.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Deepest nesting of mappings and sequences accepted (LINE's specs nest at most 15 deep).
pub const MAX_DEPTH: usize = 64;

/// Most nodes a document may expand to, aliases included (LINE's largest has about 10 000).
pub const MAX_NODES: usize = 1_000_000;

/// A parse failure with the place it happened.
#[derive(Debug)]
pub struct ParseError {
    pub line_column: Option<(usize, usize)>,
    pub message: String,
}

/// Which bound a document broke, recorded before the error unwinds through the parser.
#[derive(Debug, Clone, Copy)]
enum Broken {
    Depth,
    Nodes,
    DuplicateKey,
}

#[derive(Default)]
struct Guard {
    nodes: Cell<usize>,
    /// Keys and indices from the root to the node being built.
    path: RefCell<Vec<String>>,
    broken: Cell<Option<Broken>>,
    duplicate: RefCell<String>,
}

impl Guard {
    fn pointer(&self) -> String {
        let path = self.path.borrow();
        super::locate::pointer(path.iter().map(String::as_str))
    }

    fn enter<E: de::Error>(&self) -> Result<(), E> {
        let n = self.nodes.get().saturating_add(1);
        self.nodes.set(n);
        if n > MAX_NODES {
            return Err(self.fail(Broken::Nodes));
        }
        if self.path.borrow().len() > MAX_DEPTH {
            return Err(self.fail(Broken::Depth));
        }
        Ok(())
    }

    fn fail<E: de::Error>(&self, broken: Broken) -> E {
        if self.broken.get().is_none() {
            self.broken.set(Some(broken));
        }
        E::custom("bounded-parse")
    }
}

/// Parses `text` as JSON or YAML.
pub fn parse(text: &str, is_json: bool) -> Result<Value, ParseError> {
    let guard = Guard::default();
    let result = if is_json {
        let mut de = serde_json::Deserializer::from_str(text);
        // Our depth limit is lower than serde_json's, so it always speaks first.
        Node { guard: &guard }
            .deserialize(&mut de)
            .and_then(|v| de.end().map(|()| v))
            // serde_json says column 0 at the end of a line; editors count from 1.
            .map_err(|e| (Some((e.line(), e.column().max(1))), e.to_string(), "JSON"))
    } else {
        Node { guard: &guard }
            .deserialize(serde_yaml::Deserializer::from_str(text))
            .map_err(|e| (e.location().map(|l| (l.line(), l.column())), e.to_string(), "YAML"))
    };
    result.map_err(|(line_column, message, format)| {
        let message = match guard.broken.get() {
            Some(Broken::Depth) => format!(
                "the document nests mappings and sequences more than {MAX_DEPTH} levels deep at {}",
                guard.pointer()
            ),
            Some(Broken::Nodes) => format!(
                "the document holds more than {MAX_NODES} values, counting every copy a YAML alias makes \
                 (LINE's largest spec has about 10 000; a \"billion laughs\" alias bomb?); stopped at {}",
                guard.pointer()
            ),
            Some(Broken::DuplicateKey) => format!(
                "duplicate key `{}` at {}: a later entry would silently replace the earlier one",
                guard.duplicate.borrow(),
                guard.pointer()
            ),
            // The parser's own limits: where the guard stood is where the document went wrong.
            None if guard.path.borrow().is_empty() => explain(format, &message),
            None => format!("{} (at {})", explain(format, &message), guard.pointer()),
        };
        let line_column = match guard.broken.get() {
            // The parser stands at the end of the map (or its first entry); the duplicate is the
            // key's second occurrence in it.
            Some(Broken::DuplicateKey) => super::locate::occurrence_of(text, &guard.pointer(), 1).or(line_column),
            _ => line_column.or_else(|| message.contains("more than one YAML document").then(|| second_document(text)).flatten()),
        };
        ParseError { line_column, message }
    })
}

/// Where a second YAML document starts: a `---` line after some content.
fn second_document(text: &str) -> Option<(usize, usize)> {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        let is_marker = line == "---" || line.starts_with("--- ");
        if is_marker && seen_content {
            return Some((i + 1, 1));
        }
        let trimmed = line.trim();
        seen_content |= !is_marker && !trimmed.is_empty() && !trimmed.starts_with('#') && !trimmed.starts_with('%');
    }
    None
}

/// Rewords the parsers' terse limit messages.
fn explain(format: &str, message: &str) -> String {
    let message = super::strip_location(message);
    // yaml_serde names the place as a dotted path (`components.schemas.A: …`); the pointer and
    // line:column printed with the message already say it.
    let message = match message.split_once(": ") {
        Some((path, rest)) if !path.is_empty() && !path.contains(' ') && !rest.is_empty() => rest.to_string(),
        _ => message,
    };
    if message.contains("repetition limit exceeded") {
        return format!(
            "not valid {format}: YAML aliases are expanded too many times (repetition limit exceeded; \
             a \"billion laughs\" document?)"
        );
    }
    if message.contains("more than one document") {
        return "the file holds more than one YAML document (separated by `---`); expected a single OpenAPI 3.0 document"
            .to_string();
    }
    if message.contains("recursion limit exceeded") {
        return format!("not valid {format}: the document nests too deeply (recursion limit exceeded)");
    }
    format!("not valid {format}: {message}")
}

/// One value of the document.
struct Node<'g> {
    guard: &'g Guard,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a plain YAML or JSON value (mapping, sequence, string, number, boolean or null; no !tags)")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.guard.enter()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.guard.enter()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.guard.enter()?;
        Ok(Value::Number(v.into()))
    }

    /// Integers past i64/u64 (`-9223372036854776000`, JavaScript's spelling of `i64::MIN`) are
    /// valid YAML and JSON: kept as the nearest f64, as serde_json itself does.
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        if let Ok(v) = i64::try_from(v) {
            return self.visit_i64(v);
        }
        if let Ok(v) = u64::try_from(v) {
            return self.visit_u64(v);
        }
        #[allow(clippy::cast_precision_loss, reason = "only integers beyond 64 bits get here; f64 is the nearest JSON number")]
        self.visit_f64(v as f64)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            #[allow(clippy::cast_precision_loss, reason = "only integers beyond 64 bits get here; f64 is the nearest JSON number")]
            Err(_) => self.visit_f64(v as f64),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.guard.enter()?;
        // NaN and infinities have no JSON form; serde_json's own Value makes them null too.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.guard.enter()?;
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.guard.enter()?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.guard.enter()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.guard.enter()?;
        let mut out = Vec::new();
        loop {
            self.guard.path.borrow_mut().push(out.len().to_string());
            let Some(v) = seq.next_element_seed(Node { guard: self.guard })? else {
                self.guard.path.borrow_mut().pop();
                break;
            };
            self.guard.path.borrow_mut().pop();
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.guard.enter()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.guard.path.borrow_mut().push(key);
            let value = map.next_value_seed(Node { guard: self.guard })?;
            let key = self.guard.path.borrow_mut().pop().unwrap_or_default();
            if out.contains_key(&key) {
                self.guard.duplicate.replace(key.clone());
                self.guard.path.borrow_mut().push(key);
                return Err(self.guard.fail(Broken::DuplicateKey));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}
