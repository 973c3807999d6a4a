//! The rules of a paged walk, once for every cursor strategy and for both clients: where
//! the next page starts, when the listing is complete, and when it cannot be.
//!
//! [`Walk`] does no I/O: the async and the blocking pager ask it for the request to send
//! ([`Walk::next_request`]) and hand it each response ([`Walk::record`]).
//!
//! A repeated page is found by a seeded hash of its items (their values as the item type
//! serializes them, hashed without writing them out, see `page_hash`; pages whose items
//! hold no known field at all are not compared), a repeated marker by a seeded hash of the
//! marker: 16 bytes per page (its hash and number) and 8 per marker plus the hash tables'
//! slack, so a walk of the default 10,000 pages keeps well under a MiB, whatever the pages
//! hold.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

use foldhash::quality::RandomState;

use super::{Cursor, DEFAULT_MAX_PAGES, MarkerSource, Paginated, PagingStyle};
use crate::error::{Error, PagingError, PagingErrorKind, Result};

/// Where a walk is.
#[derive(Debug, Clone)]
enum State {
    /// Another page is to be fetched.
    More,
    /// The listing is complete.
    Done,
    /// The listing cannot be complete; every further call returns this.
    Failed(PagingErrorKind),
}

/// One paged walk: the request with its cursor, and what was seen so far.
#[derive(Debug)]
pub(crate) struct Walk<R: Paginated> {
    request: R,
    state: State,
    max_pages: u64,
    /// Pages fetched and recorded.
    pages: u64,
    /// Items in those pages.
    items: u64,
    /// Page and offset styles: the position of the page being fetched, once started.
    position: Option<i64>,
    /// Page-number style: the service's page size, as the first page showed it.
    page_size: Option<i64>,
    /// Seeded hash of each page's items → the page (1-based) it was first seen on.
    page_hashes: HashMap<u64, u64>,
    /// Seeded hashes of the markers sent so far.
    markers: HashSet<u64>,
    /// Whether the walk started at the first page (no start position or marker given):
    /// only then does a marker walk know the position it reached.
    from_start: bool,
    /// The seed of this walk's hashes (foldhash, see `page_hash` for why not SipHash).
    hasher: RandomState,
}

impl<R: Paginated> Walk<R> {
    /// A walk starting at the request's cursor (or the first page).
    pub(crate) fn new(request: R) -> Self {
        Self {
            request,
            state: State::More,
            max_pages: DEFAULT_MAX_PAGES,
            pages: 0,
            items: 0,
            position: None,
            page_size: None,
            page_hashes: HashMap::new(),
            markers: HashSet::new(),
            from_start: true,
            hasher: RandomState::default(),
        }
    }

    /// Fetches `pages` pages at most.
    pub(crate) fn set_max_pages(&mut self, pages: u64) {
        self.max_pages = pages;
    }

    fn error(&self, kind: PagingErrorKind) -> Error {
        Error::Paging(Box::new(PagingError {
            operation: R::OPERATION.id,
            kind,
            pages: self.pages,
            items: self.items,
        }))
    }

    /// The request for the next page, `None` when the listing is complete, or the error
    /// that ended it.
    pub(crate) fn next_request(&mut self) -> Result<Option<&R>> {
        match &self.state {
            State::Done => return Ok(None),
            State::Failed(kind) => return Err(self.error(kind.clone())),
            State::More => {}
        }
        if self.pages >= self.max_pages {
            return Err(self.error(PagingErrorKind::PageLimit {
                max_pages: self.max_pages,
            }));
        }
        if self.pages == 0 {
            self.start();
        }
        Ok(Some(&self.request))
    }

    /// Before the first page: the numeric styles' start position, the start marker.
    fn start(&mut self) {
        match R::STYLE {
            PagingStyle::Marker(_) => {
                if let Some(Cursor::Marker(m)) = self.request.cursor() {
                    let key = self.key(m.as_bytes());
                    self.markers.insert(key);
                    self.from_start = false;
                }
            }
            _ => {
                let start = match self.request.cursor() {
                    Some(Cursor::Position(p)) => p,
                    _ => i64::from(R::STYLE != PagingStyle::Offset),
                };
                self.request.set_cursor(Cursor::Position(start));
                self.position = Some(start);
            }
        }
    }

    fn key(&self, bytes: &[u8]) -> u64 {
        let mut h = self.hasher.build_hasher();
        h.write(bytes);
        h.finish()
    }

    /// The seeded hash of a page's items; `None` when they do not serialize, or when they
    /// hold no value at all (every item `{}`: the service sent none of the fields the
    /// item type knows, so equal pages may still be different items).
    fn page_key(&self, items: &[R::Item]) -> Option<u64> {
        super::page_hash::items_key(self.hasher.build_hasher(), items)
    }

    /// Takes in a page: fails when it repeats an earlier page, else decides where the
    /// next one starts or that the listing is complete (or cannot be: that error comes
    /// with the next call, so this page's items are not lost).
    pub(crate) fn record(&mut self, output: &R::Output) -> Result<()> {
        let page_items = R::page_items(output);
        let count = page_items.len();
        let page = self.pages.saturating_add(1);
        if count > 0
            && let Some(key) = self.page_key(page_items)
        {
            if let Some(&same_as) = self.page_hashes.get(&key) {
                let kind = PagingErrorKind::RepeatedPage { page, same_as };
                self.state = State::Failed(kind.clone());
                return Err(self.error(kind));
            }
            self.page_hashes.insert(key, page);
        }
        self.pages = page;
        self.items = self.items.saturating_add(count as u64);
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        self.state = match R::STYLE {
            PagingStyle::Marker(source) => self.after_marker_page(output, source, count),
            _ => self.after_numbered_page(output, count),
        };
        Ok(())
    }

    /// Page-number and offset styles.
    fn after_numbered_page(&mut self, output: &R::Output, count: i64) -> State {
        let start = self.position.unwrap_or(0);
        let requested = self.request.page_size().filter(|&s| s > 0);
        let total = reported_total::<R>(output, count);
        let before = |size: i64| start.saturating_sub(1).max(0).saturating_mul(size);
        // The service's page size, from the first page: the size asked for; the page's own
        // length when it is longer (a service that ignores the size) or shorter while the
        // total says more (a service that caps the size); without a size asked for, the
        // page's length.
        let size = *self.page_size.get_or_insert(match requested {
            None => count,
            Some(r) if count > r => count,
            Some(r) if count < r && total.is_some_and(|t| before(r).saturating_add(count) < t) => {
                count
            }
            Some(r) => r,
        });
        let is_pages = R::STYLE == PagingStyle::PageNumber;
        // The total counts every item, also those before the page this walk started at:
        // compare it with the position reached, not with the items fetched here.
        let reached = if is_pages {
            before(size.max(0)).saturating_add(count)
        } else {
            start.max(0).saturating_add(count)
        };
        let next = if is_pages {
            start.saturating_add(1)
        } else {
            start.saturating_add(count)
        };
        let state = match total {
            Some(total) if reached >= total => State::Done,
            // A short page does not end the walk while the total says more.
            Some(total) if count == 0 => State::Failed(PagingErrorKind::Incomplete {
                total,
                reached: reached.max(0),
            }),
            Some(_) => State::More,
            None if count == 0 || requested.is_some_and(|r| count < r) => State::Done,
            None => State::More,
        };
        if matches!(state, State::More) {
            self.request.set_cursor(Cursor::Position(next));
            self.position = Some(next);
        }
        state
    }

    /// Marker styles.
    fn after_marker_page(&mut self, output: &R::Output, source: MarkerSource, count: i64) -> State {
        // The total can only be compared when the walk started at the start.
        let total = reported_total::<R>(output, count).filter(|_| self.from_start);
        let fetched = i64::try_from(self.items).unwrap_or(i64::MAX);
        let more_by_total = total.is_some_and(|t| fetched < t);
        let incomplete = || {
            State::Failed(PagingErrorKind::Incomplete {
                total: total.unwrap_or(0),
                reached: fetched,
            })
        };
        if count == 0 {
            return if more_by_total {
                incomplete()
            } else {
                State::Done
            };
        }
        let short = source == MarkerSource::LastItem
            && self.request.page_size().is_some_and(|limit| count < limit);
        if short && !more_by_total {
            return State::Done;
        }
        let next = R::next_marker(output).filter(|m| !m.is_empty());
        let Some(marker) = next else {
            return if more_by_total {
                incomplete()
            } else {
                State::Done
            };
        };
        let key = self.key(marker.as_bytes());
        if !self.markers.insert(key) {
            return State::Failed(PagingErrorKind::RepeatedMarker { marker });
        }
        self.request.set_cursor(Cursor::Marker(marker));
        State::More
    }
}

/// The total a page reports, unless it cannot be one: zero or less beside items (a
/// service that leaves a required total out decodes as `0`, see
/// [`Response::missing_required`](crate::Response::missing_required)); the walk then
/// ends as it does without a total.
fn reported_total<R: Paginated>(output: &R::Output, count: i64) -> Option<i64> {
    R::total(output).filter(|&total| total > 0 || count == 0)
}
