{%- import "macros.txt" as m -%}
//! The `{{ group.class_name }}` operations.

use super::{ApiResponse, CallFuture, Client, Error};

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
    /// {{ format!("{} {}", op.method.as_str(), op.path)|code }}
{%- if !op.params.is_empty() %}
    ///
    /// # Parameters
{%- for p in op.params %}
    /// - `{{ p.ident|bare }}`{% if !p.required %} (optional){% endif %}{% if let Some(d) = p.description %}: {{ d|doc_inline }}{% endif %}
{%- endfor %}
{%- endif %}
    ///
    /// Await the call for the body, or first set per-call options on it (see
    /// [`{{ op.type_stem }}Call`]).
{%- if op.deprecated %}
    #[deprecated]
{%- endif %}
{%- if op.many_arguments() %}
    #[allow(clippy::too_many_arguments, reason = "one argument per spec parameter")]
{%- endif %}
    pub fn {{ op.name }}<'a>(&'a self{% for p in op.params %}, {{ p.ident }}: {{ p.call_arg() }}{% endfor %}) -> {{ op.type_stem }}Call<'a> {
        {{ op.type_stem }}Call {
            op_api: self,
            op_options: crate::runtime::CallOptions::default(),
{%- for p in op.params %}
            {{ p.call_init() }},
{%- endfor %}
        }
    }

    /// Like [`Self::{{ op.name|bare }}`], and also returns the response status and headers
    /// (LINE's `x-line-request-id` among them, see [`ApiResponse::request_id`]).
{%- if op.deprecated %}
    #[deprecated]
    #[allow(deprecated, reason = "the deprecated operation's own other form")]
{%- endif %}
{%- if op.many_arguments() %}
    #[allow(clippy::too_many_arguments, reason = "one argument per spec parameter")]
{%- endif %}
    pub fn {{ op.with_http_info_name }}<'a>(&'a self{% for p in op.params %}, {{ p.ident }}: {{ p.call_arg() }}{% endfor %}) -> CallFuture<'a, ApiResponse<{{ ret }}>, {{ op.type_stem }}Error> {
        self.{{ op.name }}({% for p in op.params %}{{ p.ident }}, {% endfor %}).with_http_info()
    }
{%- if op.has_optional_params() %}

    /// Starts a `{{ op.name|bare }}` call with its required parameters only: set the optional ones
    /// you need with the call's methods (see [`{{ op.type_stem }}Call`]), then await it.
{%- if op.deprecated %}
    #[deprecated]
    #[allow(deprecated, reason = "the deprecated operation's own other form")]
{%- endif %}
    pub fn {{ op.request_name }}<'a>(&'a self{% for p in op.params %}{% if p.required %}, {{ p.ident }}: {{ p.call_arg() }}{% endif %}{% endfor %}) -> {{ op.type_stem }}Call<'a> {
        self.{{ op.name }}({% for p in op.params %}{% if p.required %}{{ p.ident }}{% else %}None{% endif %}, {% endfor %})
    }
{%- endif %}
{% endfor %}
}
{% for op in group.operations %}
{%- let ret = op.success.rust() %}

/// A `{{ op.name|bare }}` call, made by [`{{ group.class_name }}::{{ op.name|bare }}`]: await it for the
/// decoded body, or set per-call options first.
#[must_use = "a call does nothing until it is awaited"]
pub struct {{ op.type_stem }}Call<'a> {
    op_api: &'a {{ group.class_name }},
    op_options: crate::runtime::CallOptions,
{%- for p in op.params %}
    {{ p.ident }}: {{ p.call_field() }},
{%- endfor %}
}

impl<'a> {{ op.type_stem }}Call<'a> {
{%- for p in op.params %}
{%- if !p.required %}
    /// Sets `{{ p.ident|bare }}`{% if let Some(d) = p.description %}: {{ d|doc_inline }}{% endif %}
    pub fn {{ p.ident }}(mut self, value: {{ p.setter_arg() }}) -> Self {
        self.{{ p.ident }} = {{ p.setter_value() }};
        self
    }

{%- endif %}
{%- endfor %}
    /// Sends `name: value` with this call only (a test header, a tracing id); it replaces a
    /// header of the same name the operation sets.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.op_options.header(name, value);
        self
    }

    /// Gives up on this call after `timeout`, instead of the client's timeout.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.op_options.timeout(timeout);
        self
    }

    /// Sends the call; the future resolves to the decoded body.
    pub fn send(self) -> CallFuture<'a, {{ ret }}, {{ op.type_stem }}Error> {
        crate::runtime::call(self.into_exchange(), |op_response| Self::decode(op_response).map(ApiResponse::into_data))
    }

    /// Sends the call; the future resolves to the decoded body with the response status and
    /// headers.
    pub fn with_http_info(self) -> CallFuture<'a, ApiResponse<{{ ret }}>, {{ op.type_stem }}Error> {
        crate::runtime::call(self.into_exchange(), Self::decode)
    }

{%- if op.pagination.is_some() %}

    /// Every page of `{{ op.name|bare }}`, as a `futures_core::Stream` (or with [`Pages::next`](crate::Pages::next)
    /// and [`Pages::try_collect`](crate::Pages::try_collect)): each page is fetched only when the stream is
    /// polled, as a normal call with this call's parameters and options (credentials, retries,
    /// timeouts), the first starting where this call says (`{{ op.page_param_name() }}`, or the first page when
    /// it is not set) and each next one where the page before says. An error ends the stream.
    pub fn pages(self) -> crate::Pages<'a, {{ ret }}, {{ op.type_stem }}Error> {
        let Self { op_api, op_options{% for p in op.params %}, {{ p.ident }}{% endfor %} } = self;
        let op_first = {{ op.page_first() }};
        crate::Pages::new(
            op_first,
            move |op_cursor: &crate::PageCursor| {
                let op_call = {{ op.type_stem }}Call {
                    op_api,
                    op_options: op_options.clone(),
{%- for q in op.params %}
{%- if op.is_page_param(loop.index0) %}
                    {{ q.ident }}: {{ op.page_param_value() }},
{%- else %}
                    {{ q.ident }},
{%- endif %}
{%- endfor %}
                };
                let (_, op_request, op_call_options) = op_call.into_request();
                crate::runtime::call(
                    op_api.client.exchange(op_request, op_call_options, &[{% for i in op.auth %}{{ i }}, {% endfor %}], {{ op.retry_safe() }}, true),
                    |op_response| {{ op.type_stem }}Call::decode(op_response).map(ApiResponse::into_data),
                )
            },
            move |op_page: &{{ ret }}, {{ op.page_cursor_binding() }}: &crate::PageCursor| {{ op.page_advance() }},
        )
    }

    /// Every item (`{{ op.page_items_field() }}`) of every page, one at a time, as a `futures_core::Stream` (or
    /// with [`Items::next`](crate::Items::next) and [`Items::try_collect`](crate::Items::try_collect)); pages are fetched as
    /// [`Self::pages`] says, when their items are needed.
    pub fn items(self) -> crate::Items<'a, {{ ret }}, {{ op.page_item_type() }}, {{ op.type_stem }}Error> {
        crate::Items::new(self.pages(), |op_page| {{ op.page_items() }})
    }
{%- endif %}

    /// The call's request on its way: sent with the operation's credentials and retry rule, the
    /// answer read whole.
    fn into_exchange(self) -> crate::runtime::Exchange<'a, crate::runtime::RawResponse> {
        let (op_client, op_request, op_options) = self.into_request();
        op_client.exchange(op_request, op_options, &[{% for i in op.auth %}{{ i }}, {% endfor %}], {{ op.retry_safe() }}, {{ op.success != ir::ResponseBody::Bytes }})
    }

    /// The answer as the spec declares it: the body of a success, or the error of any other
    /// status.
    fn decode(op_response: crate::runtime::RawResponse) -> Result<ApiResponse<{{ ret }}>, Error<{{ op.type_stem }}Error>> {
        if !op_response.status.is_success() {
            return Err(Self::into_error(op_response));
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
{%- if op.success == ir::ResponseBody::Bytes %}

    /// Sends the call and hands over the body as it arrives, so a large file never sits in
    /// memory whole. The [`crate::ByteStream`] is a tokio `AsyncRead` (and a `futures`
    /// `Stream` of `Bytes`), so saving the download to a file is one line:
    ///
    /// ```no_run
    /// # async fn save(call: {{ krate.name }}::apis::{{ group.module }}::{{ op.type_stem }}Call<'_>) -> Result<(), Box<dyn std::error::Error>> {
    /// let mut file = tokio::fs::File::create("download.bin").await?;
    /// tokio::io::copy(&mut call.stream().await?.data, &mut file).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// The download is not bounded by the response size limit, nor as a whole by the timeout:
    /// each piece must arrive within it.
    pub fn stream(self) -> CallFuture<'a, ApiResponse<crate::ByteStream>, {{ op.type_stem }}Error> {
        let (op_client, op_request, op_options) = self.into_request();
        let op_exchange = op_client.exchange_stream(op_request, op_options, &[{% for i in op.auth %}{{ i }}, {% endfor %}], {{ op.retry_safe() }});
        crate::runtime::call(op_exchange, |op_answer| op_answer.map_err(Self::into_error))
    }
{%- if let Some(items) = op.item_stream %}

    /// Sends the call and decodes the items of the {{ items.media_type|code }} body one by one as
    /// they arrive: a `futures_core::Stream` of `Result<{{ items.item.rust() }}, ItemError>`, or
    /// read with [`ItemStream::next`](crate::apis::ItemStream::next). The call's timeout is the
    /// longest wait between two pieces of the body; a malformed item is an
    /// [`ItemError::Malformed`](crate::apis::ItemError::Malformed) naming its position, and the
    /// items after it are still read.
    pub fn item_stream(self) -> CallFuture<'a, ApiResponse<crate::apis::ItemStream<{{ items.item.rust() }}>>, {{ op.type_stem }}Error> {
        let (op_client, op_request, op_options) = self.into_request();
        let op_exchange = op_client.exchange_stream(op_request, op_options, &[{% for i in op.auth %}{{ i }}, {% endfor %}], {{ op.retry_safe() }});
        crate::runtime::call(op_exchange, |op_answer| {
            op_answer.map_err(Self::into_error).map(|op_response| {
                let items = crate::apis::ItemStream::new(op_response.data, {{ items.framing.rust() }});
                ApiResponse::new(op_response.status, op_response.headers, items)
            })
        })
    }
{%- endif %}
{%- endif %}

    /// A status other than success as [`Error::Status`], with the body decoded as the spec
    /// declares it for that status.
    fn into_error(op_response: crate::runtime::RawResponse) -> Error<{{ op.type_stem }}Error> {
{%- if op.errors.is_empty() %}
        op_response.into_error(None)
{%- else if op.has_only_default_error() %}
{%- if let Some(e) = op.errors.first() %}
        let entity = op_response.decode().ok().map({{ op.type_stem }}Error::{{ e.variant }});
{%- endif %}
        op_response.into_error(entity)
{%- else %}
        let entity = match op_response.status.as_u16() {
{%- for e in op.errors %}
            {{ e.status.pattern() }} => op_response.decode().ok().map({{ op.type_stem }}Error::{{ e.variant }}),
{%- endfor %}
{%- if !op.has_default_error() %}
            _ => None,
{%- endif %}
        };
        op_response.into_error(entity)
{%- endif %}
    }

    /// The request this call sends (credentials are added when it is sent), the client to send
    /// it with, and the per-call options.
    fn into_request(self) -> (&'a Client, reqwest::RequestBuilder, crate::runtime::CallOptions) {
        let Self { op_api, op_options{% for p in op.params %}, {{ p.ident }}{% endfor %} } = self;
        let op_path = {{ op.path_expr() }};
        let op_request = op_api.client.request({{ op.method.reqwest() }}, {{ op.server }}, {% if op.path_has_params() %}&{% endif %}op_path);
{%- for p in op.params %}
{%- match p.location %}
{%- when ir::ParamLocation::Query %}
{%- call m::apply("op_request", p, p.query_push(p.ident), p.query_push("value")) %}{% endcall %}
{%- when ir::ParamLocation::Header %}
{%- let key = p.wire_name|lit %}
{%- if op.takes_retry_key(p) %}
        // The same key goes with every attempt; the client makes one when it may retry.
        let op_retry_key = {{ p.ident }}.map(str::to_string).or_else(|| op_api.client.new_retry_key());
        let op_request = match &op_retry_key {
            Some(value) => op_request.header({{ key }}, value),
            None => op_request,
        };
{%- else %}
{%- call m::apply("op_request", p, format!("op_request.header({}, {})", key, p.to_text()), format!("op_request.header({}, {})", key, p.to_text_of("value"))) %}{% endcall %}
{%- endif %}
{%- else %}
{%- endmatch %}
{%- endfor %}
{%- if op.sends_cookies %}
        let op_cookies: Vec<String> = [
{%- for p in op.params %}
{%- if p.location == ir::ParamLocation::Cookie %}
{%- let pair_start = format!("{}=", p.wire_name) %}
{%- if p.required %}
            Some({{ pair_start|lit }}.to_owned() + &crate::runtime::encode_path({{ p.path_text() }})),
{%- else if p.ty == ir::Type::String %}
            {{ p.ident }}.map(|value| {{ pair_start|lit }}.to_owned() + &crate::runtime::encode_path(value)),
{%- else %}
            {{ p.ident }}.map(|value| {{ pair_start|lit }}.to_owned() + &crate::runtime::encode_path(&{{ p.to_text_of("value") }})),
{%- endif %}
{%- endif %}
{%- endfor %}
        ]
        .into_iter()
        .flatten()
        .collect();
        let op_request = if op_cookies.is_empty() {
            op_request
        } else {
            op_request.header(reqwest::header::COOKIE, op_cookies.join("; "))
        };
{%- endif %}
{%- match op.body %}
{%- when Some(ir::Body::Form) %}
{%- if !op.has_form_fields() %}
        let op_request = crate::runtime::form_body(op_request, &[]);
{%- else %}
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
{%- endif %}
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
        (&op_api.client, op_request, op_options)
    }
}

impl<'a> std::future::IntoFuture for {{ op.type_stem }}Call<'a> {
    type Output = Result<{{ ret }}, Error<{{ op.type_stem }}Error>>;
    type IntoFuture = CallFuture<'a, {{ ret }}, {{ op.type_stem }}Error>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}
{%- endfor %}
