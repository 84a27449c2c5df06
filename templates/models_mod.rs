//! The request and response bodies of the API.
{% for m in krate.models %}
mod {{ m.module }};
pub use self::{{ m.module }}::{{ m.name }};
{%- endfor %}
