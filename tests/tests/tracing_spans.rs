//! The generated client's `tracing` feature: one span per call with the
//! OpenTelemetry HTTP field names, and no credential anywhere in it, checked
//! with a small recording subscriber against a server on 127.0.0.1.

mod support;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated_client::Customize;
use generated_client::RetryPolicy;
use generated_client::{zoom, Error};
use support::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One recorded span: its name and every field value as text.
#[derive(Debug, Clone, Default)]
struct SpanRecord {
    name: String,
    fields: BTreeMap<String, String>,
}

/// Records every span and event with all its fields.
#[derive(Default, Clone)]
struct Recorder {
    next: Arc<AtomicU64>,
    spans: Arc<Mutex<BTreeMap<u64, SpanRecord>>>,
    events: Arc<Mutex<Vec<BTreeMap<String, String>>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let mut record = SpanRecord {
            name: span.metadata().name().to_string(),
            ..SpanRecord::default()
        };
        span.record(&mut Fields(&mut record.fields));
        self.spans.lock().expect("lock").insert(id, record);
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some(record) = self.spans.lock().expect("lock").get_mut(&span.into_u64()) {
            values.record(&mut Fields(&mut record.fields));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().expect("lock").push(fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

const SECRET: &str = "s3cret-token-value";

/// The client's spans (reqwest and hyper may add their own).
fn call_spans(recorder: &Recorder) -> Vec<SpanRecord> {
    recorder
        .spans
        .lock()
        .expect("lock")
        .values()
        .filter(|span| span.name == "http.client.request")
        .cloned()
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn each_call_has_one_span_with_otel_http_fields_and_no_secret() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = MockServer::start().await;
    // The first attempt is rate limited, the second answers 204.
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = zoom::Client::builder()
        .base_url(server.uri())
        .access_token(SECRET)
        .retry(RetryPolicy::new(2).initial_backoff(Duration::from_millis(1)))
        .build()
        .expect("client");
    client
        .webinars()
        .registrants()
        .update_registrants_status("98765")
        .action(typed_str("approve"))
        .query("api_key", SECRET)
        .send()
        .await
        .expect("sent");

    let spans = call_spans(&recorder);
    assert_eq!(spans.len(), 1, "{spans:?}");
    let fields = &spans[0].fields;
    let field = |name: &str| fields.get(name).map(String::as_str);
    assert_eq!(field("http.request.method"), Some("PUT"));
    assert_eq!(
        field("url.template"),
        Some("/webinars/{webinarId}/registrants/status")
    );
    assert_eq!(
        field("otel.name"),
        Some("PUT /webinars/{webinarId}/registrants/status")
    );
    assert_eq!(field("otel.kind"), Some("client"));
    assert!(field("operation.name").is_some_and(|name| name.contains("update_registrants_status")));
    assert_eq!(field("server.address"), Some("127.0.0.1"));
    assert_eq!(field("http.response.status_code"), Some("204"));
    assert_eq!(field("http.request.resend_count"), Some("1"));
    let seconds: f64 = field("http.client.request.duration")
        .expect("duration")
        .parse()
        .expect("a number");
    assert!(seconds > 0.0 && seconds < 10.0, "{seconds}");
    assert_eq!(field("error.type"), None);

    // The filled-in path and every credential stay out of all spans and events.
    let everything = format!(
        "{:?}{:?}",
        recorder.spans.lock().expect("lock"),
        recorder.events.lock().expect("lock")
    );
    assert!(!everything.contains(SECRET), "{everything}");
    assert!(!everything.contains("98765"), "{everything}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_failed_call_records_its_status_as_the_error_type() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = server(ResponseTemplate::new(404)).await;
    let result = zoom::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client")
        .webinars()
        .registrants()
        .update_registrants_status("1")
        .action(typed_str("approve"))
        .send()
        .await;
    assert!(matches!(result, Err(Error::Status(_))), "{result:?}");
    let spans = call_spans(&recorder);
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!(
        spans[0]
            .fields
            .get("http.response.status_code")
            .map(String::as_str),
        Some("404")
    );
    assert_eq!(
        spans[0].fields.get("error.type").map(String::as_str),
        Some("404")
    );
    assert_eq!(spans[0].fields.get("http.request.resend_count"), None);
}
