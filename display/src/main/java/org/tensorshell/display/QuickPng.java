package org.tensorshell.display;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG encoder for large, mostly white RGB pictures (tall autograd graphs): rows filtered with
 * PNG's "up" filter and deflated at the fastest level. For such pictures it is several times faster than
 * ImageIO's writer, which tries every filter on every row, at a similar size. Any other image type goes
 * through {@link Png#encode}.
 */
final class QuickPng {
    private QuickPng() {}

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Whether the image is a plain, unshared INT_RGB raster (what our canvases draw), which this encoder takes. */
    static boolean supports(BufferedImage img) {
        return img.getType() == BufferedImage.TYPE_INT_RGB && img.getRaster().getDataBuffer() instanceof DataBufferInt db
            && db.getNumBanks() == 1 && img.getRaster().getParent() == null;
    }

    /** PNG bytes of an image that {@link #supports} (callers go through {@link Png#encode}). */
    static byte[] encode(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        ByteArrayOutputStream idat = new ByteArrayOutputStream(64 * 1024);
        byte[] row = new byte[1 + 3 * w], prev = new byte[1 + 3 * w], out = new byte[64 * 1024];
        byte[] cur = new byte[3 * w];
        row[0] = 2; // "up": each byte minus the byte above it, so unchanged columns become runs of zeros
        for (int y = 0; y < h; y++) {
            for (int x = 0, o = 0; x < w; x++) {
                int p = px[y * w + x];
                cur[o++] = (byte) (p >> 16);
                cur[o++] = (byte) (p >> 8);
                cur[o++] = (byte) p;
            }
            for (int i = 0; i < cur.length; i++) row[i + 1] = (byte) (cur[i] - prev[i + 1]);
            System.arraycopy(cur, 0, prev, 1, cur.length);
            deflater.setInput(row);
            while (!deflater.needsInput()) idat.write(out, 0, deflater.deflate(out));
        }
        deflater.finish();
        while (!deflater.finished()) idat.write(out, 0, deflater.deflate(out));
        deflater.end();

        ByteArrayOutputStream png = new ByteArrayOutputStream(idat.size() + 64);
        png.writeBytes(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
