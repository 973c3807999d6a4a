//! Walking through paged results: one [`Pager`] for every way a service pages (page
//! numbers, offsets, markers from a response field, the last item or a next link), with
//! the rules that make a listing complete or an error in one place (the private `walk` module).
//!
//! A pager hands out pages ([`Pager::next_page`]), every item ([`Pager::collect_items`]),
//! or a `Stream` of items ([`Pager::into_stream`]); the blocking client has the same pager
//! (`blocking::Pager`, an iterator of items). The stream is built with
//! `futures_util::stream::unfold` (futures-util without its default features; the HTTP
//! stack already depends on it), so no stream type of our own is written here.

mod page_hash;
mod walk;

use futures_util::Stream;

use crate::client::Client;
use crate::client::response::Response;
use crate::error::Result;
use crate::wire::request::ApiRequest;

pub(crate) use walk::Walk;

/// Upper bound on the pages one pager fetches, against services that never stop paging.
/// A walk that reaches it with pages still to come ends with an error
/// ([`PagingErrorKind::PageLimit`](crate::PagingErrorKind::PageLimit)), never with a
/// silently shortened listing: raise it with [`Pager::with_max_pages`].
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

/// How a request pages: the cursor strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingStyle {
    /// A 1-based page number plus a page size.
    PageNumber,
    /// A 0-based item offset plus a limit.
    Offset,
    /// A marker (where the page starts) plus a limit; each page names the next marker.
    Marker(MarkerSource),
}

/// Where a marker-paged response names the marker of the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MarkerSource {
    /// A field of the response (e.g. `page_info.next_marker`), absent on the last page.
    ResponseField,
    /// A field of the last item of the page (OpenStack style, its `id`); a page shorter
    /// than the limit is the last.
    LastItem,
    /// The marker query parameter of the response's link to the next page (OpenStack's
    /// `<resource>_links` with `rel: next`); read with [`marker_from_link`].
    NextLink,
}

/// Where a page starts: what a pager sets on the request before sending it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cursor {
    /// A page number (1-based) or an item offset (0-based).
    Position(i64),
    /// A marker.
    Marker(String),
}

/// A request whose results come in pages. Implemented by generated code.
pub trait Paginated: ApiRequest + Clone {
    /// One item of a page. Serializable so that a pager can tell a repeated page.
    type Item: serde::Serialize;
    /// The paging style.
    const STYLE: PagingStyle;
    /// Where the request starts: its page number, offset or marker, if set.
    fn cursor(&self) -> Option<Cursor>;
    /// Sets where the request starts (a cursor of the request's style).
    fn set_cursor(&mut self, cursor: Cursor);
    /// The page size (or limit) set on the request.
    fn page_size(&self) -> Option<i64>;
    /// Takes the items out of a page.
    fn items(output: Self::Output) -> Vec<Self::Item>;
    /// The items of a page, borrowed.
    fn page_items(output: &Self::Output) -> &[Self::Item];
    /// The total number of items, when the service reports it.
    fn total(output: &Self::Output) -> Option<i64> {
        let _ = output;
        None
    }
    /// Marker styles: the marker of the page after this one, as the response gives it
    /// (its next-marker field, its last item's field, or the marker of its next link);
    /// `None` when the response has none.
    fn next_marker(output: &Self::Output) -> Option<String> {
        let _ = output;
        None
    }
}

/// The value of the query parameter `name` in `link`, a URL or a path with a query
/// (`https://host/v2.0/ports?limit=2&marker=p2` gives `p2` for `marker`), percent-decoded;
/// `None` when the link has no such parameter or is not a URL.
pub fn marker_from_link(link: &str, name: &str) -> Option<String> {
    let base = url::Url::parse("http://link.invalid/").ok()?;
    let url = base.join(link).ok()?;
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// Fetches the pages of a [`Paginated`] request one after another.
///
/// A listing is complete or it is an error. The walk ends after an empty page, after the
/// last page its style recognises (a page shorter than the page size, a response without a
/// next marker) or once the position reached (items before the first page included, when
/// it started past the start) reaches the reported total; a short page does not end it
/// while the total says more. It fails with [`Error::Paging`](crate::Error::Paging) when a
/// page repeats an earlier one (a service that ignores the position), when a marker comes
/// back (a cycle), when the pages end before the reported total, and when
/// [`with_max_pages`](Self::with_max_pages) pages (default [`DEFAULT_MAX_PAGES`]) were
/// fetched and more would follow.
///
/// ```no_run
/// # async fn demo<R: hwcloud_runtime::Paginated>(client: hwcloud_runtime::Client, request: R)
/// # -> hwcloud_runtime::Result<()> where R::Item: std::fmt::Debug {
/// let mut pager = hwcloud_runtime::Pager::new(client, request);
/// while let Some(page) = pager.next_page().await? {
///     println!("{page:?}");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Pager<R: Paginated> {
    client: Client,
    walk: Walk<R>,
    /// The last page's body buffer, the next page is read into.
    buffer: BodyBuffer,
}

/// A pager's body buffer; its `Debug` shows its capacity, not the last page's bytes.
#[derive(Default)]
struct BodyBuffer(Vec<u8>);

impl std::fmt::Debug for BodyBuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BodyBuffer({} bytes reserved)", self.0.capacity())
    }
}

impl<R: Paginated> Pager<R> {
    /// A pager starting at the request's page, offset or marker (or the first page).
    pub fn new(client: Client, request: R) -> Self {
        Self {
            client,
            walk: Walk::new(request),
            buffer: BodyBuffer::default(),
        }
    }

    /// Fetches `pages` pages at most; a walk with more pages to come then fails rather
    /// than ending short.
    #[must_use]
    pub fn with_max_pages(mut self, pages: u64) -> Self {
        self.walk.set_max_pages(pages);
        self
    }

    /// The next page's items, or `None` after the last page. After a failed call the
    /// pager can be asked again: it retries the same page. After a paging error (a
    /// repeated page or marker, a total not reached, the page limit) it returns that error
    /// again.
    pub async fn next_page(&mut self) -> Result<Option<Vec<R::Item>>> {
        Ok(self.next_response().await?.map(|r| R::items(r.into_body())))
    }

    /// The next page's whole response, or `None` after the last page.
    pub async fn next_response(&mut self) -> Result<Option<Response<R::Output>>> {
        let Some(request) = self.walk.next_request()? else {
            return Ok(None);
        };
        let response = self
            .client
            .send_reusing(request, &mut self.buffer.0)
            .await?;
        self.walk.record(response.body())?;
        Ok(Some(response))
    }

    /// Every item of every remaining page; an error when the listing cannot be complete
    /// (the items fetched so far are dropped: walk with [`next_page`](Self::next_page) to
    /// keep them).
    pub async fn collect_items(mut self) -> Result<Vec<R::Item>> {
        let mut all = Vec::new();
        while let Some(mut page) = self.next_page().await? {
            all.append(&mut page);
        }
        Ok(all)
    }

    /// The remaining items one by one, fetching pages as they are needed. An error is the
    /// stream's last element.
    pub fn into_stream(self) -> impl Stream<Item = Result<R::Item>> {
        let pending: std::vec::IntoIter<R::Item> = Vec::new().into_iter();
        futures_util::stream::unfold(
            (self, pending, false),
            |(mut pager, mut pending, failed)| async move {
                loop {
                    if let Some(item) = pending.next() {
                        return Some((Ok(item), (pager, pending, failed)));
                    }
                    if failed {
                        return None;
                    }
                    match pager.next_page().await {
                        Ok(Some(page)) => pending = page.into_iter(),
                        Ok(None) => return None,
                        Err(e) => return Some((Err(e), (pager, pending, true))),
                    }
                }
            },
        )
    }

    /// The remaining pages one by one. An error is the stream's last element.
    pub fn into_page_stream(self) -> impl Stream<Item = Result<Vec<R::Item>>> {
        futures_util::stream::unfold((self, false), |(mut pager, failed)| async move {
            if failed {
                return None;
            }
            match pager.next_page().await {
                Ok(Some(page)) => Some((Ok(page), (pager, false))),
                Ok(None) => None,
                Err(e) => Some((Err(e), (pager, true))),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::marker_from_link;

    #[test]
    fn the_marker_of_a_link_is_its_decoded_query_value() {
        let link = "https://other.example/v2.0/ports?limit=2&marker=p%202&x=1";
        assert_eq!(marker_from_link(link, "marker").as_deref(), Some("p 2"));
        assert_eq!(
            marker_from_link("/v2.0/ports?route_marker=r1", "route_marker").as_deref(),
            Some("r1")
        );
        assert_eq!(marker_from_link("/v2.0/ports?limit=2", "marker"), None);
        assert_eq!(marker_from_link("", "marker"), None);
        assert_eq!(marker_from_link("http://[bad", "marker"), None);
    }
}
