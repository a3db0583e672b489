package io.streetdigits.core.synthetic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * Images made to attack a decoder, so that tests and the fault benchmark can show that every entry point refuses
 * them by their declared size, before a pixel is allocated.
 */
public final class HostileImages {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private HostileImages() {
    }

    /**
     * A PNG signature, a valid IHDR chunk declaring {@code width} x {@code height} 8-bit RGB pixels, an empty IDAT
     * and IEND, and no pixel data at all: 57 bytes that a decoder without limits would answer by allocating the
     * whole declared image.
     */
    public static byte[] pngHeaderDeclaring(int width, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(PNG_SIGNATURE);
        chunk(png, "IHDR", ihdr(width, height, 8, 2));
        chunk(png, "IDAT", new byte[0]);
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /**
     * A valid, complete PNG of {@code width} x {@code height} black 16-bit RGBA pixels. It compresses to almost
     * nothing (4096 x 4096 is about 130 KB, under every byte limit) yet decodes to 8 bytes a pixel (4096 x 4096:
     * 128 MiB): what the outside probe sent twice in one batch to exhaust the inference service's memory.
     * Written row by row, so making it costs no more memory than the result.
     */
    public static byte[] deepRgbaPng(int width, int height) {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflated = new DeflaterOutputStream(pixels)) {
            byte[] row = new byte[1 + width * 8]; // filter type 0, then 4 samples of 2 bytes per pixel
            for (int y = 0; y < height; y++) {
                deflated.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(PNG_SIGNATURE);
        chunk(png, "IHDR", ihdr(width, height, 16, 6));
        chunk(png, "IDAT", pixels.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** IHDR's data: colour type 2 is RGB, 6 is RGBA; deflate, no interlacing. */
    private static byte[] ihdr(int width, int height, int bitDepth, int colourType) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth).put((byte) colourType)
                .put((byte) 0).put((byte) 0).put((byte) 0).array();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
