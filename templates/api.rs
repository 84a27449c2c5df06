{%- import "macros.txt" as m -%}
//! The `{{ group.class_name }}` operations.

use super::{ApiResponse, Client, Error};

/// The `{{ group.class_name }}` operations; get one from [`Client::{{ group.module }}`].
#[derive(Debug, Clone)]
pub struct {{ group.class_name }} {
    client: Client,
}

{% for op in group.operations %}
/// The error bodies `{{ op.name }}` declares, decoded by status.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum {{ op.type_stem }}Error {
{%- for e in op.errors %}
    {{ e.description|doc }}
    {{ e.variant }}({{ e.ty.rust() }}),
{%- endfor %}
}
{% endfor %}

impl {{ group.class_name }} {
    /// Wraps a client; [`Client::{{ group.module }}`] does the same.
    pub fn new(client: Client) -> Self {
        Self { client }
    }
{% for op in group.operations %}
{%- let ret = op.success.rust() %}
{%- call m::doc_opt(op.summary, true) %}{% endcall %}
{%- call m::doc_opt(op.description, true) %}{% endcall %}
    /// {{ format!("{} {}", op.method.upper(), op.path)|code }}
{%- if !op.params.is_empty() %}
    ///
    /// # Parameters
{%- for p in op.params %}
    /// - `{{ p.ident|bare }}`{% if !p.required %} (optional){% endif %}{% if let Some(d) = p.description %}: {{ d|doc_inline }}{% endif %}
{%- endfor %}
{%- endif %}
{%- if op.deprecated %}
    #[deprecated]
{%- endif %}
{%- if op.many_arguments() %}
    #[allow(clippy::too_many_arguments, reason = "one argument per spec parameter")]
{%- endif %}
    pub async fn {{ op.name }}(&self{% for p in op.params %}, {{ p.ident }}: {% if p.required %}{{ p.ty.arg() }}{% else %}{{ p.ty.opt_arg() }}{% endif %}{% endfor %}) -> Result<{{ ret }}, Error<{{ op.type_stem }}Error>> {
{%- if op.success.is_empty() %}
        self.{{ op.name }}_with_http_info({% for p in op.params %}{{ p.ident }}, {% endfor %}).await?;
        Ok(())
{%- else %}
        let response = self.{{ op.name }}_with_http_info({% for p in op.params %}{{ p.ident }}, {% endfor %}).await?;
        Ok(response.data)
{%- endif %}
    }

    /// Like [`Self::{{ op.name|bare }}`], and also returns the response status and headers
    /// (LINE's `x-line-request-id` among them, see [`ApiResponse::request_id`]).
{%- if op.deprecated %}
    #[deprecated]
{%- endif %}
{%- if op.many_arguments() %}
    #[allow(clippy::too_many_arguments, reason = "one argument per spec parameter")]
{%- endif %}
    pub async fn {{ op.name }}_with_http_info(&self{% for p in op.params %}, {{ p.ident }}: {% if p.required %}{{ p.ty.arg() }}{% else %}{{ p.ty.opt_arg() }}{% endif %}{% endfor %}) -> Result<ApiResponse<{{ ret }}>, Error<{{ op.type_stem }}Error>> {
        let op_path = {{ op.path_expr() }};
        let op_request = self.client.request(reqwest::Method::{{ op.method.upper() }}, {{ op.server }}, {% if op.path_has_params() %}&{% endif %}op_path);
{%- for p in op.params %}
{%- match p.location %}
{%- when ir::ParamLocation::Query %}
{%- call m::apply("op_request", p, p.query_push(p.ident), p.query_push("value")) %}{% endcall %}
{%- when ir::ParamLocation::Header %}
{%- let key = p.wire_name|lit %}
{%- call m::apply("op_request", p, format!("op_request.header({}, {})", key, p.to_text()), format!("op_request.header({}, {})", key, p.to_text_of("value"))) %}{% endcall %}
{%- else %}
{%- endmatch %}
{%- endfor %}
{%- match op.body %}
{%- when Some(ir::Body::Form) %}
        let op_form: Vec<(&str, String)> = [
{%- for p in op.params %}
{%- if p.location == ir::ParamLocation::Form %}
{%- if p.required %}
            Some(({{ p.wire_name|lit }}, {{ p.to_text() }})),
{%- else %}
            {{ p.ident }}.map(|value| ({{ p.wire_name|lit }}, {{ p.to_text_of("value") }})),
{%- endif %}
{%- endif %}
{%- endfor %}
        ]
        .into_iter()
        .flatten()
        .collect();
        let op_request = crate::runtime::form_body(op_request, &op_form);
{%- when Some(ir::Body::Multipart) %}
        let op_multipart = reqwest::multipart::Form::new();
{%- for p in op.params %}
{%- if p.location == ir::ParamLocation::Multipart %}
{%- call m::apply("op_multipart", p, p.multipart_push(p.ident), p.multipart_push("value")) %}{% endcall %}
{%- endif %}
{%- endfor %}
        let op_request = op_request.multipart(op_multipart);
{%- when Some(ir::Body::Json) %}
{%- for p in op.params %}
{%- if p.location == ir::ParamLocation::Body %}
{%- call m::apply("op_request", p, format!("op_request.json({})", p.ident), "op_request.json(value)") %}{% endcall %}
{%- endif %}
{%- endfor %}
{%- when Some(ir::Body::Binary { content_type }) %}
{%- if !content_type.is_empty() %}
        let op_request = op_request.header(reqwest::header::CONTENT_TYPE, {{ content_type|lit }});
{%- endif %}
{%- for p in op.params %}
{%- if p.location == ir::ParamLocation::Body %}
{%- call m::apply("op_request", p, format!("op_request.body({})", p.ident), "op_request.body(value)") %}{% endcall %}
{%- endif %}
{%- endfor %}
{%- when None %}
{%- endmatch %}
{%- if !op.accepts.is_empty() %}
        let op_request = op_request.header(reqwest::header::ACCEPT, {{ op.accepts.join(", ")|lit }});
{%- endif %}
{%- for i in op.auth %}
{%- if let Some(s) = krate.security_schemes.get(**i) %}
        let op_request = self.client.auth_{{ s.field }}(op_request);
{%- endif %}
{%- endfor %}
        let op_response = self.client.execute(op_request).await?;
        if !op_response.status.is_success() {
{%- if op.errors.is_empty() %}
            return Err(op_response.into_error(None));
{%- else %}
            let entity = match op_response.status.as_u16() {
{%- for e in op.errors %}
{%- if let Some(code) = e.status %}
                {{ code }} => op_response.decode().ok().map({{ op.type_stem }}Error::{{ e.variant }}),
{%- else %}
                _ => op_response.decode().ok().map({{ op.type_stem }}Error::{{ e.variant }}),
{%- endif %}
{%- endfor %}
{%- if !op.has_default_error() %}
                _ => None,
{%- endif %}
            };
            return Err(op_response.into_error(entity));
{%- endif %}
        }
{%- match op.success %}
{%- when ir::ResponseBody::Json(_) %}
        op_response.json()
{%- when ir::ResponseBody::Text %}
        op_response.text()
{%- when ir::ResponseBody::Bytes %}
        Ok(op_response.into_bytes())
{%- when ir::ResponseBody::Empty %}
        Ok(op_response.with(()))
{%- endmatch %}
    }
{% endfor %}
}
