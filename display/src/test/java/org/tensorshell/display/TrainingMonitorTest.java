package org.tensorshell.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class TrainingMonitorTest {
    /** Records what a kernel would publish. */
    static final class RecordingSink implements DisplaySink {
        final List<String> ids = new ArrayList<>();
        final List<String> updated = new ArrayList<>();
        final Map<String, MimeBundle> latest = new java.util.HashMap<>();

        @Override
        public synchronized String display(MimeBundle bundle) {
            String id = "d" + ids.size();
            ids.add(id);
            latest.put(id, bundle);
            return id;
        }

        @Override
        public synchronized void update(String displayId, MimeBundle bundle) {
            assertTrue(ids.contains(displayId), "update of an unknown display " + displayId);
            updated.add(displayId);
            latest.put(displayId, bundle);
        }
    }

    @Test
    void tenThousandQuickLogsRenderOnlyAFewTimes() {
        RecordingSink sink = new RecordingSink();
        TrainingMonitor m = new TrainingMonitor(10_000, TrainingMonitor.options().sink(sink).updatesPerSecond(4));
        long t0 = System.nanoTime();
        for (int step = 0; step < 10_000; step++) m.log(step, Map.of("loss", 1.0 / (step + 1)));
        double secs = (System.nanoTime() - t0) / 1e9;
        // The first log renders, reaching the total renders; between them at most 4 per second.
        assertTrue(m.renders() <= 2 + Math.ceil(secs * 4), m.renders() + " renders in " + secs + " s");
        // live renders run on the renderer thread: finish waits for them
        m.finish();
        assertEquals(2, sink.ids.size(), "one progress output and one chart output");
        MimeBundle chart = sink.latest.get("d1");
        Bundles.assertPicture(chart, -1, 300, 10);
        MimeBundle progress = sink.latest.get("d0");
        Bundles.assertSafeHtml(progress.html());
        assertTrue(progress.text().contains("10000/10000 100%"), progress.text());
        assertTrue(progress.html().contains("width:100.0%"));
    }

    @Test
    void logIsCheap() {
        TrainingMonitor m = new TrainingMonitor(0, TrainingMonitor.options().console(new PrintStream(new ByteArrayOutputStream())));
        for (int i = 0; i < 200_000; i++) m.log(i, "loss", i);
        long t0 = System.nanoTime();
        for (int i = 200_000; i < 1_200_000; i++) m.log(i, "loss", i);
        double ms = (System.nanoTime() - t0) / 1e6;
        // About 50 ns each on an idle machine; the bound leaves room for a loaded CI box.
        assertTrue(ms < 3000, "a million logs took " + ms + " ms");
    }

    @Test
    void liveUpdatesGoToTheSameDisplays() throws Exception {
        RecordingSink sink = new RecordingSink();
        TrainingMonitor m = new TrainingMonitor(200, TrainingMonitor.options().sink(sink).updatesPerSecond(4).renderBudget(1).title("run"));
        for (int step = 0; step < 200; step++) {
            m.log(step, Map.of("loss", Math.exp(-step / 50.0)));
            if (step % 20 == 19) m.log(step, "val_loss", Math.exp(-step / 60.0) + 0.05);
            if (step % 50 == 0) Thread.sleep(300);
        }
        m.finish();
        assertEquals(List.of("d0", "d1"), sink.ids);
        assertTrue(sink.updated.size() >= 6, "progress and chart updated at least 3 times each: " + sink.updated);
        assertTrue(sink.latest.get("d0").html().contains("<b>run</b>"));
        MimeBundle last = sink.latest.get("d1");
        assertNotNull(last.png());
        assertTrue(last.text().contains("'loss'") && last.text().contains("line 'val_loss'"), last.text());
        assertTrue(last.text().contains("best "), "best point marked: " + last.text());
        Figure f = m.chart();
        assertEquals(1, f.allAxes().size(), "val_loss shares the loss panel");
    }

    /** A sink that takes {@code millis} per publish, noting the publishing thread, then records into {@code recorder}. */
    private static DisplaySink slowSink(RecordingSink recorder, List<String> threads, long millis) {
        return new DisplaySink() {
            @Override public String display(MimeBundle b) { pause(); return recorder.display(b); }
            @Override public void update(String id, MimeBundle b) { pause(); recorder.update(id, b); }
            private void pause() {
                threads.add(Thread.currentThread().getName());
                try { Thread.sleep(millis); } catch (InterruptedException e) { throw new IllegalStateException(e); }
            }
        };
    }

    @Test
    void theLoopDoesNotWaitForDrawingAndNothingArrivesAfterFinish() throws Exception {
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        RecordingSink recorder = new RecordingSink();
        DisplaySink slow = slowSink(recorder, threads, 300);
        TrainingMonitor m = new TrainingMonitor(300, TrainingMonitor.options().sink(slow).updatesPerSecond(4).renderBudget(1).drawOnCaller(false));
        long t0 = System.nanoTime();
        for (int step = 0; step < 300; step++) m.log(step, "loss", 1.0 / (step + 1));
        double ms = (System.nanoTime() - t0) / 1e6;
        // drawn inline, the first render alone would publish twice at 300 ms each
        assertTrue(ms < 500, "300 logs took " + ms + " ms");
        while (threads.isEmpty()) Thread.sleep(10); // a live render under way
        m.finish();
        int published = threads.size();
        assertTrue(recorder.latest.get("d0").text().contains("300/300"), recorder.latest.get("d0").text());
        Thread.sleep(700);
        assertEquals(published, threads.size(), "a live render published after finish");
        assertEquals("tensorshell-live-display", threads.get(0));
        assertEquals(Thread.currentThread().getName(), threads.get(published - 1), "finish draws on the caller's thread");
    }

    @Test
    void drawnOnTheCallerWithinTheBudget() {
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        RecordingSink recorder = new RecordingSink();
        DisplaySink slow = slowSink(recorder, threads, 20);
        TrainingMonitor m = new TrainingMonitor(200, TrainingMonitor.options().sink(slow).updatesPerSecond(4).drawOnCaller(true));
        long t0 = System.nanoTime();
        for (int step = 0; step < 200; step++) {
            m.log(step, "loss", 1.0 / (step + 1));
            long until = System.nanoTime() + 2_000_000; // a 2 ms training step
            while (System.nanoTime() < until) Thread.onSpinWait();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        m.finish();
        String caller = Thread.currentThread().getName();
        assertTrue(threads.stream().allMatch(caller::equals), "every render on the caller: " + threads);
        assertTrue(recorder.latest.get("d0").text().contains("200/200"), recorder.latest.get("d0").text());
        // 40 ms a render against a 2% budget: the first, the one at the last step and finish, not one per step
        assertTrue(threads.size() <= 8, threads.size() + " publishes in " + ms + " ms");
    }

    @Test
    void historyIsATable() {
        TrainingMonitor m = new TrainingMonitor(10, TrainingMonitor.options().console(new PrintStream(new ByteArrayOutputStream())));
        for (int step = 0; step < 10; step++) m.log(step, "loss", 10 - step);
        m.log(4, Map.of("val_loss", 3.5, "val_acc", 0.5));
        m.log(9, Map.of("val_loss", 1.5, "val_acc", 0.75));
        Table h = m.history();
        assertEquals(10, h.rowCount());
        assertEquals(List.of("step", "loss", "val_loss", "val_acc").size(), h.columnCount());
        assertEquals(List.of("step", "loss"), h.columnNames().subList(0, 2));
        assertEquals(9L, h.longColumn("step").get(9));
        assertEquals(1.0, h.doubleColumn("loss").get(9));
        assertEquals(3.5, h.doubleColumn("val_loss").get(4));
        assertTrue(h.doubleColumn("val_loss").isMissing(3));
        assertEquals(0.75, h.doubleColumn("val_acc").get(9));
        assertEquals(2, m.chart().allAxes().size(), "loss and acc panels");
        Bundles.assertSafeHtml(Display.render(h).html());
    }

    @Test
    void consoleFallbackPrintsOneCarriageReturnLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TrainingMonitor m = new TrainingMonitor(50, TrainingMonitor.options().console(out).title("fit"));
        for (int step = 0; step < 50; step++) m.log(step, "loss", 1.0 / (step + 1));
        m.finish();
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("\rfit ["), s);
        assertTrue(s.endsWith("\n"));
        assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one line, rewritten in place");
        String last = s.substring(s.lastIndexOf('\r') + 1).trim();
        assertTrue(last.startsWith("fit [########################] 50/50 100%"), last);
        assertTrue(last.contains(" in 0:00") && last.contains("loss 0.02"), last);
        assertFalse(s.contains("<"), "no HTML on a console");
    }

    @Test
    void beforeAnyLog() {
        TrainingMonitor m = new TrainingMonitor(100, TrainingMonitor.options().console(new PrintStream(new ByteArrayOutputStream())));
        assertEquals("TrainingMonitor([------------------------] 0/100 0%)", m.toString());
        assertEquals(0, m.history().rowCount());
        Bundles.decodePng(Display.render(m).png());
    }

    @Test
    void withoutASinkAndWithoutATotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainingMonitor m = new TrainingMonitor(0, TrainingMonitor.options().console(new PrintStream(bytes, true)));
        m.log(7, "loss", 0.5);
        m.finish();
        assertTrue(bytes.toString().contains("step 7"), bytes.toString());
        MimeBundle b = Display.render(m);
        Bundles.assertPicture(b, -1, -1, 5);
    }

    @Test
    void logScaleAndAccuracyBestIsTheMaximum() {
        TrainingMonitor m = new TrainingMonitor(100, TrainingMonitor.options().console(new PrintStream(new ByteArrayOutputStream())).logY(true));
        for (int step = 0; step < 100; step++) m.log(step, Map.of("loss", Math.exp(-step / 10.0)));
        for (int e = 0; e < 5; e++) m.log(e * 20 + 19, "val_acc", new double[] {0.5, 0.7, 0.9, 0.8, 0.85}[e]);
        String text = m.chart().toString();
        assertTrue(text.contains("marker 'best 0.9 @ 59'"), text);
        assertTrue(m.chart().toSvg().contains(">0.01</text>"), "log ticks");
    }

    @Test
    void aFailingSinkDoesNotStopTraining() {
        DisplaySink broken = new DisplaySink() {
            @Override public String display(MimeBundle b) { throw new IllegalStateException("no cell"); }
            @Override public void update(String id, MimeBundle b) { throw new IllegalStateException("no cell"); }
        };
        PrintStream err = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream()));
        try {
            TrainingMonitor m = new TrainingMonitor(5, TrainingMonitor.options().sink(broken));
            for (int i = 0; i < 5; i++) m.log(i, "loss", 1.0 / (i + 1));
            assertEquals(5, m.history().rowCount());
        } finally {
            System.setErr(err);
        }
    }
}
