package org.tensorshell.data.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.tensorshell.core.TensorError;
import org.tensorshell.io.AtomicFile;

/**
 * Explicit download of dataset files: each file is fetched from the first mirror that serves it, its
 * checksum (the MD5 torchvision lists) is verified while streaming, and only a verified file is moved into
 * place (atomically). Files already present with the right checksum are kept.
 */
final class Download {
    private Download() {}

    record Resource(String file, String md5) {}

    static List<Path> fetch(String dataset, Path dir, List<URI> mirrors, List<Resource> resources) {
        List<Path> out = new ArrayList<>();
        for (Resource r : resources) out.add(fetchOne(dataset, dir, mirrors, r));
        return out;
    }

    private static Path fetchOne(String dataset, Path dir, List<URI> mirrors, Resource r) {
        Path target = dir.resolve(r.file());
        if (Files.isRegularFile(target) && r.md5().equals(md5(target))) return target;
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            String base = mirror.toString();
            URI url = URI.create(base.endsWith("/") ? base : base + "/").resolve(r.file());
            try {
                AtomicFile.write(target, ch -> {
                    MessageDigest md = digest();
                    URLConnection c = url.toURL().openConnection();
                    c.setConnectTimeout(30_000);
                    c.setReadTimeout(60_000);
                    try (InputStream in = c.getInputStream()) {
                        byte[] buf = new byte[1 << 16];
                        for (int n; (n = in.read(buf)) > 0; ) {
                            md.update(buf, 0, n);
                            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                            while (bb.hasRemaining()) ch.write(bb);
                        }
                    }
                    String got = HexFormat.of().formatHex(md.digest());
                    if (!got.equals(r.md5())) throw new ChecksumMismatch("MD5 " + got + ", expected " + r.md5());
                });
                return target;
            } catch (ChecksumMismatch e) {
                failures.add(url + ": checksum mismatch: " + e.getMessage());
            } catch (UncheckedIOException e) {
                failures.add(url + ": " + e.getCause());
            }
        }
        throw new TensorError(dataset + ".download: could not fetch " + r.file() + " into " + dir.toAbsolutePath()
            + "; nothing was written. Tried: " + String.join("; ", failures));
    }

    static String md5(Path file) {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        } catch (IOException e) {
            return "";
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }

    private static final class ChecksumMismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;
        ChecksumMismatch(String msg) { super(msg); }
    }
}
