//! Pagination: `.pages()` / `.items()` (async streams) and
//! `.pages_blocking()` / `.items_blocking()` (iterators) on the request
//! builders of operations whose examples show how they page (the rule is
//! the generator's, in its `docs/pagination.md`). Each page is one call, with
//! hooks, retries and tracing; the next page's query parameter replaces the
//! one the caller set, the way `.query(..)` does.

use std::collections::VecDeque;
#[cfg(any(feature = "async", feature = "blocking"))]
use std::fmt;
#[cfg(any(feature = "async", feature = "blocking"))]
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::core::Core;
use super::error::{DecodeError, Error};
use super::request::Request;
use super::response::{RawResponse, ResponseValue};

/// How an operation asks for its next page.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PageRule {
    /// The reply's `field` holds the token for the query parameter `query`.
    Cursor { field: &'static str, query: &'static str },
    /// The reply's `field` is the page number (sent as `query`) of `count` pages.
    PageNumber { query: &'static str, field: &'static str, count: &'static str },
    /// `query` = the id of the last item of the list `items` while `has_more`.
    StartingAfter { query: &'static str, has_more: &'static str, items: &'static str },
    /// The query parameters of the `Link` header's `rel="next"` URL.
    LinkHeader,
}

/// What the next request needs.
#[derive(Debug, Clone)]
enum Next {
    First,
    Query(Vec<(String, String)>),
    Done,
}

impl PageRule {
    /// The next page's query parameters after `raw`, or `None` at the end.
    fn next(&self, raw: &RawResponse, json: &Value) -> Option<Vec<(String, String)>> {
        let text = |value: &Value| match value {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        };
        match *self {
            PageRule::Cursor { field, query } => {
                let token = json.get(field).and_then(text).filter(|token| !token.is_empty())?;
                Some(vec![(query.to_string(), token)])
            }
            PageRule::PageNumber { query, field, count } => {
                let page = json.get(field)?.as_i64()?;
                let pages = json.get(count)?.as_i64()?;
                let empty = json
                    .as_object()?
                    .values()
                    .any(|value| value.as_array().is_some_and(Vec::is_empty));
                (page < pages && !empty).then(|| vec![(query.to_string(), (page + 1).to_string())])
            }
            PageRule::StartingAfter { query, has_more, items } => {
                if json.get(has_more)?.as_bool() != Some(true) {
                    return None;
                }
                let last = json.get(items)?.as_array()?.last()?.get("id").and_then(text)?;
                Some(vec![(query.to_string(), last)])
            }
            PageRule::LinkHeader => {
                let next = raw
                    .headers
                    .get_all(reqwest::header::LINK)
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .flat_map(|value| value.split(','))
                    .find(|link| link.split(';').skip(1).any(|p| p.trim().replace(' ', "") == "rel=\"next\""))?;
                let url = next.split(';').next()?.trim().trim_start_matches('<').trim_end_matches('>');
                let url = reqwest::Url::parse(url).ok()?;
                Some(url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
            }
        }
    }
}

/// The state of a walk through the pages.
struct Walk {
    core: Arc<Core>,
    request: Request,
    /// Why the request could not be built, reported as the first item.
    error: Option<Error>,
    rule: PageRule,
    next: Next,
}

impl Walk {
    fn new(core: Arc<Core>, request: Result<Request, Error>, rule: PageRule) -> Self {
        let (request, error) = match request {
            Ok(request) => (request, None),
            Err(error) => (Request::new(reqwest::Method::GET, 0, None, &[]), Some(error)),
        };
        Walk { core, request, error, rule, next: Next::First }
    }

    /// The next request, or `None` when the walk is over.
    fn next_request(&mut self) -> Option<Result<Request, Error>> {
        if let Some(error) = self.error.take() {
            self.next = Next::Done;
            return Some(Err(error));
        }
        let mut request = self.request.clone();
        match std::mem::replace(&mut self.next, Next::Done) {
            Next::Done => return None,
            Next::First => {}
            Next::Query(pairs) => {
                for (key, value) in pairs {
                    request.overrides.query.retain(|(existing, _)| *existing != key);
                    request.overrides.query.push((key, value));
                }
            }
        }
        Some(Ok(request))
    }

    /// Reads the page's paging fields; `Err` when the page is not JSON.
    fn advance(&mut self, raw: &RawResponse) -> Result<Value, Error> {
        let json: Value = serde_json::from_slice(&raw.body).map_err(|source| decode_error(raw, source))?;
        self.next = match self.rule.next(raw, &json) {
            Some(pairs) => Next::Query(pairs),
            None => Next::Done,
        };
        Ok(json)
    }
}

fn decode_error(raw: &RawResponse, source: serde_json::Error) -> Error {
    Error::Decode(Box::new(DecodeError {
        status: raw.status,
        headers: raw.headers.clone(),
        body: raw.body.clone(),
        source,
    }))
}

/// One page, decoded.
fn page<T: DeserializeOwned>(walk: &mut Walk, raw: RawResponse) -> Result<ResponseValue<T>, Error> {
    walk.advance(&raw)?;
    raw.json()
}

/// The items of one page's list field (`""`: the page is the list).
fn items_of(walk: &mut Walk, raw: RawResponse, field: &str) -> Result<VecDeque<Value>, Error> {
    let json = walk.advance(&raw)?;
    let list = if field.is_empty() { Some(&json) } else { json.get(field) };
    Ok(match list {
        Some(Value::Array(items)) => items.iter().cloned().collect(),
        _ => VecDeque::new(),
    })
}

fn item<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    super::lenient::from_value(value.clone()).map_err(|source| {
        Error::Decode(Box::new(DecodeError {
            status: reqwest::StatusCode::OK,
            headers: reqwest::header::HeaderMap::new(),
            body: value.to_string().into_bytes(),
            source,
        }))
    })
}

#[cfg(feature = "async")]
type Pending<T> = std::pin::Pin<Box<dyn std::future::Future<Output = (Walk, Option<T>)> + Send>>;

/// Every page of a listing, as a [`futures_core::Stream`]; the first error ends it.
#[cfg(feature = "async")]
pub struct Pages<T> {
    walk: Option<Walk>,
    pending: Option<Pending<Result<RawResponse, Error>>>,
    _page: PhantomData<fn() -> T>,
}

#[cfg(feature = "async")]
impl<T: DeserializeOwned> Pages<T> {
    pub(crate) fn new(core: Arc<Core>, request: Result<Request, Error>, rule: PageRule) -> Self {
        Pages { walk: Some(Walk::new(core, request, rule)), pending: None, _page: PhantomData }
    }

    /// The next page; `None` after the last.
    pub async fn next_page(&mut self) -> Option<Result<ResponseValue<T>, Error>> {
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(std::pin::Pin::new(&mut *self), cx)).await
    }
}

/// Starts fetching the next page of `walk`, if any.
#[cfg(feature = "async")]
fn fetch(mut walk: Walk) -> Pending<Result<RawResponse, Error>> {
    Box::pin(async move {
        let outcome = match walk.next_request() {
            None => None,
            Some(Err(error)) => Some(Err(error)),
            Some(Ok(request)) => {
                let core = Arc::clone(&walk.core);
                let result = core.execute(request).await;
                if result.is_err() {
                    walk.next = Next::Done;
                }
                Some(result)
            }
        };
        (walk, outcome)
    })
}

/// Polls the page being fetched: the walk and the raw page, when ready.
#[cfg(feature = "async")]
fn poll_fetch(
    walk: &mut Option<Walk>,
    pending: &mut Option<Pending<Result<RawResponse, Error>>>,
    cx: &mut std::task::Context<'_>,
) -> std::task::Poll<Option<Result<RawResponse, Error>>> {
    if pending.is_none() {
        match walk.take() {
            Some(state) => *pending = Some(fetch(state)),
            None => return std::task::Poll::Ready(None),
        }
    }
    let Some(future) = pending.as_mut() else {
        return std::task::Poll::Ready(None);
    };
    match future.as_mut().poll(cx) {
        std::task::Poll::Pending => std::task::Poll::Pending,
        std::task::Poll::Ready((state, outcome)) => {
            *pending = None;
            *walk = Some(state);
            std::task::Poll::Ready(outcome)
        }
    }
}

#[cfg(feature = "async")]
impl<T: DeserializeOwned> futures_core::Stream for Pages<T> {
    type Item = Result<ResponseValue<T>, Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let this = &mut *self;
        match poll_fetch(&mut this.walk, &mut this.pending, cx) {
            std::task::Poll::Pending => std::task::Poll::Pending,
            std::task::Poll::Ready(None) => std::task::Poll::Ready(None),
            std::task::Poll::Ready(Some(Err(error))) => std::task::Poll::Ready(Some(Err(error))),
            std::task::Poll::Ready(Some(Ok(raw))) => match this.walk.as_mut() {
                Some(walk) => std::task::Poll::Ready(Some(page(walk, raw))),
                None => std::task::Poll::Ready(None),
            },
        }
    }
}

#[cfg(feature = "async")]
impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

/// Every item of every page of a listing, as a [`futures_core::Stream`].
#[cfg(feature = "async")]
pub struct Items<T> {
    walk: Option<Walk>,
    pending: Option<Pending<Result<RawResponse, Error>>>,
    field: &'static str,
    buffered: VecDeque<Value>,
    _item: PhantomData<fn() -> T>,
}

#[cfg(feature = "async")]
impl<T: DeserializeOwned> Items<T> {
    pub(crate) fn new(core: Arc<Core>, request: Result<Request, Error>, rule: PageRule, field: &'static str) -> Self {
        Items { walk: Some(Walk::new(core, request, rule)), pending: None, field, buffered: VecDeque::new(), _item: PhantomData }
    }

    /// The next item; `None` after the last of the last page.
    pub async fn next_item(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(std::pin::Pin::new(&mut *self), cx)).await
    }
}

#[cfg(feature = "async")]
impl<T: DeserializeOwned> futures_core::Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(value) = this.buffered.pop_front() {
                return std::task::Poll::Ready(Some(item(value)));
            }
            match poll_fetch(&mut this.walk, &mut this.pending, cx) {
                std::task::Poll::Pending => return std::task::Poll::Pending,
                std::task::Poll::Ready(None) => return std::task::Poll::Ready(None),
                std::task::Poll::Ready(Some(Err(error))) => return std::task::Poll::Ready(Some(Err(error))),
                std::task::Poll::Ready(Some(Ok(raw))) => {
                    let Some(walk) = this.walk.as_mut() else {
                        return std::task::Poll::Ready(None);
                    };
                    match items_of(walk, raw, this.field) {
                        Ok(items) => this.buffered = items,
                        Err(error) => return std::task::Poll::Ready(Some(Err(error))),
                    }
                }
            }
        }
    }
}

#[cfg(feature = "async")]
impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("field", &self.field).finish_non_exhaustive()
    }
}

/// Every page of a listing, as an [`Iterator`] for blocking callers.
#[cfg(feature = "blocking")]
pub struct PagesBlocking<T> {
    walk: Walk,
    _page: PhantomData<fn() -> T>,
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned> PagesBlocking<T> {
    pub(crate) fn new(core: Arc<Core>, request: Result<Request, Error>, rule: PageRule) -> Self {
        PagesBlocking { walk: Walk::new(core, request, rule), _page: PhantomData }
    }
}

#[cfg(feature = "blocking")]
fn fetch_blocking(walk: &mut Walk) -> Option<Result<RawResponse, Error>> {
    let request = match walk.next_request()? {
        Ok(request) => request,
        Err(error) => return Some(Err(error)),
    };
    let result = walk.core.execute_blocking(request);
    if result.is_err() {
        walk.next = Next::Done;
    }
    Some(result)
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned> Iterator for PagesBlocking<T> {
    type Item = Result<ResponseValue<T>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(fetch_blocking(&mut self.walk)?.and_then(|raw| page(&mut self.walk, raw)))
    }
}

#[cfg(feature = "blocking")]
impl<T> fmt::Debug for PagesBlocking<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PagesBlocking").finish_non_exhaustive()
    }
}

/// Every item of every page of a listing, as an [`Iterator`] for blocking callers.
#[cfg(feature = "blocking")]
pub struct ItemsBlocking<T> {
    walk: Walk,
    field: &'static str,
    buffered: VecDeque<Value>,
    _item: PhantomData<fn() -> T>,
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned> ItemsBlocking<T> {
    pub(crate) fn new(core: Arc<Core>, request: Result<Request, Error>, rule: PageRule, field: &'static str) -> Self {
        ItemsBlocking { walk: Walk::new(core, request, rule), field, buffered: VecDeque::new(), _item: PhantomData }
    }
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned> Iterator for ItemsBlocking<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(value) = self.buffered.pop_front() {
                return Some(item(value));
            }
            let raw = match fetch_blocking(&mut self.walk)? {
                Ok(raw) => raw,
                Err(error) => return Some(Err(error)),
            };
            match items_of(&mut self.walk, raw, self.field) {
                Ok(items) => self.buffered = items,
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

#[cfg(feature = "blocking")]
impl<T> fmt::Debug for ItemsBlocking<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemsBlocking").field("field", &self.field).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(rule: PageRule, body: &str, link: Option<&str>) -> Option<Vec<(String, String)>> {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(link) = link {
            headers.insert(reqwest::header::LINK, link.parse().expect("header"));
        }
        let raw = RawResponse { status: reqwest::StatusCode::OK, headers, body: body.as_bytes().to_vec() };
        let json = serde_json::from_str(body).expect("JSON");
        rule.next(&raw, &json)
    }

    fn pair(key: &str, value: &str) -> Option<Vec<(String, String)>> {
        Some(vec![(key.to_string(), value.to_string())])
    }

    #[test]
    fn cursors_continue_until_empty_or_absent() {
        let rule = PageRule::Cursor { field: "next_page_token", query: "next_page_token" };
        assert_eq!(next(rule, r#"{"next_page_token": "abc"}"#, None), pair("next_page_token", "abc"));
        assert_eq!(next(rule, r#"{"next_page_token": ""}"#, None), None);
        assert_eq!(next(rule, r#"{"next_page_token": null}"#, None), None);
        assert_eq!(next(rule, r#"{}"#, None), None);
    }

    #[test]
    fn page_numbers_stop_at_the_last_page_or_an_empty_one() {
        let rule = PageRule::PageNumber { query: "page_number", field: "page_number", count: "page_count" };
        assert_eq!(
            next(rule, r#"{"page_number": 1, "page_count": 3, "users": [1]}"#, None),
            pair("page_number", "2")
        );
        assert_eq!(next(rule, r#"{"page_number": 3, "page_count": 3, "users": [1]}"#, None), None);
        assert_eq!(next(rule, r#"{"page_number": 1, "page_count": 3, "users": []}"#, None), None);
    }

    #[test]
    fn starting_after_takes_the_last_id_while_there_is_more() {
        let rule = PageRule::StartingAfter { query: "starting_after", has_more: "has_more", items: "data" };
        assert_eq!(
            next(rule, r#"{"has_more": true, "data": [{"id": "a"}, {"id": "b"}]}"#, None),
            pair("starting_after", "b")
        );
        assert_eq!(next(rule, r#"{"has_more": false, "data": [{"id": "a"}]}"#, None), None);
    }

    #[test]
    fn link_headers_give_the_next_query() {
        let link = r#"<https://api.example.com/things?page=1>; rel="prev", <https://api.example.com/things?page=3&per_page=2>; rel="next""#;
        assert_eq!(
            next(PageRule::LinkHeader, "[]", Some(link)),
            Some(vec![("page".to_string(), "3".to_string()), ("per_page".to_string(), "2".to_string())])
        );
        assert_eq!(next(PageRule::LinkHeader, "[]", Some(r#"<https://x/?page=1>; rel="prev""#)), None);
    }
}
