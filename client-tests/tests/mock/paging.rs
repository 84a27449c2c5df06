//! Paged operations as streams (`x-pagination`), against the mock server: cursor, page-number
//! and offset styles each collect every item exactly once and stop on the last page; an error
//! ends the stream; no page is fetched before it is polled; the call's own first cursor and
//! page size are kept on every page.

use std::pin::Pin;
use std::time::Duration;

use line_bot::mock::{MockServer, Reply};
use line_bot::models::{AudienceGroup, GetAudienceGroupsResponse, GetFollowersResponse, GetOffsetListResponse};
use line_bot::Error;

async fn bounded<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), f).await.expect("finishes within 20 s")
}

fn followers(ids: &[&str], next: Option<&str>) -> GetFollowersResponse {
    let page = GetFollowersResponse::new(ids.iter().copied());
    match next {
        Some(n) => page.set_next(n),
        None => page,
    }
}

#[tokio::test]
async fn cursor_pages_collect_every_item_once_and_keep_the_page_size() {
    let mock = MockServer::start().await;
    mock.get_followers().when(|c| c.start.is_none()).once().respond(followers(&["U1", "U2"], Some("p2")));
    mock.get_followers().when(|c| c.start.as_deref() == Some("p2")).once().respond(followers(&["U3", "U4"], Some("p3")));
    mock.get_followers().when(|c| c.start.as_deref() == Some("p3")).once().respond(followers(&["U5"], None));
    let client = mock.client();

    let ids = bounded(client.messaging_api_api().get_followers(None, Some(2)).items().try_collect()).await.unwrap();

    assert_eq!(ids, ["U1", "U2", "U3", "U4", "U5"]);
    let calls: Vec<(Option<String>, Option<i32>)> = mock.get_followers().received().into_iter().map(|c| (c.start, c.limit)).collect();
    assert_eq!(calls, [(None, Some(2)), (Some("p2".into()), Some(2)), (Some("p3".into()), Some(2))]);
}

#[tokio::test]
async fn the_call_s_own_first_cursor_is_where_paging_starts() {
    let mock = MockServer::start().await;
    mock.get_followers().when(|c| c.start.as_deref() == Some("p7")).once().respond(followers(&["U7"], Some("")));
    let pages = bounded(mock.client().messaging_api_api().get_followers_request().start("p7").pages().try_collect()).await.unwrap();
    assert_eq!(pages.len(), 1, "an empty `next` is the last page");
    assert_eq!(pages[0].user_ids, ["U7"]);
}

#[tokio::test]
async fn page_numbers_follow_has_next_page() {
    let mock = MockServer::start().await;
    let page = |n: i64, more: bool| {
        GetAudienceGroupsResponse::new().audience_groups([AudienceGroup::new().audience_group_id(n * 10)]).has_next_page(more).page(n)
    };
    mock.get_audience_groups().when(|c| c.page == 1).once().respond(page(1, true));
    mock.get_audience_groups().when(|c| c.page == 2).once().respond(page(2, true));
    mock.get_audience_groups().when(|c| c.page == 3).once().respond(page(3, false));

    let groups = bounded(mock.client().messaging_api_api().get_audience_groups(1, Some(1)).items().try_collect()).await.unwrap();

    let ids: Vec<Option<i64>> = groups.iter().map(|g| g.audience_group_id).collect();
    assert_eq!(ids, [Some(10), Some(20), Some(30)]);
    let calls: Vec<(i64, Option<i64>)> = mock.get_audience_groups().received().into_iter().map(|c| (c.page, c.size)).collect();
    assert_eq!(calls, [(1, Some(1)), (2, Some(1)), (3, Some(1))]);
}

#[tokio::test]
async fn offsets_advance_by_the_items_and_a_short_page_is_the_last() {
    let mock = MockServer::start().await;
    mock.get_offset_list().when(|c| c.offset.is_none()).once().respond(GetOffsetListResponse::new([1, 2]));
    mock.get_offset_list().when(|c| c.offset == Some(2)).once().respond(GetOffsetListResponse::new([3, 4]));
    mock.get_offset_list().when(|c| c.offset == Some(4)).once().respond(GetOffsetListResponse::new([5]));

    let items = bounded(mock.client().messaging_api_api().get_offset_list(None, Some(2)).items().try_collect()).await.unwrap();

    assert_eq!(items, [1, 2, 3, 4, 5]);
    let offsets: Vec<Option<i64>> = mock.get_offset_list().received().into_iter().map(|c| c.offset).collect();
    assert_eq!(offsets, [None, Some(2), Some(4)]);
}

#[tokio::test]
async fn an_error_mid_way_ends_the_stream_with_that_error() {
    let mock = MockServer::start().await;
    mock.get_followers().when(|c| c.start.is_none()).once().respond(followers(&["U1"], Some("p2")));
    mock.get_followers().when(|c| c.start.as_deref() == Some("p2")).reply(Reply::status(500).text("boom"));
    let client = mock.client();
    let api = client.messaging_api_api();
    let mut items = api.get_followers_request().items();

    assert_eq!(bounded(items.next()).await.unwrap().unwrap(), "U1");
    let error = bounded(items.next()).await.unwrap().unwrap_err();
    assert!(matches!(&error, Error::Status(e) if e.status == 500), "{error}");
    assert!(bounded(items.next()).await.is_none(), "the stream ends after the error");
    assert_eq!(mock.get_followers().received().len(), 2);
}

#[tokio::test]
async fn no_page_is_fetched_before_it_is_polled() {
    let mock = MockServer::start().await;
    mock.get_followers().respond(followers(&["U1"], Some("p2")));
    let client = mock.client();
    let api = client.messaging_api_api();
    let mut pages = api.get_followers_request().pages();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(mock.received().is_empty(), "a page was fetched before the stream was polled");

    // Polled through `futures_core::Stream`, one page at a time.
    let first = bounded(std::future::poll_fn(|cx| futures_core::Stream::poll_next(Pin::new(&mut pages), cx))).await;
    assert_eq!(first.unwrap().unwrap().user_ids, ["U1"]);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(mock.received().len(), 1, "the second page waits for the next poll");
    // The server hands back the same cursor forever: the stream stops instead of looping.
    let second = bounded(pages.next()).await.unwrap().unwrap();
    assert_eq!(second.next.as_deref(), Some("p2"));
    assert!(bounded(pages.next()).await.is_none());
    mock.reset();
}
