//! What a listing sends of itself when a template or app model is made: its
//! information and its logo, cleaned for sending.

/// A logo ready to send: PNG, JPEG or GIF bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logo {
    /// `image/png`, `image/jpeg` or `image/gif`.
    pub mime: &'static str,
    /// The encoded image.
    pub bytes: Vec<u8>,
    /// Content hash, to know the store has it without downloading its copy.
    pub hash: String,
}

impl Logo {
    /// The logo as it goes to the store: decoded and encoded again, so that
    /// nothing but its pixels travels (a photo's EXIF says where it was taken,
    /// with which camera, by whom). PNG, or JPEG where PNG would pass 2 MB.
    pub fn for_store(bytes: &[u8]) -> Result<Logo, rbpub_assets::Error> {
        let plan = rbpub_assets::Plan::default();
        let limits = rbpub_assets::Limits::default();
        let fixed = rbpub_assets::fix_logo(bytes, None, &plan, &limits)?;
        Ok(Logo {
            mime: fixed.info.format.mime(),
            hash: fixed.info.hash,
            bytes: fixed.bytes,
        })
    }

    /// Whether the store's logo, whose bytes hash to `store_hash`, is the
    /// draft's logo `draft_bytes` (hashing to `draft_hash`): as it is (pulled
    /// from the store) or as a push sends it (encoded again). CPU-bound.
    pub fn store_has(draft_bytes: &[u8], draft_hash: &str, store_hash: &str) -> bool {
        draft_hash == store_hash
            || Logo::for_store(draft_bytes).is_ok_and(|sent| sent.hash == store_hash)
    }

    /// Knows the format by its first bytes, not by a file name.
    pub fn sniff(bytes: Vec<u8>) -> Option<Logo> {
        let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if bytes.starts_with(b"\xff\xd8\xff") {
            "image/jpeg"
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            "image/gif"
        } else {
            return None;
        };
        let hash = rbpub_assets::hash(&bytes);
        Some(Logo { mime, bytes, hash })
    }

    pub(crate) fn extension(&self) -> &'static str {
        match self.mime {
            "image/jpeg" => "jpg",
            "image/gif" => "gif",
            _ => "png",
        }
    }
}

/// The app's information as step 5 pushes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Information {
    /// The app's name.
    pub name: String,
    /// The short description.
    pub description: String,
    /// The introduction, Markdown.
    pub introduction: String,
    /// Tags, set only when the template is created.
    pub tags: Vec<String>,
    /// `private` or `public`.
    pub publish_type: String,
    /// The logo to send, if any.
    pub logo: Option<Logo>,
}

impl Information {
    /// The logo uploaded to the console, as the path a new template or app
    /// model names it by (`file_url`); empty without a logo.
    pub(crate) async fn upload_logo(
        &self,
        console: &rbpub_remote::ConsoleClient,
    ) -> crate::error::Result<String> {
        Ok(match &self.logo {
            Some(logo) => {
                let file = format!("logo.{}", logo.extension());
                console
                    .upload_logo(&file, logo.mime, logo.bytes.clone())
                    .await?
            }
            None => String::new(),
        })
    }
}
