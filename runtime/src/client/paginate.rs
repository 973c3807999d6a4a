//! Walking through paged results: a [`Pager`] asks for one page after another and stops on
//! the last one.

use crate::client::Client;
use crate::client::response::Response;
use crate::error::Result;
use crate::wire::request::ApiRequest;

/// How a request pages (generated for operations that declare `pagination`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingStyle {
    /// A 1-based page number plus a page size.
    PageNumber,
    /// A 0-based item offset plus a limit.
    Offset,
}

/// A request whose results come in pages. Implemented by generated code.
pub trait Paginated: ApiRequest + Clone {
    /// One item of a page.
    type Item;
    /// The paging style.
    const STYLE: PagingStyle;
    /// The page number (page-number style) or offset (offset style) set on the request.
    fn position(&self) -> Option<i64>;
    /// Sets the page number or offset.
    fn set_position(&mut self, position: i64);
    /// The page size or limit set on the request.
    fn page_size(&self) -> Option<i64>;
    /// Takes the items out of a page.
    fn items(output: Self::Output) -> Vec<Self::Item>;
    /// How many items a page holds.
    fn item_count(output: &Self::Output) -> usize;
    /// The total number of items, when the service reports it.
    fn total(output: &Self::Output) -> Option<i64>;
}

/// Upper bound on the pages one pager fetches, against services that never stop paging.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

/// Fetches the pages of a [`Paginated`] request one after another.
///
/// It stops after a page with fewer items than the page size (or limit), an empty page, or
/// once the position reached (items before the page plus its items, wherever the pager
/// started) reaches the reported total; and after [`DEFAULT_MAX_PAGES`] pages at most.
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
    request: R,
    /// The size of the first page fetched, for page numbers when the request sets none.
    first_page_len: Option<i64>,
    fetched_pages: u64,
    max_pages: u64,
    done: bool,
}

impl<R: Paginated> Pager<R> {
    /// A pager starting at the request's page (or the first one).
    pub fn new(client: Client, request: R) -> Self {
        Self {
            client,
            request,
            first_page_len: None,
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
        let start = self.request.position().unwrap_or(match R::STYLE {
            PagingStyle::PageNumber => 1,
            PagingStyle::Offset => 0,
        });
        if self.request.position().is_none() {
            self.request.set_position(start);
        }
        let response = self.client.send(&self.request).await?;
        let total = R::total(response.body());
        let count = i64::try_from(R::item_count(response.body())).unwrap_or(i64::MAX);
        self.fetched_pages += 1;
        let short_page = self.request.page_size().is_some_and(|size| count < size);
        // The total counts every item, also those before the page this pager started at:
        // compare it with the position reached, not with the items fetched here.
        let size = self
            .request
            .page_size()
            .or(self.first_page_len)
            .unwrap_or(count);
        self.first_page_len.get_or_insert(count);
        let reached = match R::STYLE {
            PagingStyle::PageNumber => start
                .saturating_sub(1)
                .max(0)
                .saturating_mul(size.max(0))
                .saturating_add(count),
            PagingStyle::Offset => start.max(0).saturating_add(count),
        };
        let reached_total = total.is_some_and(|t| reached >= t);
        self.done = count == 0 || short_page || reached_total;
        let next = match R::STYLE {
            PagingStyle::PageNumber => start.saturating_add(1),
            PagingStyle::Offset => start.saturating_add(count),
        };
        self.request.set_position(next);
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
