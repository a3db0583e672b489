package io.streetdigits.gateway.batch;

import java.nio.file.Path;

/**
 * One image of an upload, found by validation and read again, bounded, when it is published
 * ({@link UploadedImages}): a plain part, or an entry of a zip part. Only where it is travels; its bytes are read
 * one image at a time.
 *
 * @param fileName    the name the submission CSV will carry (the entry's last path segment)
 * @param source      the uploaded file on disk
 * @param zipEntry    the entry inside it, or null for a plain part
 * @param contentType the media type, from the part or the file extension
 */
record BatchEntry(String fileName, Path source, String zipEntry, String contentType) {
}
