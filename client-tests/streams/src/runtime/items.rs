//! Sequential media (JSON Lines, JSON text sequences, server-sent events): a body of items,
//! each decoded as its bytes arrive.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::call::ByteStream;
use super::error::TransportError;

/// How the items of a sequential body are delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Framing {
    /// One JSON value per line (`application/jsonl`, `application/x-ndjson`); blank lines are skipped.
    JsonLines,
    /// RFC 7464 JSON text sequences (`application/json-seq`): each value follows a record separator (0x1E).
    JsonSeq,
    /// Server-sent events (`text/event-stream`): the `data` lines of each event, joined, are one
    /// JSON value; comments and events without data are skipped.
    EventStream,
}

/// Why the next item could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum ItemError {
    /// The body stopped arriving: the connection failed, or no byte came within the idle timeout
    /// ([`TransportErrorKind::Timeout`](super::TransportErrorKind::Timeout)). The stream ends.
    Transport(TransportError),
    /// An item is not what the spec says; the stream goes on with the next one.
    Malformed {
        /// The item's position, 1 for the first item of the body.
        item: usize,
        /// Where the item starts in the body, in bytes from its start.
        offset: u64,
        /// What was wrong, without quoting values from the body (they may be credentials).
        detail: String,
    },
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemError::Transport(e) => write!(f, "reading the stream of items failed: {e}"),
            ItemError::Malformed { item, offset, detail } => {
                write!(f, "item {item} of the stream (at byte {offset} of the body) does not decode: {detail}")
            }
        }
    }
}

impl std::error::Error for ItemError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ItemError::Transport(e) => Some(e),
            ItemError::Malformed { .. } => None,
        }
    }
}

/// The items of a sequential response body, each decoded into `T` as soon as its last byte
/// arrives: a `futures_core::Stream` of `Result<T, ItemError>`, or read with [`Self::next`].
/// Between two pieces of the body the call's timeout is the idle timeout: a server that stalls
/// longer ends the stream with [`ItemError::Transport`]. A malformed item is an
/// [`ItemError::Malformed`] naming its position; the items after it are still read.
pub struct ItemStream<T> {
    bytes: ByteStream,
    framing: Framing,
    /// Received bytes not yet part of a yielded item.
    buffer: Vec<u8>,
    /// Where `buffer` starts in the body.
    offset: u64,
    /// Items found so far (decoded or not).
    items: usize,
    /// The body ended or failed: what is left in `buffer` is the last item.
    ended: bool,
    item: PhantomData<fn() -> T>,
}

impl<T: serde::de::DeserializeOwned> ItemStream<T> {
    /// Reads the items of `bytes` delimited as `framing` says.
    pub fn new(bytes: ByteStream, framing: Framing) -> Self {
        ItemStream { bytes, framing, buffer: Vec::new(), offset: 0, items: 0, ended: false, item: PhantomData }
    }

    /// The next item, `None` at the end of the body.
    pub async fn next(&mut self) -> Option<Result<T, ItemError>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every item, in order; the first error stops the reading.
    pub async fn try_collect(mut self) -> Result<Vec<T>, ItemError> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, ItemError>>> {
        loop {
            if let Some((start, text)) = self.take_item() {
                self.items += 1;
                let item = self.items;
                return Poll::Ready(Some(serde_json::from_slice(&text).map_err(|e| ItemError::Malformed {
                    item,
                    offset: start,
                    detail: super::error::describe_json_error(&e),
                })));
            }
            if self.ended {
                return Poll::Ready(None);
            }
            match self.bytes.poll_piece(cx) {
                Poll::Ready(Some(Ok(piece))) => self.buffer.extend_from_slice(&piece),
                Poll::Ready(Some(Err(e))) => {
                    self.ended = true;
                    self.buffer.clear();
                    return Poll::Ready(Some(Err(ItemError::Transport(e))));
                }
                Poll::Ready(None) => self.ended = true,
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    /// The next complete item in the buffer (where it starts in the body, and its JSON text),
    /// taking it out; at the end of the body, what is left counts as complete.
    fn take_item(&mut self) -> Option<(u64, Vec<u8>)> {
        loop {
            // A JSON text sequence record starts after its separator; the others at once.
            let item_start = match self.framing {
                Framing::JsonSeq => self.buffer.iter().position(|b| *b == 0x1E).map_or(0, |i| i + 1),
                Framing::JsonLines | Framing::EventStream => 0,
            };
            let rest = self.buffer.get(item_start..).unwrap_or_default();
            // Where the item ends: after its newline, before the next separator, after the blank
            // line that ends the event; at the end of the body, what is left.
            let item_end = match self.framing {
                Framing::JsonLines => rest.iter().position(|b| *b == b'\n').map(|i| i + 1),
                Framing::JsonSeq => rest.iter().position(|b| *b == 0x1E),
                Framing::EventStream => event_end(rest),
            };
            let item_end = match item_end {
                Some(end) => item_start + end,
                None if self.ended && !self.buffer.is_empty() => self.buffer.len(),
                None => return None,
            };
            let start = self.offset + item_start as u64;
            let raw: Vec<u8> = self.buffer.drain(..item_end).collect();
            self.offset += item_end as u64;
            let raw = raw.get(item_start..).unwrap_or_default();
            let text = match self.framing {
                Framing::EventStream => event_data(raw),
                _ => Some(raw.to_vec()),
            };
            match text {
                Some(text) if !text.iter().all(u8::is_ascii_whitespace) => return Some((start, text)),
                // A blank line, an empty record, an event without data: no item.
                _ => continue,
            }
        }
    }
}

/// The length of the first complete event (up to and including the blank line ending it).
fn event_end(buffer: &[u8]) -> Option<usize> {
    let mut line_start = 0;
    for (i, b) in buffer.iter().enumerate() {
        if *b == b'\n' {
            let line = buffer.get(line_start..i).unwrap_or_default();
            if line.is_empty() || line == b"\r" {
                return Some(i + 1);
            }
            line_start = i + 1;
        }
    }
    None
}

/// The `data` of an event, its lines joined by newlines; `None` when it has no `data` field.
fn event_data(event: &[u8]) -> Option<Vec<u8>> {
    let mut data: Option<Vec<u8>> = None;
    for line in event.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let (field, value) = match line.iter().position(|b| *b == b':') {
            Some(0) => continue,
            Some(i) => (line.get(..i).unwrap_or_default(), line.get(i + 1..).unwrap_or_default()),
            None => (line, &b""[..]),
        };
        if field != b"data" {
            continue;
        }
        let value = value.strip_prefix(b" ").unwrap_or(value);
        match &mut data {
            Some(d) => {
                d.push(b'\n');
                d.extend_from_slice(value);
            }
            None => data = Some(value.to_vec()),
        }
    }
    data
}

impl<T: serde::de::DeserializeOwned> futures_core::Stream for ItemStream<T> {
    type Item = Result<T, ItemError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<T> fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream").field("framing", &self.framing).field("items", &self.items).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_data_joins_data_lines_and_skips_comments() {
        assert_eq!(event_data(b": hi\nevent: x\ndata: {\"a\":\ndata:  1}\n\n"), Some(b"{\"a\":\n 1}".to_vec()));
        assert_eq!(event_data(b"event: ping\n\n"), None);
        assert_eq!(event_end(b"data: 1\r\n\r\ndata: 2"), Some(11));
        assert_eq!(event_end(b"data: 1\n"), None);
    }
}
