//! How parameter values become path segments, query values and form bodies.

/// Sets an `application/x-www-form-urlencoded` body of the fields present.
///
/// An empty form still gets `Content-Length: 0`: hyper omits the header for an empty body, and
/// servers may refuse a POST without one (411 Length Required).
pub fn form_body(request: reqwest::RequestBuilder, fields: &[(&str, String)]) -> reqwest::RequestBuilder {
    let request = request.form(fields);
    if fields.is_empty() {
        request.header(reqwest::header::CONTENT_LENGTH, "0")
    } else {
        request
    }
}

/// Percent-encodes a path parameter so it stays one path segment.
pub fn encode_path(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text form of a parameter value: strings as they are, enums by their wire value, JSON otherwise.
pub fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
