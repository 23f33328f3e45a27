package org.tensorshell.kernel;

import org.tensorshell.kernel.eval.CellError;
import org.tensorshell.kernel.eval.Evaluator;
import org.tensorshell.kernel.eval.Evaluator.Outcome;
import org.tensorshell.kernel.magic.MavenResolver;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a cell: Java, line magics ({@code %name args} at the start of a line) and cell magics
 * ({@code %%name} on the first line). Java between magic lines is evaluated in order; the value
 * of the cell's last Java snippet is its result.
 */
final class Magics {
    static final List<String> LINE = List.of("%classpath", "%load", "%lsmagic", "%maven", "%threads", "%time", "%timeit");
    static final List<String> CELL = List.of("%%time");

    private static final Pattern MAGIC_LINE = Pattern.compile("^[ \\t]*%(\\w+)(.*)$");

    private final Evaluator ev;
    private final Supplier<Boolean> interrupted;
    private final Runnable classpathChanged;

    Magics(Evaluator ev, Supplier<Boolean> interrupted, Runnable classpathChanged) {
        this.ev = ev;
        this.interrupted = interrupted;
        this.classpathChanged = classpathChanged;
    }

    Outcome run(String code, String label) {
        String trimmed = code.stripLeading();
        if (trimmed.startsWith("%%")) {
            int nl = code.indexOf('\n', code.indexOf("%%"));
            String head = nl < 0 ? code.strip() : code.substring(0, nl).strip();
            String body = nl < 0 ? "" : code.substring(nl + 1);
            int bodyLine = (int) code.substring(0, nl < 0 ? code.length() : nl + 1).chars().filter(c -> c == '\n').count();
            String name = head.split("\\s+", 2)[0];
            if (name.equals("%%time")) {
                return timed(() -> runLines(body, label, bodyLine));
            }
            return error("UnknownMagic", name + " is not a cell magic; %lsmagic lists them");
        }
        return runLines(code, label, 0);
    }

    private Outcome runLines(String code, String label, int lineOffset) {
        String[] lines = code.split("\n", -1);
        Outcome last = new Outcome(false, null, null);
        StringBuilder java = new StringBuilder();
        int javaStart = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MAGIC_LINE.matcher(lines[i]);
            if (!m.matches()) {
                if (java.isEmpty()) {
                    javaStart = i;
                }
                java.append(lines[i]).append('\n');
                continue;
            }
            if (!java.toString().isBlank()) {
                last = ev.eval(java.toString(), label, lineOffset + javaStart);
                if (last.error() != null) {
                    return last;
                }
            }
            java.setLength(0);
            if (interrupted.get()) {
                return new Outcome(false, null, CellError.interrupted(null));
            }
            last = line(m.group(1), m.group(2).strip(), label, lineOffset + i);
            if (last.error() != null) {
                return last;
            }
        }
        if (!java.toString().isBlank()) {
            last = ev.eval(java.toString(), label, lineOffset + javaStart);
        }
        return last;
    }

    private Outcome line(String name, String args, String label, int line) {
        try {
            return switch (name) {
                case "time" -> timed(() -> ev.eval(args, label, line));
                case "timeit" -> timeit(args);
                case "classpath" -> classpath(args);
                case "maven" -> maven(args);
                case "load" -> load(args, label);
                case "lsmagic" -> {
                    System.out.println("Line magics: " + String.join("  ", LINE));
                    System.out.println("Cell magics: " + String.join("  ", CELL));
                    yield ok();
                }
                case "threads" -> threads(args);
                default -> error("UnknownMagic", "%" + name + " is not a magic; %lsmagic lists them");
            };
        } catch (Throwable e) {
            if (interrupted.get()) {
                return new Outcome(false, null, CellError.interrupted(null));
            }
            return error(e.getClass().getSimpleName(), "%" + name + ": " + e.getMessage());
        }
    }

    private Outcome timed(Supplier<Outcome> body) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
        long t0 = System.nanoTime();
        Outcome o = body.get();
        long wall = System.nanoTime() - t0;
        long cpu = cpu0 < 0 ? -1 : ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() - cpu0;
        System.out.println((cpu < 0 ? "" : "CPU times: total " + duration(cpu) + " (all JVM threads)\n")
                + "Wall time: " + duration(wall));
        return o;
    }

    /** IPython's %timeit: n loops per run, chosen so a run takes >= 0.2 s; 7 runs; mean +- std. */
    private Outcome timeit(String args) throws Throwable {
        int n = 0;
        int r = 7;
        List<String> words = new ArrayList<>(Arrays.asList(args.split("\\s+")));
        while (words.size() >= 2 && (words.get(0).equals("-n") || words.get(0).equals("-r"))) {
            int v = Integer.parseInt(words.get(1));
            if (words.get(0).equals("-n")) {
                n = v;
            } else {
                r = v;
            }
            words = words.subList(2, words.size());
        }
        String code = String.join(" ", words).strip();
        if (code.endsWith(";")) {
            code = code.substring(0, code.length() - 1);
        }
        if (code.isEmpty()) {
            return error("UsageError", "%timeit [-n N] [-r R] <statement or expression>");
        }
        Outcome f = ev.eval("(java.util.function.Supplier<Object>) () -> (" + code + ")", "%timeit");
        if (f.error() != null) {
            f = ev.eval("(Runnable) () -> { " + code + "; }", "%timeit");
        }
        if (f.error() != null || !f.hasValue()) {
            return f;
        }
        Object fn = f.value();
        Runnable body = fn instanceof Runnable run ? run : () -> ((Supplier<?>) fn).get();
        int loops = n;
        int runs = r;
        double[] measured = (double[]) ev.runner().run(() -> measure(body, loops, runs));
        long loopsEach = (long) measured[runs];
        double[] perLoop = Arrays.copyOf(measured, runs);
        double mean = Arrays.stream(perLoop).average().orElse(0);
        double var = Arrays.stream(perLoop).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, perLoop.length - 1);
        System.out.printf(Locale.ROOT, "%s ± %s per loop (mean ± std. dev. of %d runs, %d loops each)%n",
                duration(mean), duration(Math.sqrt(var)), runs, loopsEach);
        return ok();
    }

    private static double[] measure(Runnable body, int n, int r) {
        if (n <= 0) {
            n = 1;
            for (int k = 0; ; k++) {
                long t = time(body, n);
                if (t >= 200_000_000L || n >= 1_000_000_000) {
                    break;
                }
                n = new int[]{2, 5, 10}[k % 3] * (int) Math.pow(10, k / 3);
            }
        }
        double[] perLoop = new double[r + 1];
        perLoop[r] = n;
        for (int i = 0; i < r; i++) {
            perLoop[i] = (double) time(body, n) / n;
        }
        return perLoop;
    }

    private static long time(Runnable body, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            body.run();
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("%timeit interrupted");
            }
        }
        return System.nanoTime() - t0;
    }

    static String duration(double nanos) {
        if (nanos < 1e3) {
            return String.format(Locale.ROOT, "%.3g ns", nanos);
        } else if (nanos < 1e6) {
            return String.format(Locale.ROOT, "%.3g µs", nanos / 1e3);
        } else if (nanos < 1e9) {
            return String.format(Locale.ROOT, "%.3g ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.3g s", nanos / 1e9);
    }

    private Outcome classpath(String args) {
        if (args.isBlank()) {
            System.out.println(String.join(File.pathSeparator, ev.addedClasspath()));
            return ok();
        }
        int added = 0;
        for (String a : args.split("\\s+")) {
            String p = a.startsWith("~") ? System.getProperty("user.home") + a.substring(1) : a;
            if (p.endsWith("/*")) {
                File dir = new File(p.substring(0, p.length() - 2));
                File[] jars = dir.listFiles((d, f) -> f.endsWith(".jar"));
                if (jars == null) {
                    return error("FileNotFoundException", "%classpath: no directory " + dir);
                }
                Arrays.sort(jars);
                for (File j : jars) {
                    ev.addToClasspath(j.getAbsolutePath());
                    added++;
                }
            } else {
                File f = new File(p);
                if (!f.exists()) {
                    return error("FileNotFoundException", "%classpath: " + f + " does not exist");
                }
                ev.addToClasspath(f.getAbsolutePath());
                added++;
            }
        }
        classpathChanged.run();
        System.out.println("Added " + added + (added == 1 ? " entry" : " entries") + " to the class path");
        return ok();
    }

    private Outcome maven(String args) throws Exception {
        List<String> coords = Arrays.stream(args.split("\\s+")).filter(s -> !s.isBlank()).toList();
        if (coords.isEmpty()) {
            return error("UsageError", "%maven groupId:artifactId:version [...]");
        }
        List<Path> jars = MavenResolver.resolve(coords);
        for (Path j : jars) {
            ev.addToClasspath(j.toString());
        }
        classpathChanged.run();
        System.out.println("Resolved " + String.join(", ", coords) + ": added " + jars.size()
                + (jars.size() == 1 ? " jar" : " jars") + " to the class path");
        for (Path j : jars) {
            System.out.println("  " + j.getFileName());
        }
        return ok();
    }

    private Outcome load(String args, String label) throws Exception {
        if (args.isBlank()) {
            return error("UsageError", "%load <file>");
        }
        String p = args.startsWith("~") ? System.getProperty("user.home") + args.substring(1) : args;
        String code = Files.readString(Path.of(p));
        return run(code, label + " via %load " + Path.of(p).getFileName());
    }

    private Outcome threads(String args) throws Exception {
        Class<?> torch;
        try {
            torch = Class.forName("org.tensorshell.Torch");
        } catch (ClassNotFoundException e) {
            return error("UnsupportedOperationException", "%threads: org.tensorshell.Torch is not on the class path");
        }
        if (!args.isBlank()) {
            int n = Integer.parseInt(args.strip());
            torch.getMethod("setNumThreads", int.class).invoke(null, n);
        }
        try {
            System.out.println("Tensor operations use " + torch.getMethod("getNumThreads").invoke(null) + " threads");
        } catch (NoSuchMethodException e) {
            System.out.println("Tensor operations use " + args.strip() + " threads");
        }
        return ok();
    }

    private static Outcome ok() {
        return new Outcome(false, null, null);
    }

    private static Outcome error(String ename, String message) {
        return new Outcome(false, null, CellError.of(ename, message));
    }
}
