//! An S3-compatible bucket: AWS S3 itself, or MinIO, Cloudflare R2, Backblaze B2,
//! Garage and the like through an endpoint URL.

use std::sync::Arc;
use std::time::Duration;

use object_store::aws::AmazonS3Builder;
use object_store::prefix::PrefixStore;
use object_store::{BackoffConfig, ClientOptions, ObjectStore, RetryConfig};

use crate::{CONNECT_TIMEOUT, MediaError, REQUEST_TIMEOUT};

/// What `byline serve --media-url s3://BUCKET/PREFIX` and its companions say.
/// Credentials are not here: they come from the standard environment variables
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), or from the
/// machine's role where the platform gives one, as every S3 tool reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct S3Settings {
    /// `s3://BUCKET` or `s3://BUCKET/PREFIX`.
    pub url: String,
    /// The service's address for anything but AWS (`http://127.0.0.1:9000`,
    /// `https://ACCOUNT.r2.cloudflarestorage.com`); else `AWS_ENDPOINT_URL`, else AWS.
    pub endpoint: Option<String>,
    /// Else `AWS_REGION` / `AWS_DEFAULT_REGION`, else `us-east-1` (what most
    /// S3-compatible services accept).
    pub region: Option<String>,
    /// Bucket in the path (`https://host/BUCKET/key`) instead of in the host name.
    /// `None` chooses: path-style with a custom endpoint (most self-hosted services
    /// need it), the bucket in the host name on AWS.
    pub path_style: Option<bool>,
    /// An access key id and secret given directly (tests, tools) instead of the
    /// environment's.
    pub credentials: Option<(String, String)>,
}

impl S3Settings {
    /// The bucket and the prefix inside it (without slashes at its ends).
    pub fn bucket_and_prefix(&self) -> Result<(String, String), MediaError> {
        let rest = self.url.trim().strip_prefix("s3://").ok_or_else(|| {
            MediaError::Config(format!(
                "--media-url {:?} is not an s3://BUCKET/PREFIX address",
                self.url
            ))
        })?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let valid_bucket = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !valid_bucket {
            return Err(MediaError::Config(format!(
                "{bucket:?} is not a bucket name (3 to 63 lower-case letters, digits, dots and dashes)"
            )));
        }
        let prefix = prefix.trim_matches('/');
        if prefix.split('/').any(|s| s == ".." || s == ".") {
            return Err(MediaError::Config(format!(
                "the prefix {prefix:?} in --media-url may not hold . or .. segments"
            )));
        }
        Ok((bucket.to_owned(), prefix.to_owned()))
    }

    pub(crate) fn build(&self) -> Result<(Arc<dyn ObjectStore>, String), MediaError> {
        let (bucket, prefix) = self.bucket_and_prefix()?;
        let endpoint = self
            .endpoint
            .clone()
            .filter(|e| !e.trim().is_empty())
            .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok())
            .filter(|e| !e.trim().is_empty());
        let region = self
            .region
            .clone()
            .filter(|r| !r.trim().is_empty())
            .or_else(|| std::env::var("AWS_REGION").ok())
            .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
            .filter(|r| !r.trim().is_empty())
            .unwrap_or_else(|| "us-east-1".to_owned());
        let path_style = self.path_style.unwrap_or(endpoint.is_some());
        let plain_http = endpoint
            .as_deref()
            .is_some_and(|e| e.trim().starts_with("http://"));
        // One request may take REQUEST_TIMEOUT; a failed one is tried twice more
        // within ten seconds. object_store's defaults (ten tries over three minutes)
        // would keep an editor's upload hanging while the bucket is down.
        let retry = RetryConfig {
            backoff: BackoffConfig {
                init_backoff: Duration::from_millis(200),
                max_backoff: Duration::from_secs(2),
                base: 2.0,
            },
            max_retries: 2,
            retry_timeout: Duration::from_secs(10),
        };
        let client = ClientOptions::new()
            .with_timeout(REQUEST_TIMEOUT)
            .with_connect_timeout(CONNECT_TIMEOUT)
            .with_allow_http(plain_http);
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&bucket)
            .with_region(region)
            .with_virtual_hosted_style_request(!path_style)
            .with_allow_http(plain_http)
            .with_retry(retry)
            .with_client_options(client);
        if let Some((id, secret)) = &self.credentials {
            builder = builder
                .with_access_key_id(id)
                .with_secret_access_key(secret);
        }
        if let Some(endpoint) = &endpoint {
            builder = builder.with_endpoint(endpoint.trim());
        }
        let s3 = builder
            .build()
            .map_err(|e| MediaError::Config(format!("the S3 settings do not work: {e}")))?;
        let place = if prefix.is_empty() {
            format!("s3://{bucket}")
        } else {
            format!("s3://{bucket}/{prefix}")
        };
        let objects: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, prefix.as_str()))
        };
        Ok((objects, place))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> S3Settings {
        S3Settings {
            url: url.to_owned(),
            ..S3Settings::default()
        }
    }

    #[test]
    fn reads_bucket_and_prefix() {
        assert_eq!(
            settings("s3://news-media/site/one/")
                .bucket_and_prefix()
                .unwrap(),
            ("news-media".to_owned(), "site/one".to_owned())
        );
        assert_eq!(
            settings("s3://news-media").bucket_and_prefix().unwrap(),
            ("news-media".to_owned(), String::new())
        );
    }

    #[test]
    fn refuses_what_is_not_a_bucket_address() {
        for bad in [
            "https://bucket/x",
            "s3://",
            "s3://Upper",
            "s3://ab",
            "s3://bucket/../x",
            "/var/media",
        ] {
            let error = settings(bad).bucket_and_prefix().unwrap_err();
            assert!(matches!(error, MediaError::Config(_)), "{bad}: {error}");
        }
    }
}
