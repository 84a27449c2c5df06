//! JSON pointers into the spec (`#/paths/~1users/get`): built a segment at a time, each segment
//! escaped once, when it is added.

use std::borrow::Cow;
use std::fmt;

/// A JSON pointer into the spec document (RFC 6901, in URI fragment form: `#/a/b`).
///
/// It is held escaped (`~` → `~0`, `/` → `~1`), so writing it costs nothing and no segment can
/// be escaped twice or not at all; the segments come back unescaped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// `#`, the whole document.
    pub fn root() -> Self {
        Pointer("#".to_string())
    }

    /// `#/a/b/c` from raw segments.
    pub fn to(segments: &[&str]) -> Self {
        let mut p = Self::root();
        for s in segments {
            p.push(s);
        }
        p
    }

    /// Adds one raw segment (a key, or an index written as a number).
    pub fn push(&mut self, segment: impl fmt::Display) {
        self.0.push('/');
        for c in segment.to_string().chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
    }

    /// Removes the last segment; the root stays the root.
    pub fn pop(&mut self) {
        if let Some(slash) = self.0.rfind('/') {
            self.0.truncate(slash);
        }
    }

    /// This pointer with `segment` added.
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        let mut p = self.clone();
        p.push(segment);
        p
    }

    /// This pointer without its last segment.
    pub fn parent(&self) -> Self {
        let mut p = self.clone();
        p.pop();
        p
    }

    /// The raw segments, in order.
    pub fn segments(&self) -> impl Iterator<Item = Cow<'_, str>> {
        self.0.split('/').skip(1).map(unescape)
    }

    /// The last raw segment (`None` for the root).
    pub fn last(&self) -> Option<Cow<'_, str>> {
        self.segments().last()
    }

    /// The component schema this pointer is inside: `Dog` for `#/components/schemas/Dog/properties/a`.
    pub fn component_schema(&self) -> Option<Cow<'_, str>> {
        let mut segments = self.segments();
        match (segments.next(), segments.next(), segments.next()) {
            (Some(c), Some(s), Some(name)) if c == "components" && s == "schemas" => Some(name),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&Pointer> for String {
    fn from(p: &Pointer) -> Self {
        p.0.clone()
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> Self {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped_once_and_come_back_raw() {
        let mut p = Pointer::to(&["paths", "/v2/oauth/{id}"]);
        p.push("get");
        assert_eq!(p.to_string(), "#/paths/~1v2~1oauth~1{id}/get");
        let body = p.join("requestBody").join("content").join("application/x-www-form-urlencoded").join(0);
        assert_eq!(body.as_str(), "#/paths/~1v2~1oauth~1{id}/get/requestBody/content/application~1x-www-form-urlencoded/0");
        assert_eq!(Pointer::to(&["a~b"]).as_str(), "#/a~0b");
        assert_eq!(Pointer::to(&["a~1b"]).last().as_deref(), Some("a~1b"));
        assert_eq!(body.parent().last().as_deref(), Some("application/x-www-form-urlencoded"));
        assert_eq!(p.segments().collect::<Vec<_>>(), ["paths", "/v2/oauth/{id}", "get"]);
        let mut root = Pointer::root();
        root.pop();
        assert_eq!(root.as_str(), "#");
        assert_eq!(root.last(), None);
    }

    #[test]
    fn the_component_schema_a_pointer_is_inside() {
        let p = Pointer::to(&["components", "schemas", "a/b", "properties", "x"]);
        assert_eq!(p.component_schema().as_deref(), Some("a/b"));
        assert_eq!(Pointer::to(&["components", "schemas"]).component_schema(), None);
        assert_eq!(Pointer::to(&["paths", "schemas", "x"]).component_schema(), None);
    }
}
