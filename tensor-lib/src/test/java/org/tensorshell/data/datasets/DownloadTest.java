package org.tensorshell.data.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorshell.core.TensorError;

/** The download path with a local file: mirror and checksums we control. */
class DownloadTest {
    @Test
    void fetchesFromTheFirstGoodMirrorAndKeepsIntactFiles(@TempDir Path tmp) throws IOException {
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Path good = Files.createDirectories(tmp.resolve("good"));
        Files.writeString(bad.resolve("a.gz"), "tampered");
        Files.writeString(good.resolve("a.gz"), "hello");
        Files.writeString(good.resolve("b.gz"), "world");
        var resources = List.of(new Download.Resource("a.gz", "5d41402abc4b2a76b9719d911017c592"),
            new Download.Resource("b.gz", "7d793037a0760186574b0282f2f435e7"));
        Path dir = tmp.resolve("out");
        List<Path> got = Download.fetch("MNIST", dir, List.of(bad.toUri(), good.toUri()), resources);
        assertEquals(List.of(dir.resolve("a.gz"), dir.resolve("b.gz")), got);
        assertEquals("hello", Files.readString(dir.resolve("a.gz")));
        assertEquals("world", Files.readString(dir.resolve("b.gz")));
        try (var files = Files.list(dir)) { assertEquals(2, files.count(), "no temporary files left behind"); }

        // present and intact: kept without touching a mirror (an empty mirror list would otherwise fail)
        Download.fetch("MNIST", dir, List.of(tmp.resolve("nowhere").toUri()), resources);

        // present but damaged: replaced atomically; when no mirror has it, the damaged file stays as it was
        Files.writeString(dir.resolve("b.gz"), "worle");
        TensorError e = assertThrows(TensorError.class,
            () -> Download.fetch("MNIST", dir, List.of(bad.toUri()), resources));
        assertTrue(e.getMessage().contains("could not fetch b.gz"), e.getMessage());
        assertEquals("worle", Files.readString(dir.resolve("b.gz")));
        Download.fetch("MNIST", dir, List.of(good.toUri()), resources);
        assertEquals("world", Files.readString(dir.resolve("b.gz")));
        try (var files = Files.list(dir)) { assertEquals(2, files.count()); }
    }
}
