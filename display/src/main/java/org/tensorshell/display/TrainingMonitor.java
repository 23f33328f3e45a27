package org.tensorshell.display;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Live progress and metric charts for a plain training loop:
 * <pre>{@code
 * var monitor = new TrainingMonitor(totalSteps);
 * for (...) { ...; monitor.log(step, Map.of("loss", loss.item())); }
 * monitor.log(step, "val_loss", v);
 * monitor.finish();
 * }</pre>
 * In a notebook (a {@link DisplaySink} installed) it shows two outputs it keeps updating: a progress bar
 * (step/total, rate, ETA, latest metrics) and a chart with one panel per metric, {@code val_x} drawn with
 * {@code x}; raw values faint, smoothed bold, the best point marked. Without a sink it prints a one-line
 * {@code \r} progress bar to System.out. {@link #finish()} leaves the final static PNG chart;
 * {@link #history()} returns every logged value as a Tablesaw table.
 *
 * <p>Cost: {@code log} stores into primitive arrays and reads the clock. When the throttle allows, it asks
 * for a render, which is drawn and published on a shared daemon thread ({@link LiveRenderer}), from the
 * latest state, so the loop never waits for Java2D or the PNG encoder (on machines with two cores or fewer
 * the caller draws it right after its {@code log}, see {@link Options#drawOnCaller}): at most {@code updatesPerSecond}
 * times a second (default 2, capped at 4), and never more often than every 50 times the last render's
 * duration (but at least every 5 s), so drawing takes at most about 2% of a core
 * ({@link Options#renderBudget}); the chart, most of a render's cost, is redrawn at most once a second.
 * Reaching the total step count always renders once; {@link #finish()}
 * waits for a render in progress, then draws the final chart on the calling thread. The console
 * progress line is printed inside {@code log}: it costs a string.
 */
public final class TrainingMonitor implements Displayable, AutoCloseable {
    private static final long MAX_INTERVAL_NANOS = 5_000_000_000L;
    private static final long CHART_INTERVAL_NANOS = 1_000_000_000L;
    private static final boolean DRAW_ON_CALLER_BY_DEFAULT = Runtime.getRuntime().availableProcessors() <= 2;
    private final long total;
    private final Options o;
    private volatile DisplaySink sink;
    private final Map<String, MetricSeries> metrics = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();
    private long firstStep = Long.MIN_VALUE, firstNanos, lastStep = -1;
    private long nextRenderNanos, nextChartNanos;
    private long renders;
    private String progressId, chartId; // guarded by drawing
    private int consoleWidth;
    private volatile boolean finished;
    private boolean renderedEnd;
    /** Held while drawing and publishing: one render at a time, none after the final one. */
    private final Object drawing = new Object();
    private final Runnable liveRender = this::renderLive;

    /** Settings: {@code TrainingMonitor.options().title("MNIST").logY(true)}. */
    public static Options options() { return new Options(); }

    public TrainingMonitor(long totalSteps) { this(totalSteps, options()); }

    public TrainingMonitor(long totalSteps, Options options) {
        this.total = totalSteps;
        this.o = options.copy();
        this.sink = o.consoleOnly ? null : o.sink != null ? o.sink : Display.sink();
    }

    // ------------------------------------------------------------------ feeding

    /** Records metrics at a step (non-numbers and nulls are ignored). */
    public void log(long step, Map<String, ? extends Number> values) {
        boolean due;
        synchronized (this) {
            for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
                if (e.getValue() != null) series(e.getKey()).add(step, e.getValue().doubleValue());
            }
            due = advance(step);
        }
        if (due) renderLive();
    }

    /** Records one metric at a step, e.g. {@code log(step, "val_loss", v)}. */
    public void log(long step, String name, double value) {
        boolean due;
        synchronized (this) {
            series(name).add(step, value);
            due = advance(step);
        }
        if (due) renderLive();
    }

    /** Marks progress without a metric. */
    public void step(long step) {
        boolean due;
        synchronized (this) {
            due = advance(step);
        }
        if (due) renderLive();
    }

    private MetricSeries series(String name) {
        MetricSeries s = metrics.get(name);
        if (s == null) metrics.put(name, s = new MetricSeries(name));
        return s;
    }

    /** Records progress; true if the caller is to draw a live render now (outside this monitor). */
    private boolean advance(long step) {
        long now = System.nanoTime();
        if (firstStep == Long.MIN_VALUE) {
            firstStep = step;
            firstNanos = now;
        }
        if (step > lastStep) lastStep = step;
        boolean atEnd = total > 0 && lastStep + 1 >= total && !renderedEnd;
        if (now >= nextRenderNanos || atEnd) {
            renderedEnd |= atEnd;
            if (sink == null) {
                renderConsole(now);
            } else {
                // no new request until this render is done and has set the next time
                nextRenderNanos = Long.MAX_VALUE;
                if (o.drawOnCaller) return true;
                LiveRenderer.request(liveRender);
            }
        }
        return false;
    }

    /**
     * Renders the final state: progress at its end, the chart as a full-quality static PNG. Waits for a
     * live render in progress, so nothing older arrives after it. Idempotent.
     */
    public void finish() {
        synchronized (this) {
            if (finished) return;
            finished = true;
        }
        synchronized (drawing) {
            if (sink != null) publish(true);
            if (sink == null) {
                synchronized (this) {
                    renderConsole(System.nanoTime());
                    console().println();
                }
            }
        }
    }

    @Override
    public void close() { finish(); }

    // ------------------------------------------------------------------ rendering

    /** Prints the {@code \r} progress line; the caller holds this monitor. */
    private void renderConsole(long now) {
        long t0 = System.nanoTime();
        renders++;
        String line = progressText(now);
        String pad = line.length() < consoleWidth ? " ".repeat(consoleWidth - line.length()) : "";
        consoleWidth = line.length();
        console().print("\r" + line + pad);
        console().flush();
        pace(t0, System.nanoTime() - t0);
    }

    /** On the renderer thread: the live state, unless the final render has taken over. */
    private void renderLive() {
        synchronized (drawing) {
            if (!finished && sink != null) publish(false);
        }
    }

    /** Draws and publishes the current state; the caller holds {@code drawing}, not this monitor. */
    private void publish(boolean last) {
        MimeBundle progress;
        Figure figure;
        long n;
        synchronized (this) {
            long now = System.nanoTime();
            n = ++renders;
            progress = MimeBundle.builder(progressText(now)).html(progressHtml(now)).build();
            // the progress line is cheap HTML; the chart (drawing + PNG) is most of a render's cost, so it is
            // redrawn at most once a second and whenever a render finds it stale by then
            boolean chartDue = last || chartId == null || now >= nextChartNanos;
            figure = metrics.isEmpty() || !chartDue ? null : chart();
            if (figure != null) nextChartNanos = now + CHART_INTERVAL_NANOS;
        }
        long t0 = System.nanoTime();
        DisplaySink s = sink;
        try {
            if (progressId == null) progressId = s.display(progress);
            else s.update(progressId, progress);
            if (figure != null) {
                MimeBundle chart = figure.bundle(!last);
                if (chartId == null) chartId = s.display(chart);
                else s.update(chartId, chart);
            }
        } catch (RuntimeException e) {
            // A display that cannot be published must not stop the training loop: go on in text.
            System.err.println("TrainingMonitor: live display failed (" + e + "); continuing on the console");
            sink = null;
        }
        // The first render pays for class loading and JIT warm-up: it does not set the pace.
        long cost = n == 1 ? 0 : System.nanoTime() - t0;
        synchronized (this) {
            pace(t0, cost);
        }
    }

    /**
     * Sets the earliest start of the next render from the last one's start and cost (start to start, so
     * drawing takes at most the budget's share of the time); the caller holds this monitor.
     */
    private void pace(long start, long cost) {
        long interval = (long) (1e9 / o.updatesPerSecond);
        long budgeted = Math.min(MAX_INTERVAL_NANOS, (long) (cost / o.renderBudget));
        nextRenderNanos = start + Math.max(interval, budgeted);
    }

    private PrintStream console() { return o.console != null ? o.console : System.out; }

    /** Number of renders so far (progress and chart together count as one). */
    public synchronized long renders() { return renders; }

    private double rate(long now) {
        if (firstStep == Long.MIN_VALUE) return Double.NaN;
        double secs = (now - firstNanos) / 1e9;
        return secs > 0 && lastStep > firstStep ? (lastStep - firstStep) / secs : Double.NaN;
    }

    private long done() { return lastStep < 0 ? 0 : lastStep + 1; }

    /** {@code title [#####-----] 120/200 60% 35.2 it/s ETA 0:02 loss 0.1234}. */
    String progressText(long now) {
        StringBuilder sb = new StringBuilder();
        if (o.title != null) sb.append(o.title).append(' ');
        long done = Math.min(done(), total > 0 ? total : Long.MAX_VALUE);
        if (total > 0) {
            int width = 24, fill = (int) (width * done / total);
            sb.append('[').append("#".repeat(fill)).append("-".repeat(width - fill)).append("] ")
                .append(done).append('/').append(total).append(' ').append(100 * done / total).append('%');
        } else {
            sb.append("step ").append(lastStep);
        }
        sb.append(timing(now));
        for (MetricSeries s : metrics.values()) sb.append(' ').append(s.name).append(' ').append(NumberText.brief(s.last()));
        return sb.toString();
    }

    private String timing(long now) {
        double rate = rate(now);
        StringBuilder sb = new StringBuilder();
        if (Double.isFinite(rate)) sb.append(' ').append(rate >= 100 ? String.format(Locale.ROOT, "%.0f", rate) : String.format(Locale.ROOT, "%.3g", rate)).append(" it/s");
        if (finished || (total > 0 && done() >= total)) {
            sb.append(" in ").append(clock((now - startNanos) / 1e9));
        } else if (total > 0 && Double.isFinite(rate) && rate > 0) {
            sb.append(" ETA ").append(clock((total - done()) / rate));
        }
        return sb.toString();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private String progressHtml(long now) {
        long done = Math.min(done(), total > 0 ? total : Long.MAX_VALUE);
        double frac = total > 0 ? (double) done / total : 0;
        String colour = finished || frac >= 1 ? "#2ca02c" : "#1f77b4";
        StringBuilder sb = new StringBuilder(512);
        sb.append("<div style=\"").append(Html.FONT).append("\"><table style=\"border-collapse:collapse\"><tr>");
        if (o.title != null) sb.append("<td style=\"padding:2px 8px 2px 0\"><b>").append(Html.escape(o.title)).append("</b></td>");
        if (total > 0) {
            sb.append("<td style=\"padding:2px 8px 2px 0\"><div style=\"width:260px;height:12px;background:#e6e6e6;border-radius:3px\">")
                .append("<div style=\"width:").append(String.format(Locale.ROOT, "%.1f", 100 * frac))
                .append("%;height:12px;border-radius:3px;background:").append(colour).append("\"></div></div></td>")
                .append("<td style=\"padding:2px 8px 2px 0\">").append(done).append('/').append(total).append(" (")
                .append(100 * done / total).append("%)</td>");
        } else {
            sb.append("<td style=\"padding:2px 8px 2px 0\">step ").append(lastStep).append("</td>");
        }
        sb.append("<td style=\"padding:2px 0;").append(Html.MUTED).append("\">").append(Html.escape(timing(now).trim())).append("</td>");
        sb.append("</tr></table>");
        if (!metrics.isEmpty()) {
            sb.append("<div>");
            boolean first = true;
            for (MetricSeries s : metrics.values()) {
                sb.append(first ? "" : " &middot; ").append(Html.escape(s.name)).append(" <b>").append(NumberText.brief(s.last())).append("</b>");
                first = false;
            }
            sb.append("</div>");
        }
        return sb.append("</div>").toString();
    }

    /** The chart of everything logged so far: one panel per metric (validation with training). */
    public synchronized Figure chart() {
        Map<String, List<MetricSeries>> panels = new LinkedHashMap<>();
        for (MetricSeries s : metrics.values()) {
            if (s.n > 0) panels.computeIfAbsent(MetricSeries.base(s.name), k -> new ArrayList<>()).add(s);
        }
        List<String> names = new ArrayList<>(panels.keySet());
        if (names.size() > o.maxPanels) names = names.subList(0, o.maxPanels);
        int n = Math.max(1, names.size());
        Figure f = new Figure().size(o.width > 0 ? o.width : Math.min(1100, 380 * n), o.height);
        for (int i = 0; i < names.size(); i++) {
            Axes a = i == 0 ? f.axes() : new Axes();
            if (i > 0) f.add(a);
            panel(a, names.get(i), panels.get(names.get(i)));
        }
        if (names.isEmpty()) f.axes().title(o.title);
        return f;
    }

    private void panel(Axes a, String base, List<MetricSeries> group) {
        a.title(base).xlabel("step").logY(o.logY);
        MetricSeries best = null;
        double[] bestSmoothed = null;
        int k = 0;
        for (MetricSeries s : group) {
            boolean val = MetricSeries.isValidation(s.name);
            int colour = val ? Colors.series(1) : Colors.series(k == 0 ? 0 : k + 1);
            k++;
            double[] x = s.x(), y = s.y();
            // Validation values are already averages over a whole set: drawn as they are.
            boolean smooth = !val && s.n >= 10 && o.smoothing > 0;
            if (smooth) {
                double[] sm = s.smoothed(o.smoothing);
                a.add(new Series.Line(x, y, null, colour, 0.25, 1));
                a.add(new Series.Line(x, sm, s.name, colour, 1, 2.2));
                if (best == null || val) { best = s; bestSmoothed = sm; }
            } else {
                a.add(new Series.Line(x, y, s.name, colour, 1, 2));
                if (s.n <= 50) for (int i = 0; i < s.n; i++) a.add(new Series.Marker(x[i], y[i], null, colour, 2.5));
                if (best == null || val) { best = s; bestSmoothed = null; }
            }
        }
        if (best != null) marker(a, best, bestSmoothed, MetricSeries.isValidation(best.name) ? Colors.series(1) : Colors.series(0));
    }

    /** Marks the best value: raw for sparse (validation) series, smoothed for noisy ones. */
    private static void marker(Axes a, MetricSeries s, double[] smoothed, int colour) {
        double[] v = smoothed != null ? smoothed : s.y();
        boolean max = s.maximise();
        int bi = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) continue;
            if (bi < 0 || (max ? v[i] > v[bi] : v[i] < v[bi])) bi = i;
        }
        if (bi < 0) return;
        a.add(new Series.Marker(s.steps[bi], v[bi], "best " + NumberText.brief(v[bi]) + " @ " + s.steps[bi], colour));
    }

    // ------------------------------------------------------------------ results

    /** Every logged value: a {@code step} column and one column per metric (missing where not logged). */
    public synchronized Table history() {
        long[] steps = metrics.values().stream().flatMapToLong(s -> Arrays.stream(s.steps, 0, s.n)).distinct().sorted().toArray();
        List<Column<?>> cols = new ArrayList<>();
        cols.add(LongColumn.create("step", steps));
        for (MetricSeries s : metrics.values()) {
            double[] v = new double[steps.length];
            Arrays.fill(v, Double.NaN);
            for (int i = 0; i < s.n; i++) v[Arrays.binarySearch(steps, s.steps[i])] = s.values[i];
            cols.add(DoubleColumn.create(s.name, v));
        }
        return Table.create(o.title != null ? o.title : "history", cols);
    }

    /** The final chart as a static PNG, with the progress line as its text. */
    @Override
    public synchronized MimeBundle toMimeBundle() {
        Figure f = chart();
        MimeBundle chart = f.bundle(false);
        return MimeBundle.builder(progressText(System.nanoTime())).png(chart.png(), f.width(), f.height()).build();
    }

    @Override
    public synchronized String toString() { return "TrainingMonitor(" + progressText(System.nanoTime()) + ")"; }

    /** Options with defaults; setters return this. */
    public static final class Options {
        private String title;
        private boolean logY;
        private double smoothing = 0.9;
        private double updatesPerSecond = 2;
        private double renderBudget = 0.02;
        private int width, height = 300, maxPanels = 4;
        private DisplaySink sink;
        private PrintStream console;
        private boolean consoleOnly;
        private boolean drawOnCaller = DRAW_ON_CALLER_BY_DEFAULT;

        public Options title(String t) { title = t; return this; }

        /** Log scale for the y axes (falls back to linear for panels without positive values). */
        public Options logY(boolean on) { logY = on; return this; }

        /** EMA weight in [0, 1) for the bold curve; 0 draws raw values only. */
        public Options smoothing(double w) {
            if (!(w >= 0 && w < 1)) throw new IllegalArgumentException("TrainingMonitor: smoothing must be in [0, 1), got " + w);
            smoothing = w;
            return this;
        }

        /** Live updates per second, at most 4 (Jupyter frontends re-render the whole output each time). */
        public Options updatesPerSecond(double u) {
            if (!(u > 0)) throw new IllegalArgumentException("TrainingMonitor: updatesPerSecond must be > 0, got " + u);
            updatesPerSecond = Math.min(4, u);
            return this;
        }

        /** The largest fraction of the loop's time live rendering may take (default 0.02). */
        public Options renderBudget(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("TrainingMonitor: renderBudget must be in (0, 1], got " + fraction);
            renderBudget = fraction;
            return this;
        }

        public Options size(int w, int h) { width = w; height = h; return this; }

        public Options maxPanels(int n) { maxPanels = Math.max(1, n); return this; }

        /**
         * Draw live renders on the thread that calls {@code log} (right after it records) instead of the shared
         * background renderer. Default: on machines with two cores or fewer, where a background renderer
         * preempts the training's own parallel workers and costs more wall time than it draws.
         */
        public Options drawOnCaller(boolean on) { drawOnCaller = on; return this; }

        /** Publish to this sink instead of the installed one. */
        public Options sink(DisplaySink s) { sink = s; return this; }

        /** Print the console progress line here (default System.out) and ignore any sink. */
        public Options console(PrintStream out) { console = out; consoleOnly = true; return this; }

        Options copy() {
            Options c = new Options();
            c.title = title;
            c.logY = logY;
            c.smoothing = smoothing;
            c.updatesPerSecond = updatesPerSecond;
            c.renderBudget = renderBudget;
            c.width = width;
            c.height = height;
            c.maxPanels = maxPanels;
            c.sink = sink;
            c.console = console;
            c.consoleOnly = consoleOnly;
            c.drawOnCaller = drawOnCaller;
            return c;
        }
    }
}
