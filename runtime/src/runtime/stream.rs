//! Streaming: success bodies read as they arrive (`send_streaming`,
//! `send_streaming_blocking` on every request builder), and request bodies
//! sent from a file, a reader or a stream without loading them ([`Upload`],
//! [`FilePart::open`](super::FilePart::open)). Memory stays bounded by a
//! chunk, whatever the size.

use std::fmt;
use std::path::PathBuf;
#[cfg(any(feature = "async", feature = "blocking"))]
use std::sync::{Arc, Mutex};

#[cfg(any(feature = "async", feature = "blocking"))]
use reqwest::header::HeaderMap;
#[cfg(any(feature = "async", feature = "blocking"))]
use reqwest::StatusCode;

#[cfg(feature = "async")]
use super::error::BoxError;
use super::body::Segment;
use super::error::Error;

/// A 2xx response whose body is read chunk by chunk as it arrives: no size
/// limit and no whole-request timeout (set a `read_timeout` on the client
/// builder to bound a stall). Also a [`futures_core::Stream`] of chunks.
#[cfg(feature = "async")]
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    chunks: std::pin::Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
}

#[cfg(feature = "async")]
impl ByteStream {
    pub(crate) fn new(mut response: reqwest::Response) -> Self {
        let headers = std::mem::take(response.headers_mut());
        ByteStream {
            status: response.status(),
            headers,
            chunks: Box::pin(response.bytes_stream()),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next chunk of the body; `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, Error> {
        std::future::poll_fn(|cx| self.chunks.as_mut().poll_next(cx))
            .await
            .transpose()
            .map_err(Error::from)
    }
}

#[cfg(feature = "async")]
impl futures_core::Stream for ByteStream {
    type Item = Result<bytes::Bytes, Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx).map(|item| item.map(|chunk| chunk.map_err(Error::from)))
    }
}

#[cfg(feature = "async")]
impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.status).finish_non_exhaustive()
    }
}

/// A 2xx response whose body is read as it arrives, through [`std::io::Read`]:
/// no size limit and no whole-request timeout.
#[cfg(feature = "blocking")]
pub struct BodyReader {
    response: reqwest::blocking::Response,
}

#[cfg(feature = "blocking")]
impl BodyReader {
    pub(crate) fn new(response: reqwest::blocking::Response) -> Self {
        BodyReader { response }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }
}

#[cfg(feature = "blocking")]
impl std::io::Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.response.read(buf)
    }
}

#[cfg(feature = "blocking")]
impl fmt::Debug for BodyReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyReader").field("status", &self.status()).finish_non_exhaustive()
    }
}

/// A request body sent without being loaded into memory: a file (opened
/// when the request is sent, and again for each retry), or a reader or a
/// stream (read once: a retry after it was read fails).
#[derive(Clone)]
pub struct Upload {
    pub(crate) source: Source,
    pub(crate) content_type: Option<String>,
}

#[derive(Clone)]
pub(crate) enum Source {
    File(PathBuf),
    #[cfg(feature = "blocking")]
    Reader {
        reader: Arc<Mutex<Option<Box<dyn std::io::Read + Send>>>>,
        len: Option<u64>,
    },
    #[cfg(feature = "async")]
    Stream(Arc<Mutex<Option<ChunkStream>>>),
    /// A multipart body with files streamed from disk.
    Parts(Vec<Segment>),
}

/// A caller's stream of body chunks.
#[cfg(feature = "async")]
pub(crate) type ChunkStream =
    std::pin::Pin<Box<dyn futures_core::Stream<Item = Result<bytes::Bytes, BoxError>> + Send>>;

impl Upload {
    /// The file at `path`, streamed from disk with its length as
    /// Content-Length. Its Content-Type is guessed from the extension unless
    /// set with [`Upload::content_type`].
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Upload { source: Source::File(path.into()), content_type: None }
    }

    /// Whatever `reader` yields, for `send_blocking` (`len`, when known, is
    /// sent as Content-Length; otherwise the body is chunked).
    #[cfg(feature = "blocking")]
    pub fn reader(reader: impl std::io::Read + Send + 'static, len: Option<u64>) -> Self {
        let reader: Box<dyn std::io::Read + Send> = Box::new(reader);
        Upload {
            source: Source::Reader { reader: Arc::new(Mutex::new(Some(reader))), len },
            content_type: None,
        }
    }

    /// The chunks of `stream`, for `send` (sent chunked).
    #[cfg(feature = "async")]
    pub fn stream<S, E>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<bytes::Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let stream: ChunkStream = Box::pin(MapErr(Box::pin(stream)));
        Upload { source: Source::Stream(Arc::new(Mutex::new(Some(stream)))), content_type: None }
    }

    /// Sets the Content-Type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The Content-Type: the one set, else one guessed from a file's name.
    pub(crate) fn content_type_or_guess(&self) -> String {
        match (&self.content_type, &self.source) {
            (Some(content_type), _) => content_type.clone(),
            (None, Source::File(path)) => super::body::guess_content_type(
                &path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default(),
            )
            .to_string(),
            #[allow(unreachable_patterns)]
            _ => "application/octet-stream".to_string(),
        }
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::File(path) => format!("file {}", path.display()),
            #[cfg(feature = "blocking")]
            Source::Reader { len, .. } => format!("reader ({len:?} bytes)"),
            #[cfg(feature = "async")]
            Source::Stream(_) => "stream".to_string(),
            Source::Parts(parts) => format!("{} parts", parts.len()),
        };
        f.debug_struct("Upload").field("source", &source).field("content_type", &self.content_type).finish()
    }
}

/// Maps a caller's stream errors into [`BoxError`]; boxed, so it is `Unpin`.
#[cfg(feature = "async")]
struct MapErr<S>(std::pin::Pin<Box<S>>);

#[cfg(feature = "async")]
impl<S, E> futures_core::Stream for MapErr<S>
where
    S: futures_core::Stream<Item = Result<bytes::Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = Result<bytes::Bytes, BoxError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|item| item.map(|chunk| chunk.map_err(Into::into)))
    }
}

/// A file opened for sending, or a clear error naming it.
fn open(path: &std::path::Path) -> Result<(std::fs::File, u64), Error> {
    let file = std::fs::File::open(path)
        .map_err(|error| Error::invalid(format!("the file `{}` cannot be opened: {error}", path.display())))?;
    let len = file
        .metadata()
        .map_err(|error| Error::invalid(format!("the file `{}` cannot be read: {error}", path.display())))?
        .len();
    Ok((file, len))
}

/// The error for a reader or stream a previous attempt used up.
fn used_up() -> Error {
    Error::invalid("the request body was read by an earlier attempt and cannot be sent again")
}

/// A piece of a body being sent.
enum Piece<F> {
    Bytes(Vec<u8>),
    File(F),
}

/// Opens a multipart body's files; the pieces, in order, and the total length.
fn open_parts(segments: &[Segment]) -> Result<(Vec<Piece<std::fs::File>>, u64), Error> {
    let mut total = 0;
    let mut pieces = Vec::with_capacity(segments.len());
    for segment in segments {
        match segment {
            Segment::Bytes(bytes) => {
                total += bytes.len() as u64;
                pieces.push(Piece::Bytes(bytes.clone()));
            }
            Segment::File(path) => {
                let (file, len) = open(path)?;
                total += len;
                pieces.push(Piece::File(file));
            }
        }
    }
    Ok((pieces, total))
}

/// The async body of an upload; sets Content-Length when the length is known.
#[cfg(feature = "async")]
pub(crate) fn async_body(source: &Source, headers: &mut HeaderMap) -> Result<reqwest::Body, Error> {
    let (body, len) = match source {
        Source::File(path) => {
            // Through `PartsStream`, a chunk of `CHUNK` at a time: reqwest's
            // own `From<tokio::fs::File>` reads 4 KiB at a time, each a trip
            // to Tokio's blocking pool, which made a 1 GiB upload outlast
            // the default 30-second timeout in a debug build.
            let (file, len) = open(path)?;
            let stream = PartsStream { pieces: vec![Piece::File(file)].into_iter(), file: None, buffer: vec![0; CHUNK] };
            (reqwest::Body::wrap_stream(stream), Some(len))
        }
        Source::Stream(stream) => {
            let stream = stream.lock().map_err(|_| used_up())?.take().ok_or_else(used_up)?;
            (reqwest::Body::wrap_stream(stream), None)
        }
        Source::Parts(segments) => {
            let (pieces, len) = open_parts(segments)?;
            let stream = PartsStream { pieces: pieces.into_iter(), file: None, buffer: vec![0; CHUNK] };
            (reqwest::Body::wrap_stream(stream), Some(len))
        }
        #[cfg(feature = "blocking")]
        Source::Reader { .. } => {
            return Err(Error::invalid("a body from `Upload::reader` is sent with `send_blocking`; use `Upload::stream` with `send`"))
        }
    };
    if let Some(len) = len {
        headers.insert(reqwest::header::CONTENT_LENGTH, len.into());
    }
    Ok(body)
}

/// The blocking body of an upload.
#[cfg(feature = "blocking")]
pub(crate) fn blocking_body(source: &Source) -> Result<reqwest::blocking::Body, Error> {
    Ok(match source {
        Source::File(path) => {
            let (file, len) = open(path)?;
            reqwest::blocking::Body::sized(file, len)
        }
        Source::Reader { reader, len } => {
            let reader = reader.lock().map_err(|_| used_up())?.take().ok_or_else(used_up)?;
            match len {
                Some(len) => reqwest::blocking::Body::sized(reader, *len),
                None => reqwest::blocking::Body::new(reader),
            }
        }
        Source::Parts(segments) => {
            let (reader, len) = parts_reader(segments)?;
            reqwest::blocking::Body::sized(reader, len)
        }
        #[cfg(feature = "async")]
        Source::Stream(_) => {
            return Err(Error::invalid("a body from `Upload::stream` is sent with `send`; use `Upload::reader` with `send_blocking`"))
        }
    })
}

/// A multipart body's pieces as one reader, and its length.
#[cfg(feature = "blocking")]
fn parts_reader(segments: &[Segment]) -> Result<(Box<dyn std::io::Read + Send>, u64), Error> {
    let (pieces, len) = open_parts(segments)?;
    let mut reader: Box<dyn std::io::Read + Send> = Box::new(std::io::empty());
    for piece in pieces {
        reader = match piece {
            Piece::Bytes(bytes) => Box::new(std::io::Read::chain(reader, std::io::Cursor::new(bytes))),
            Piece::File(file) => Box::new(std::io::Read::chain(reader, file)),
        };
    }
    Ok((reader, len))
}

/// How much of a file is read at a time.
#[cfg(feature = "async")]
const CHUNK: usize = 64 * 1024;

/// A multipart body's pieces as a stream: bytes as they are, files a chunk
/// at a time. The pieces stay as `open_parts` made them (a file becomes
/// Tokio's when its turn comes), so one list type serves the blocking and the
/// async body: each is compiled into every generated crate.
#[cfg(feature = "async")]
struct PartsStream {
    pieces: std::vec::IntoIter<Piece<std::fs::File>>,
    /// The file being read, if any.
    file: Option<tokio::fs::File>,
    buffer: Vec<u8>,
}

#[cfg(feature = "async")]
impl futures_core::Stream for PartsStream {
    type Item = std::io::Result<bytes::Bytes>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        use tokio::io::AsyncRead;
        let this = &mut *self;
        loop {
            if let Some(file) = &mut this.file {
                let mut read = tokio::io::ReadBuf::new(&mut this.buffer);
                match std::pin::Pin::new(file).poll_read(cx, &mut read) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
                    Poll::Ready(Ok(())) if read.filled().is_empty() => this.file = None,
                    Poll::Ready(Ok(())) => {
                        return Poll::Ready(Some(Ok(bytes::Bytes::copy_from_slice(read.filled()))))
                    }
                }
                continue;
            }
            match this.pieces.next() {
                None => return Poll::Ready(None),
                Some(Piece::Bytes(bytes)) if bytes.is_empty() => {}
                Some(Piece::Bytes(bytes)) => return Poll::Ready(Some(Ok(bytes::Bytes::from(bytes)))),
                Some(Piece::File(file)) => this.file = Some(tokio::fs::File::from_std(file)),
            }
        }
    }
}

#[cfg(all(test, feature = "blocking"))]
mod tests {
    use super::super::body::{FilePart, Multipart};
    use super::*;

    fn identity(text: &'static str) -> Result<String, Error> {
        Ok(text.to_string())
    }

    #[test]
    fn a_streamed_multipart_body_is_the_in_memory_one_byte_for_byte() {
        let path = std::env::temp_dir().join(format!("runtime-stream-{}.png", std::process::id()));
        std::fs::write(&path, b"\x89PNG file content").expect("write");
        let form = |file: FilePart| {
            let mut form = Multipart::new(Some("B"));
            form.text("before", "1".to_string(), None);
            form.file("image", file, None);
            form.text("after", "2".to_string(), None);
            form
        };
        let streamed = form(FilePart::open(&path));
        let in_memory = form(FilePart::from_bytes(b"\x89PNG file content".to_vec(), path.file_name().expect("name").to_string_lossy()));
        assert!(streamed.streams() && !in_memory.streams());
        let (streamed_type, segments) = streamed.encode_segments(identity, 0).expect("segments");
        let (reader, len) = parts_reader(&segments).expect("reader");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut { reader }, &mut bytes).expect("read");
        let (memory_type, expected) = in_memory.encode(identity, 0).expect("encoded");
        let _ = std::fs::remove_file(&path);
        assert_eq!(streamed_type, memory_type);
        assert_eq!(len, expected.len() as u64);
        assert_eq!(bytes, expected);
    }
}

#[cfg(all(test, feature = "async"))]
mod async_tests {
    use super::super::body::{FilePart, Multipart};
    use super::*;

    fn identity(text: &'static str) -> Result<String, Error> {
        Ok(text.to_string())
    }

    #[test]
    fn a_multipart_body_streamed_by_send_is_the_in_memory_one_byte_for_byte() {
        // Two files, one empty, between text parts: every piece kind and
        // the switch from a file to the next piece.
        let dir = std::env::temp_dir();
        let first = dir.join(format!("runtime-parts-{}-a.bin", std::process::id()));
        let empty = dir.join(format!("runtime-parts-{}-b.bin", std::process::id()));
        let content: Vec<u8> = (0..(CHUNK * 2 + 17)).map(|index| (index % 251) as u8).collect();
        std::fs::write(&first, &content).expect("write");
        std::fs::write(&empty, b"").expect("write");
        let form = |first: FilePart, empty: FilePart| {
            let mut form = Multipart::new(Some("B"));
            form.text("before", "1".to_string(), None);
            form.file("first", first, None);
            form.file("empty", empty, None);
            form.text("after", "2".to_string(), None);
            form
        };
        let streamed = form(FilePart::open(&first), FilePart::open(&empty));
        let in_memory = form(
            FilePart::from_bytes(content.clone(), first.file_name().expect("name").to_string_lossy()),
            FilePart::from_bytes(Vec::new(), empty.file_name().expect("name").to_string_lossy()),
        );
        let (_, segments) = streamed.encode_segments(identity, 0).expect("segments");
        let (pieces, len) = open_parts(&segments).expect("opened");
        let mut stream = PartsStream { pieces: pieces.into_iter(), file: None, buffer: vec![0; CHUNK] };
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        let sent = runtime.block_on(async {
            let mut sent = Vec::new();
            while let Some(chunk) =
                std::future::poll_fn(|cx| futures_core::Stream::poll_next(std::pin::Pin::new(&mut stream), cx)).await
            {
                sent.extend_from_slice(&chunk.expect("read"));
            }
            sent
        });
        let (_, expected) = in_memory.encode(identity, 0).expect("encoded");
        let _ = std::fs::remove_file(&first);
        let _ = std::fs::remove_file(&empty);
        assert_eq!(len, expected.len() as u64);
        assert_eq!(sent, expected);
    }
}
