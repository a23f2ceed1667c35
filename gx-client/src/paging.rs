//! Lists read a page at a time as a stream is polled, whatever the API pages by (an offset, a
//! cursor).

use std::future::Future;

use futures_util::stream::{self, Stream};

use crate::ClientError;

/// Items from `fetch(position)`, which returns a page and the position of the next one
/// (`None` after the last page), starting at `first`.
pub(crate) fn paged<'a, T, P, F, Fut>(
    first: P,
    fetch: F,
) -> impl Stream<Item = Result<T, ClientError>> + 'a
where
    T: 'a,
    P: 'a,
    F: FnMut(P) -> Fut + 'a,
    Fut: Future<Output = Result<(Vec<T>, Option<P>), ClientError>> + 'a,
{
    struct State<T, P, F> {
        next: Option<P>,
        buffered: std::vec::IntoIter<T>,
        fetch: F,
    }
    let start = State {
        next: Some(first),
        buffered: Vec::new().into_iter(),
        fetch,
    };
    stream::try_unfold(start, |mut s| async move {
        loop {
            if let Some(item) = s.buffered.next() {
                return Ok(Some((item, s)));
            }
            let Some(position) = s.next.take() else {
                return Ok(None);
            };
            let (page, next) = (s.fetch)(position).await?;
            s.next = next;
            s.buffered = page.into_iter();
        }
    })
}
