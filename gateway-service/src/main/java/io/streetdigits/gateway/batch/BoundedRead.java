package io.streetdigits.gateway.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream to its end, but never more than a limit: declared sizes in a zip can lie. A batch reads every one
 * of its images twice (once to check it, once to publish it), so neither read copies more than it must.
 */
final class BoundedRead {

    private BoundedRead() {
    }

    /**
     * The stream's bytes, in one array of the expected size when the stream has exactly that many.
     *
     * @param expectedBytes what the source declares (a zip entry's size), or -1 when it declares nothing
     */
    static byte[] read(InputStream in, long expectedBytes, long maxBytes, String source) throws IOException {
        int expected = (int) Math.min(Math.max(expectedBytes, 0), maxBytes);
        byte[] bytes = new byte[expected];
        int n = in.readNBytes(bytes, 0, expected);
        int next = n == expected ? in.read() : -1;
        if (next == -1) {
            return n == expected ? bytes : Arrays.copyOf(bytes, n);
        }
        // Longer than declared: read on, bounded.
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(2 * expected, 8192));
        out.write(bytes, 0, n);
        out.write(next);
        byte[] buffer = new byte[8192];
        long total = n + 1L;
        while (true) {
            if (total > maxBytes) {
                throw new TooLarge(source, maxBytes);
            }
            int read = in.read(buffer);
            if (read < 0) {
                return out.toByteArray();
            }
            total += read;
            out.write(buffer, 0, read);
        }
    }

    /** How many bytes the stream holds, read to its end through {@code scratch} but never past the limit. */
    static long count(InputStream in, long maxBytes, String source, byte[] scratch) throws IOException {
        long total = 0;
        int n;
        while ((n = in.read(scratch)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new TooLarge(source, maxBytes);
            }
        }
        return total;
    }

    /** An entry that turned out larger than its limit while it was read. */
    static final class TooLarge extends IOException {
        TooLarge(String source, long maxBytes) {
            super(String.format("%s is larger than %,d bytes when uncompressed", source, maxBytes));
        }
    }
}
