package io.streetdigits.gateway.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One image of an upload, found by validation and read again, bounded, when it is published: a plain part, or
 * an entry of a zip part. Only where it is travels; its bytes are read one image at a time.
 *
 * @param fileName    the name the submission CSV will carry (the entry's last path segment)
 * @param source      the uploaded file on disk
 * @param zipEntry    the entry inside it, or null for a plain part
 * @param contentType the media type, from the part or the file extension
 */
record BatchEntry(String fileName, Path source, String zipEntry, String contentType) {

    byte[] read(long maxBytes) throws IOException {
        if (zipEntry == null) {
            return Files.readAllBytes(source);
        }
        try (ZipFile zip = new ZipFile(source.toFile())) {
            ZipEntry entry = zip.getEntry(zipEntry);
            try (InputStream in = zip.getInputStream(entry)) {
                return BoundedRead.read(in, maxBytes, fileName);
            }
        }
    }
}
