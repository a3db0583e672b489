package io.streetdigits.gateway.batch;

import io.streetdigits.gateway.GatewayConfig;
import io.streetdigits.gateway.problem.ApiProblem;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Checks a whole upload before a single image goes on Kafka, so a bad batch is refused as a whole and nothing of
 * it is queued: every entry's name (no zip slip: no parent, absolute or backslashed paths; {@link FileNameRule}),
 * type, size (read, not declared), compression ratio (no zip bomb), unique file names, and the batch's count and
 * total bytes.
 */
final class UploadValidator {

    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "bmp", "image/bmp",
            "gif", "image/gif", "tif", "image/tiff", "tiff", "image/tiff");

    private final GatewayConfig.Batch limits;
    private final long maxImageBytes;
    private final List<BatchEntry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    /** Where entries are read to be measured: their bytes are not kept. */
    private final byte[] scratch = new byte[64 * 1024];
    private long totalBytes;

    UploadValidator(GatewayConfig.Batch limits, long maxImageBytes) {
        this.limits = limits;
        this.maxImageBytes = maxImageBytes;
    }

    List<BatchEntry> validate(List<FileUpload> parts) {
        for (FileUpload part : parts) {
            if (isZip(part)) {
                validateZip(part);
            } else {
                requireValidFileName(part.fileName(), "file name '" + FileNameRule.printable(part.fileName())
                        + "' (a file part of the upload)");
                String type = mediaType(part.fileName());
                if (type == null) {
                    throw refused(Response.Status.UNSUPPORTED_MEDIA_TYPE, "not-an-image", "part '" + part.fileName()
                            + "' is neither a zip nor a PNG, JPEG, BMP, GIF or TIFF file");
                }
                add(new BatchEntry(part.fileName(), part.uploadedFile(), null, type), part.size());
            }
        }
        if (entries.isEmpty()) {
            throw refused(Response.Status.BAD_REQUEST, "empty-batch", "the upload holds no image: send image files"
                    + " or a zip of them as multipart parts");
        }
        return entries;
    }

    private void validateZip(FileUpload part) {
        try (ZipFile zip = new ZipFile(part.uploadedFile().toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String name = entry.getName();
                String where = "entry '" + FileNameRule.printable(name) + "' of " + part.fileName();
                FileNameRule.controlCharacter(name).ifPresent(why -> {
                    throw invalidName(where, why);
                });
                requireSafe(name, part.fileName());
                if (entry.isDirectory() || isMetadata(name)) {
                    continue;
                }
                String fileName = name.substring(name.lastIndexOf('/') + 1);
                requireValidFileName(fileName, "file name '" + FileNameRule.printable(fileName) + "' (" + where
                        + ")");
                String type = mediaType(fileName);
                if (type == null) {
                    throw refused(Response.Status.UNSUPPORTED_MEDIA_TYPE, "not-an-image", "entry '" + name
                            + "' of " + part.fileName() + " is not a PNG, JPEG, BMP, GIF or TIFF file");
                }
                long size = measure(zip, entry, part.fileName());
                long compressed = Math.max(1, entry.getCompressedSize());
                if (size / compressed > limits.maxCompressionRatio()) {
                    throw refused(Response.Status.BAD_REQUEST, "zip-bomb", String.format("entry '%s' of %s expands"
                            + " %,d times (%,d to %,d bytes); the limit is %d times", name, part.fileName(),
                            size / compressed, compressed, size, limits.maxCompressionRatio()));
                }
                add(new BatchEntry(fileName, part.uploadedFile(), name, type), size);
            }
        } catch (ZipException e) {
            throw refused(Response.Status.BAD_REQUEST, "bad-zip", part.fileName() + " is not a readable zip: "
                    + e.getMessage());
        } catch (IOException e) {
            throw refused(Response.Status.BAD_REQUEST, "bad-zip", "cannot read " + part.fileName() + ": "
                    + e.getMessage());
        }
    }

    /** The entry's real uncompressed size, read up to the image limit. */
    private long measure(ZipFile zip, ZipEntry entry, String archive) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return BoundedRead.count(in, maxImageBytes, "entry '" + entry.getName() + "' of " + archive, scratch);
        } catch (BoundedRead.TooLarge e) {
            throw refused(Response.Status.REQUEST_ENTITY_TOO_LARGE, "image-too-large",
                    e.getMessage() + "; the limit per image");
        }
    }

    private void add(BatchEntry entry, long size) {
        if (size > maxImageBytes) {
            throw refused(Response.Status.REQUEST_ENTITY_TOO_LARGE, "image-too-large", String.format(
                    "image %s is %,d bytes; the limit is %,d bytes", entry.fileName(), size, maxImageBytes));
        }
        if (!names.add(entry.fileName())) {
            throw refused(Response.Status.BAD_REQUEST, "duplicate-file-name", "the batch holds two images named "
                    + entry.fileName() + "; file names must be unique (they key the submission CSV)");
        }
        if (entries.size() + 1 > limits.maxFiles()) {
            throw refused(Response.Status.REQUEST_ENTITY_TOO_LARGE, "too-many-images", String.format(
                    "the batch holds more than %,d images, the limit", limits.maxFiles()));
        }
        totalBytes += size;
        if (totalBytes > limits.maxTotalBytes()) {
            throw refused(Response.Status.REQUEST_ENTITY_TOO_LARGE, "batch-too-large", String.format(
                    "the batch's images add up to more than %,d bytes, the limit", limits.maxTotalBytes()));
        }
        entries.add(entry);
    }

    /** A file name becomes a cell of the CSV: {@link FileNameRule}. */
    private static void requireValidFileName(String fileName, String subject) {
        if (fileName != null) {
            FileNameRule.violation(fileName).ifPresent(why -> {
                throw invalidName(subject, why);
            });
        }
    }

    /** @param subject the name and where it is, e.g. {@code entry 'a/b.png' of x.zip} */
    private static ApiProblem invalidName(String subject, String why) {
        return refused(Response.Status.BAD_REQUEST, FileNameRule.PROBLEM_TYPE, subject + " " + why + "; "
                + FileNameRule.RULE);
    }

    /** Zip slip: an entry must stay inside the archive's own tree. */
    private static void requireSafe(String name, String archive) {
        boolean unsafe = name.startsWith("/") || name.contains("\\") || name.contains("\0")
                || (name.length() > 1 && name.charAt(1) == ':')
                || List.of(name.split("/")).contains("..");
        if (unsafe) {
            throw refused(Response.Status.BAD_REQUEST, "zip-slip", "entry '" + name + "' of " + archive
                    + " points outside the archive (absolute, parent or backslashed path)");
        }
    }

    /** Folders and files that archivers add (macOS resource forks, hidden files) are not images of the batch. */
    private static boolean isMetadata(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || base.startsWith(".");
    }

    private static boolean isZip(FileUpload part) {
        String type = part.contentType() == null ? "" : part.contentType().toLowerCase(Locale.ROOT);
        String name = part.fileName() == null ? "" : part.fileName().toLowerCase(Locale.ROOT);
        return type.contains("zip") || name.endsWith(".zip") || startsWithZipSignature(part);
    }

    private static boolean startsWithZipSignature(FileUpload part) {
        try (InputStream in = Files.newInputStream(part.uploadedFile())) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            throw refused(Response.Status.BAD_REQUEST, "unreadable-part", "cannot read part " + part.fileName()
                    + ": " + e.getMessage());
        }
    }

    static String mediaType(String fileName) {
        if (fileName == null) {
            return null;
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? null : MEDIA_TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static ApiProblem refused(Response.Status status, String type, String detail) {
        return new ApiProblem(status, type, "batch refused, nothing was queued: " + detail);
    }
}
