//! Reads an operation's `x-pagination` extension: how its pages follow one another. Nothing is
//! guessed from names: an operation pages only when the spec (or an overlay) says so.
//!
//! ```yaml
//! x-pagination:
//!   cursor: start          # the parameter that carries the cursor ...
//!   next: next             # ... and the body field holding the next one (absent or empty: last page)
//!   items: userIds         # the body field holding the page's items (every style)
//! # or
//! x-pagination: {page: page, hasMore: hasNextPage, items: audienceGroups}   # page numbers
//! # or
//! x-pagination: {offset: offset, limit: limit, items: items}               # item offsets
//! ```

use serde_json::Value;

use super::models::{Ids, Type};
use super::{Lowerer, Pointer};
use crate::ir::{self, ModelKind, PageStyle, ParamLocation, ResponseBody};

/// The extension that says how an operation pages.
pub const EXTENSION: &str = "x-pagination";

impl Lowerer<'_> {
    /// The operation's pagination, checked against its parameters and success body; a problem
    /// (located at the extension) when it names what the operation does not have.
    pub(crate) fn lower_pagination(
        &mut self,
        op: &openapiv3::Operation,
        params: &[ir::Param<Ids>],
        success: &ResponseBody<Ids>,
        at: &Pointer,
    ) -> Option<ir::Pagination<Ids>> {
        let value = op.extensions.get(EXTENSION)?;
        let at = at.join(EXTENSION);
        match self.read_pagination(value, params, success) {
            Ok(p) => Some(p),
            Err(message) => {
                self.problem(&at, message);
                None
            }
        }
    }

    fn read_pagination(&self, value: &Value, params: &[ir::Param<Ids>], success: &ResponseBody<Ids>) -> Result<ir::Pagination<Ids>, String> {
        let Value::Object(map) = value else {
            return Err("must be a mapping with `items` and one of `cursor` (with `next`), `page` or `offset`".into());
        };
        for key in map.keys() {
            if !["cursor", "next", "page", "hasMore", "offset", "limit", "items"].contains(&key.as_str()) {
                return Err(format!("unknown key `{key}` (known: cursor, next, page, hasMore, offset, limit, items)"));
            }
        }
        let text = |key: &str| -> Result<Option<&str>, String> {
            match map.get(key) {
                None => Ok(None),
                Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.as_str())),
                Some(_) => Err(format!("`{key}` must name a parameter or field, as a non-empty string")),
            }
        };
        let styles: Vec<&str> = ["cursor", "page", "offset"].into_iter().filter(|k| map.contains_key(*k)).collect();
        let [style] = styles.as_slice() else {
            return Err(format!("name exactly one of `cursor`, `page` and `offset` (found {})", if styles.is_empty() { "none".to_string() } else { styles.join(", ") }));
        };
        // The success body: a struct whose fields the extension names.
        let ResponseBody::Json(Type::Model(id)) = success else {
            return Err("the operation's success body is not a JSON object, so it has no items field".into());
        };
        let fields = match self.models.get(*id).map(|d| &d.kind) {
            Some(ModelKind::Struct(s)) => &s.fields,
            _ => return Err("the operation's success body is not an object with properties".into()),
        };
        let field = |wire: &str, what: &str| {
            fields
                .iter()
                .find(|f| !f.flatten && f.wire_name == wire)
                .ok_or_else(|| format!("{what} `{wire}` is not a property of the success body"))
        };
        let ident = |f: &ir::Field<Ids>| f.ident.given().map(str::to_string).ok_or_else(|| format!("the field `{}` has no name yet", f.wire_name));
        let items_wire = text("items")?.ok_or("`items` must name the success body's field holding the page's items")?;
        let items = field(items_wire, "the items field")?;
        let Type::List(item) = &items.ty else {
            return Err(format!("the items field `{items_wire}` is not a list"));
        };
        let param = |key: &str, want_int: bool| -> Result<usize, String> {
            let wire = text(key)?.ok_or_else(|| format!("`{key}` must name a parameter"))?;
            let i = params
                .iter()
                .position(|p| p.wire_name.given() == Some(wire) && matches!(p.location, ParamLocation::Query | ParamLocation::Header | ParamLocation::Form | ParamLocation::Path))
                .ok_or_else(|| format!("`{key}: {wire}` is not a query, header, path or form parameter of the operation"))?;
            let ty = params.get(i).map(|p| &p.ty);
            let ok = if want_int { matches!(ty, Some(Type::I32 | Type::I64)) } else { matches!(ty, Some(Type::String)) };
            if !ok {
                return Err(format!("the `{key}` parameter `{wire}` must be {}", if want_int { "an integer" } else { "a string" }));
            }
            Ok(i)
        };
        let (style, param) = match *style {
            "cursor" => {
                let next_wire = text("next")?.ok_or("a cursor-paged operation names its `next` field")?;
                let next = field(next_wire, "the next-cursor field")?;
                if next.ty != Type::String {
                    return Err(format!("the next-cursor field `{next_wire}` is not a string"));
                }
                (PageStyle::Cursor { next: ident(next)?, next_optional: next.is_option() }, param("cursor", false)?)
            }
            "page" => {
                let has_more = match text("hasMore")? {
                    None => None,
                    Some(wire) => {
                        let f = field(wire, "the hasMore field")?;
                        if f.ty != Type::Bool {
                            return Err(format!("the hasMore field `{wire}` is not a boolean"));
                        }
                        Some((ident(f)?, f.is_option()))
                    }
                };
                let i = param("page", true)?;
                (PageStyle::Page { first: 1, has_more }, i)
            }
            _ => {
                let limit = match text("limit")? {
                    None => None,
                    Some(_) => Some(param("limit", true)?),
                };
                (PageStyle::Offset { limit }, param("offset", true)?)
            }
        };
        if params.iter().any(|p| p.ty == Type::Bytes) {
            return Err("an operation with a binary body or part cannot page (its body is sent once)".into());
        }
        Ok(ir::Pagination { style, param, items: ident(items)?, items_optional: items.is_option(), item: (**item).clone() })
    }
}
