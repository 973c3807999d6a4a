//! Walking through marker-paged results: each page names where the next one starts, either
//! in a field of the response (`page_info.next_marker`) or as the id of its last item.

use crate::client::Client;
use crate::client::paginate::DEFAULT_MAX_PAGES;
use crate::client::response::Response;
use crate::error::Result;
use crate::wire::request::ApiRequest;

/// Where the marker of the next page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerSource {
    /// A field of the response (e.g. `page_info.next_marker`), absent on the last page.
    ResponseField,
    /// The id of the last item of the page (OpenStack style); a short page is the last.
    LastItem,
}

/// A request whose results come in pages chained by markers. Implemented by generated code.
pub trait MarkerPaginated: ApiRequest + Clone {
    /// One item of a page.
    type Item;
    /// Where the next marker comes from.
    const SOURCE: MarkerSource;
    /// The marker set on the request.
    fn marker(&self) -> Option<&str>;
    /// Sets the marker.
    fn set_marker(&mut self, marker: String);
    /// The limit (page size) set on the request.
    fn limit(&self) -> Option<i64>;
    /// Takes the items out of a page.
    fn items(output: Self::Output) -> Vec<Self::Item>;
    /// How many items a page holds.
    fn item_count(output: &Self::Output) -> usize;
    /// The marker of the page after this one, as the response gives it (its next-marker
    /// field, or its last item's id); `None` when the response has none.
    fn next_marker(output: &Self::Output) -> Option<String>;
}

/// Fetches the pages of a [`MarkerPaginated`] request one after another, sending each
/// page's marker with the next request.
///
/// It stops after an empty page, a page without a next marker (or with an empty one), a
/// page whose next marker is the one just sent (a server that does not move on), and,
/// when the marker is the last item's id, after a page with fewer items than the limit;
/// and after [`DEFAULT_MAX_PAGES`] pages at most.
/// ```no_run
/// # async fn demo<R: hwcloud_runtime::MarkerPaginated>(client: hwcloud_runtime::Client, request: R)
/// # -> hwcloud_runtime::Result<()> where R::Item: std::fmt::Debug {
/// let mut pager = hwcloud_runtime::MarkerPager::new(client, request);
/// while let Some(page) = pager.next_page().await? {
///     println!("{page:?}");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct MarkerPager<R: MarkerPaginated> {
    client: Client,
    request: R,
    fetched_pages: u64,
    max_pages: u64,
    done: bool,
}

impl<R: MarkerPaginated> MarkerPager<R> {
    /// A pager starting at the request's marker (or the first page when it sets none).
    pub fn new(client: Client, request: R) -> Self {
        Self {
            client,
            request,
            fetched_pages: 0,
            max_pages: DEFAULT_MAX_PAGES,
            done: false,
        }
    }

    /// Stops after `pages` pages at most.
    #[must_use]
    pub fn with_max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages;
        self
    }

    /// The next page's items, or `None` after the last page. After an error the pager
    /// can be asked again: it retries the same page.
    pub async fn next_page(&mut self) -> Result<Option<Vec<R::Item>>> {
        Ok(self.next_response().await?.map(|r| R::items(r.into_body())))
    }

    /// The next page's whole response, or `None` after the last page.
    pub async fn next_response(&mut self) -> Result<Option<Response<R::Output>>> {
        if self.done || self.fetched_pages >= self.max_pages {
            return Ok(None);
        }
        let response = self.client.send(&self.request).await?;
        self.fetched_pages += 1;
        let count = R::item_count(response.body());
        let next = R::next_marker(response.body()).filter(|m| !m.is_empty());
        let short_page = R::SOURCE == MarkerSource::LastItem
            && self
                .request
                .limit()
                .is_some_and(|limit| i64::try_from(count).unwrap_or(i64::MAX) < limit);
        match next {
            Some(marker) if count > 0 && !short_page && self.request.marker() != Some(&marker) => {
                self.request.set_marker(marker);
            }
            _ => self.done = true,
        }
        Ok(Some(response))
    }

    /// Every item of every remaining page.
    pub async fn collect_items(mut self) -> Result<Vec<R::Item>> {
        let mut all = Vec::new();
        while let Some(mut page) = self.next_page().await? {
            all.append(&mut page);
        }
        Ok(all)
    }
}
