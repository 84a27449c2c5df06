//! Paged operations as streams: [`Pages`] fetches one page per poll, each a normal call, and
//! [`Items`] hands out the items of those pages one at a time.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{CallFuture, Error};

/// Where the next page starts: the cursor the server handed out, or a page number or offset.
/// `None` inside means "the server's first page" (the parameter is not sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageCursor {
    /// An opaque continuation token (LINE's `next`, sent back as `start`).
    Token(Option<String>),
    /// A page number or an item offset.
    Number(Option<i64>),
}

impl PageCursor {
    /// The token to send, for a cursor-paged operation.
    pub fn token(&self) -> Option<&str> {
        match self {
            PageCursor::Token(t) => t.as_deref(),
            PageCursor::Number(_) => None,
        }
    }

    /// The page number or offset to send, in the parameter's type; `None` when it does not fit.
    pub fn number<N: TryFrom<i64>>(&self) -> Option<N> {
        match self {
            PageCursor::Number(Some(n)) => N::try_from(*n).ok(),
            _ => None,
        }
    }

    /// The page number or offset as sent (`None` when none was).
    pub fn raw_number(&self) -> Option<i64> {
        match self {
            PageCursor::Number(n) => *n,
            PageCursor::Token(_) => None,
        }
    }
}

type Fetch<'a, T, E> = Box<dyn FnMut(&PageCursor) -> CallFuture<'a, T, E> + Send + 'a>;
type Advance<'a, T> = Box<dyn FnMut(&T, &PageCursor) -> Option<PageCursor> + Send + 'a>;

enum State<'a, T, E> {
    /// The next page is not asked for until the stream is polled.
    Idle(PageCursor),
    Fetching(PageCursor, CallFuture<'a, T, E>),
    Done,
}

/// The pages of a paged operation, a `futures_core::Stream` of `Result<page, Error<E>>`.
///
/// A page is fetched only when the stream is polled, as a normal call (the client's
/// credentials, retry policy and timeouts, and the call's own options); the first page starts
/// where the call said (its cursor, page or offset, and its page size). The stream ends after
/// the last page, or with the first error, which it yields. Without a `futures` crate, use
/// [`Pages::next`] and [`Pages::try_collect`].
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<'a, T, E> {
    fetch: Fetch<'a, T, E>,
    advance: Advance<'a, T>,
    state: State<'a, T, E>,
}

impl<T, E> std::fmt::Debug for Pages<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            State::Idle(c) => format!("waiting to fetch {c:?}"),
            State::Fetching(c, _) => format!("fetching {c:?}"),
            State::Done => "done".to_string(),
        };
        f.debug_struct("Pages").field("state", &state).finish()
    }
}

impl<'a, T, E> Pages<'a, T, E> {
    /// Pages starting at `first`; `fetch` makes the call for a cursor, `advance` says where the
    /// page after a fetched one starts (`None` after the last page).
    pub fn new(
        first: PageCursor,
        fetch: impl FnMut(&PageCursor) -> CallFuture<'a, T, E> + Send + 'a,
        advance: impl FnMut(&T, &PageCursor) -> Option<PageCursor> + Send + 'a,
    ) -> Self {
        Pages { fetch: Box::new(fetch), advance: Box::new(advance), state: State::Idle(first) }
    }

    /// The next page: `None` after the last one or after an error.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    /// Every remaining page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, Error<E>> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error<E>>>> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Idle(cursor) => {
                    let call = (self.fetch)(&cursor);
                    self.state = State::Fetching(cursor, call);
                }
                State::Fetching(cursor, mut call) => match call.as_mut().poll(cx) {
                    Poll::Pending => {
                        self.state = State::Fetching(cursor, call);
                        return Poll::Pending;
                    }
                    Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                    Poll::Ready(Ok(page)) => {
                        if let Some(next) = (self.advance)(&page, &cursor) {
                            // A server that hands back the cursor it was given would page forever.
                            if next != cursor {
                                self.state = State::Idle(next);
                            }
                        }
                        return Poll::Ready(Some(Ok(page)));
                    }
                },
            }
        }
    }
}

impl<T, E> futures_core::Stream for Pages<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

/// The items of a paged operation's pages, one at a time, a `futures_core::Stream` of
/// `Result<item, Error<E>>`: a page is fetched when its items are needed, and an error ends the
/// stream. Without a `futures` crate, use [`Items::next`] and [`Items::try_collect`].
#[must_use = "a stream does nothing until it is polled"]
pub struct Items<'a, T, I, E> {
    pages: Pages<'a, T, E>,
    items_of: fn(T) -> Vec<I>,
    buffer: VecDeque<I>,
}

impl<T, I, E> std::fmt::Debug for Items<'_, T, I, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).field("buffered", &self.buffer.len()).finish()
    }
}

impl<'a, T, I, E> Items<'a, T, I, E> {
    /// The items `items_of` takes out of each page of `pages`.
    pub fn new(pages: Pages<'a, T, E>, items_of: fn(T) -> Vec<I>) -> Self {
        Items { pages, items_of, buffer: VecDeque::new() }
    }

    /// The next item: `None` after the last one or after an error.
    pub async fn next(&mut self) -> Option<Result<I, Error<E>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every remaining item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<I>, Error<E>> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<I, Error<E>>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => self.buffer.extend((self.items_of)(page)),
            }
        }
    }
}

impl<T, I: Unpin, E> futures_core::Stream for Items<'_, T, I, E> {
    type Item = Result<I, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}
