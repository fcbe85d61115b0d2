//! The bytes of uploaded files, each kept once under its SHA-256, in a local directory or an
//! S3-compatible bucket behind one interface (`object_store`). What a file is, who owns it and
//! who may read it is in the database (`store::files`); here are only the bytes.

use std::sync::Arc;

use actix_web::web::Bytes;
use object_store::{
    aws::AmazonS3Builder, local::LocalFileSystem, path::Path, prefix::PrefixStore, ObjectStore,
    PutPayload,
};
use sha2::{Digest, Sha256};

use crate::config::FileStore;

/// The store of file contents.
#[derive(Clone)]
pub struct Blobs {
    store: Arc<dyn ObjectStore>,
    /// Where it is, for the logs (no credentials).
    pub place: String,
}

/// What reading a content found.
pub enum Read {
    /// The bytes, which hash to the name they are kept under.
    Sound(Bytes),
    /// Bytes that no longer hash to their name: damaged, never served.
    Damaged,
    /// Nothing under that name.
    Missing,
}

/// The lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The key a content is kept under: `sha256/ab/abcdef…`.
fn key(sha256: &str) -> Path {
    Path::from(format!(
        "sha256/{}/{sha256}",
        &sha256[..2.min(sha256.len())]
    ))
}

impl Blobs {
    /// Opens the configured store; a local directory is created when missing.
    pub fn open(config: &FileStore) -> anyhow::Result<Blobs> {
        match config {
            FileStore::Local { dir } => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    anyhow::anyhow!("cannot create THIDUA_FILE_DIR {}: {e}", dir.display())
                })?;
                let store = LocalFileSystem::new_with_prefix(dir)?;
                Ok(Blobs {
                    store: Arc::new(store),
                    place: format!("directory {}", dir.display()),
                })
            }
            FileStore::S3(s3) => {
                let mut b = AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_virtual_hosted_style_request(!s3.path_style);
                if let Some(endpoint) = &s3.endpoint {
                    b = b
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"));
                }
                if let (Some(id), Some(secret)) = (&s3.access_key_id, &s3.secret_access_key) {
                    b = b.with_access_key_id(id).with_secret_access_key(secret);
                }
                let bucket = b.build()?;
                let place = format!(
                    "S3 bucket {} at {}",
                    s3.bucket,
                    s3.endpoint.as_deref().unwrap_or("AWS")
                );
                let store: Arc<dyn ObjectStore> = match &s3.prefix {
                    Some(prefix) => Arc::new(PrefixStore::new(bucket, prefix.as_str())),
                    None => Arc::new(bucket),
                };
                Ok(Blobs { store, place })
            }
        }
    }

    /// Keeps `bytes` under their hash `sha256`, once: a sound copy already there is left as it
    /// is, a damaged one is replaced.
    pub async fn keep(&self, sha256: &str, bytes: Bytes) -> anyhow::Result<()> {
        if let Read::Sound(_) = self.read(sha256).await? {
            return Ok(());
        }
        self.store
            .put(&key(sha256), PutPayload::from(bytes))
            .await?;
        Ok(())
    }

    /// Reads the content kept under `sha256`, checking that it still hashes to it.
    pub async fn read(&self, sha256: &str) -> anyhow::Result<Read> {
        let got = match self.store.get(&key(sha256)).await {
            Ok(got) => got,
            Err(object_store::Error::NotFound { .. }) => return Ok(Read::Missing),
            Err(e) => return Err(e.into()),
        };
        let bytes = got.bytes().await?;
        Ok(if sha256_hex(&bytes) == sha256 {
            Read::Sound(bytes)
        } else {
            Read::Damaged
        })
    }

    /// Overwrites what is kept under `sha256` (tests prove that damage is caught with it).
    pub async fn overwrite(&self, sha256: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.store
            .put(&key(sha256), PutPayload::from(bytes))
            .await?;
        Ok(())
    }
}
