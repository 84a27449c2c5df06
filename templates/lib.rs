#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod apis;
pub mod models;

pub use apis::{
    ApiResponse, BuildError, Client, ClientBuilder, DecodeError, Error, ResponseError, TransportError,
    TransportErrorKind,
};
