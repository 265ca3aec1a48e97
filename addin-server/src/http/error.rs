//! The one HTTP error type: client errors carry their own message, server errors say "Something
//! went wrong" while the detail goes to the log.

use crate::Error;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// An error as an HTTP response.
#[derive(Debug)]
pub struct AppError(pub Error);

impl<E: Into<Error>> From<E> for AppError {
    fn from(e: E) -> Self {
        AppError(e.into())
    }
}

impl AppError {
    /// The status code of the error.
    pub fn status_code(&self) -> StatusCode {
        match &self.0 {
            Error::Invalid(_) | Error::Json(_) => StatusCode::BAD_REQUEST,
            Error::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Conflict(_) => StatusCode::CONFLICT,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let message = if status.is_server_error() {
            tracing::error!(error = %self.0, "request failed");
            "Something went wrong".to_string()
        } else {
            self.0.to_string()
        };
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}
