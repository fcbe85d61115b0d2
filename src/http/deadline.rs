//! A deadline on request bodies. actix's client request timeout covers only the head: a
//! client that then sends its body one byte a second would hold a worker for as long as it
//! likes. Here the body must arrive within `THIDUA_BODY_TIMEOUT_SECS` of the head; past it,
//! reading the body fails, the answer is 408 `body_timeout`, and the connection is closed.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;
use actix_web::{web, web::Bytes, Error, HttpMessage};
use futures_util::Stream;

use crate::error::{AppError, Code, Kind};
use crate::{t, AppState};

/// The body stream, failing once the deadline has passed; `passed` tells the middleware.
struct Deadline {
    inner: Payload,
    sleep: Pin<Box<tokio::time::Sleep>>,
    passed: Rc<Cell<bool>>,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.passed.get() || self.sleep.as_mut().poll(cx).is_ready() {
            self.passed.set(true);
            let late = std::io::Error::new(std::io::ErrorKind::TimedOut, "request body too slow");
            return Poll::Ready(Some(Err(PayloadError::Io(late))));
        }
        Pin::new(&mut self.inner).poll_next(cx)
    }
}

/// Puts the deadline on the body of every request; a request whose body was late is answered
/// 408 and its connection closed, whatever the handler made of the failed read.
pub async fn body_deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(secs) = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.config.body_timeout_secs)
    else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let passed = Rc::new(Cell::new(false));
    let body = Deadline {
        inner: req.take_payload(),
        sleep: Box::pin(tokio::time::sleep(Duration::from_secs(secs))),
        passed: passed.clone(),
    };
    req.set_payload(Payload::Stream {
        payload: Box::pin(body),
    });
    let res = next.call(req).await?.map_into_boxed_body();
    if !passed.get() {
        return Ok(res);
    }
    let late = AppError::new(
        Kind::RequestTimeout,
        t!(
            "Nội dung yêu cầu không đến kịp trong {} giây; hãy gửi lại.",
            "The request body did not arrive within {} seconds; send it again.",
            secs
        ),
    )
    .with_code(Code::BodyTimeout);
    let mut res = res.error_response(late);
    res.response_mut()
        .head_mut()
        .set_connection_type(ConnectionType::Close);
    Ok(res.map_into_boxed_body())
}
