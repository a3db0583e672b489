package io.streetdigits.core.synthetic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Images made to attack a decoder, so that tests and the fault benchmark can show that every entry point refuses
 * them by their declared size, before a pixel is allocated.
 */
public final class HostileImages {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private HostileImages() {
    }

    /**
     * A PNG signature and a valid IHDR chunk declaring {@code width} x {@code height} 8-bit RGB pixels, and no pixel
     * data at all: 33 bytes that a decoder without limits would answer by allocating the whole declared image.
     */
    public static byte[] pngHeaderDeclaring(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(PNG_SIGNATURE.length + 4 + ihdr.capacity() + 4);
        png.put(PNG_SIGNATURE).putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }
}
