package io.streetdigits.gateway.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stream to its end, but never more than a limit: declared sizes in a zip can lie. */
final class BoundedRead {

    private BoundedRead() {
    }

    static byte[] read(InputStream in, long maxBytes, String source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new TooLarge(source, maxBytes);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** An entry that turned out larger than its limit while it was read. */
    static final class TooLarge extends IOException {
        TooLarge(String source, long maxBytes) {
            super(String.format("%s is larger than %,d bytes when uncompressed", source, maxBytes));
        }
    }
}
