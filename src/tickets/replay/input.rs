//! Opening a ticket file as a byte stream: plain CSV, gzip (`.gz`) or a zip archive
//! (`.zip`, holding one CSV, stored or deflated). Everything streams: a zip entry is
//! decompressed straight from its position in the archive, never loaded whole.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use flate2::read::{DeflateDecoder, MultiGzDecoder};

use super::ReplayError;

/// Opens `path` for reading, decompressing `.gz` and `.zip` files. Only a regular
/// file is opened.
pub fn open(path: &Path) -> Result<Box<dyn Read + Send>, ReplayError> {
    let io = |source| ReplayError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Checked before opening: opening a named pipe blocks until a writer appears, and a
    // replay reads its file two or three times, which a pipe or device cannot give.
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(ReplayError::Invalid {
            path: path.to_path_buf(),
            message: "is not a regular file (a folder, named pipe or device); replay reads the file more than once, so copy the tickets to a file and name that".to_string(),
        });
    }
    let file = File::open(path).map_err(io)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".gz") {
        return Ok(Box::new(MultiGzDecoder::new(BufReader::with_capacity(
            1 << 16,
            file,
        ))));
    }
    if name.ends_with(".zip") {
        return open_zip(path, file);
    }
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

fn open_zip(path: &Path, file: File) -> Result<Box<dyn Read + Send>, ReplayError> {
    let zip_err = |message: String| ReplayError::Zip {
        path: path.to_path_buf(),
        message,
    };
    let mut archive = zip::ZipArchive::new(file).map_err(|e| zip_err(e.to_string()))?;
    let names: Vec<String> = archive
        .file_names()
        .filter(|n| !n.ends_with('/'))
        .map(str::to_string)
        .collect();
    let csvs: Vec<&String> = names
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".csv"))
        .collect();
    let entry = match (csvs.as_slice(), names.as_slice()) {
        ([one], _) => (*one).clone(),
        ([], [one]) => one.clone(),
        _ => {
            return Err(zip_err(format!(
                "the archive must hold exactly one CSV file, but holds {}",
                if names.is_empty() {
                    "nothing".to_string()
                } else {
                    names.join(", ")
                }
            )));
        }
    };
    let (start, size, method) = {
        let f = archive
            .by_name(&entry)
            .map_err(|e| zip_err(format!("{entry}: {e}")))?;
        let start = f
            .data_start()
            .ok_or_else(|| zip_err(format!("{entry}: cannot locate its data")))?;
        (start, f.compressed_size(), f.compression())
    };
    let mut file = archive.into_inner();
    file.seek(SeekFrom::Start(start))
        .map_err(|source| ReplayError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    let raw = BufReader::with_capacity(1 << 16, file).take(size);
    match method {
        zip::CompressionMethod::Stored => Ok(Box::new(raw)),
        zip::CompressionMethod::Deflated => Ok(Box::new(DeflateDecoder::new(raw))),
        other => Err(zip_err(format!(
            "{entry}: compression method {other:?} is not supported (only stored and deflated); re-zip it with standard deflate"
        ))),
    }
}
