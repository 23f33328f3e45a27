package org.tensorshell.kernel.eval;

import org.tensorshell.kernel.Log;

import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Compiles one class in one javac task, against the kernel's class path and the classes JShell has
 * loaded so far (package {@code REPL}), with a javac context that is kept from one compilation to
 * the next (the JDK's {@code JavacTaskPool}, as JShell itself uses).
 *
 * <p>JShell needs three javac tasks for a snippet (parse, analyse, generate); a cell's final
 * expression compiled here needs one, which is most of a trivial cell's time. The pool lives in
 * {@code jdk.compiler}'s internal API: the kernel's JVM exports the packages it needs
 * ({@code --add-exports jdk.compiler/com.sun.tools.javac.{api,code,util}=ALL-UNNAMED}, set by the
 * kernelspec); without them {@link #create} returns null and every cell goes through JShell.
 *
 * <p>When JShell has loaded new classes since the last compilation, the kept context forgets what
 * it knew of package {@code REPL} before the next one (as JShell does after each of its tasks), so
 * that redefined snippets are seen as they are now.
 */
final class DirectCompiler {
    static final String PACKAGE = "REPL";
    /**
     * javac recomputes the packages the unnamed module can see for each task, from every module
     * it reads; limited to the Java SE modules that is about a fifth less time for a trivial
     * expression. An expression that needs a jdk.* module's API does not compile here and goes
     * to JShell, which compiles it as usual.
     */
    private static final List<String> OPTIONS = List.of("-proc:none", "-Xlint:none", "--limit-modules", "java.se");

    /** Class files JShell has loaded: binary name to bytes, with a count of changes. */
    static final class ReplClasses {
        private final Map<String, byte[]> classes = new ConcurrentHashMap<>();
        private volatile long generation;

        void put(String binaryName, byte[] bytes) {
            classes.put(binaryName, bytes);
            generation++;
        }

        long generation() {
            return generation;
        }
    }

    /**
     * The outcome of {@link #compile}: class files by binary name, or javac's error messages and the
     * smallest source position an error points at (-1 if none does).
     */
    record Result(Map<String, byte[]> classes, List<String> errors, long firstErrorPosition) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    private final ReplClasses repl;
    private final StandardJavaFileManager standard;
    private final ReplFileManager fileManager;
    private final Internals internals;
    private Object pool;
    private long knownGeneration = -1;
    private long compilations;
    private static final int FORGET_EVERY = 256;

    private DirectCompiler(ReplClasses repl, StandardJavaFileManager standard, Internals internals) {
        this.repl = repl;
        this.standard = standard;
        this.fileManager = new ReplFileManager(standard, repl);
        this.internals = internals;
        this.pool = internals.newPool();
    }

    /** A compiler over {@code classPath}, or null where the JDK's internals are not reachable. */
    static DirectCompiler create(ReplClasses repl, List<String> classPath) {
        try {
            Internals internals = Internals.load();
            if (internals == null) {
                Log.info("cells compile through JShell only: the kernel's JVM does not export jdk.compiler's "
                        + "internals (--add-exports jdk.compiler/com.sun.tools.javac.{api,code,util}=ALL-UNNAMED)");
                return null;
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StandardJavaFileManager standard = new StableFileManager(
                    javac.getStandardFileManager(null, null, StandardCharsets.UTF_8));
            DirectCompiler c = new DirectCompiler(repl, standard, internals);
            c.setClassPath(classPath);
            return c;
        } catch (ReflectiveOperationException | RuntimeException | IOException | LinkageError e) {
            Log.warn("cells compile through JShell only", e);
            return null;
        }
    }

    /**
     * Readies the kept javac context: compiles a class with this package-and-imports header (the
     * packages it names are listed and their classes read once, here rather than in a cell).
     */
    void warmUp(String header) {
        String src = header + "class $Tensorshell$WarmUp {\n"
                + "    static java.lang.Object v() { return java.util.List.of(1, 2).size() + 1L; }\n}\n";
        Result r = compile(PACKAGE + ".$Tensorshell$WarmUp", src);
        if (!r.ok()) {
            Log.info("javac warm-up: " + r.errors());
        }
    }

    /** Sets the class path (entries as in java.class.path); starts a fresh javac context. */
    synchronized void setClassPath(List<String> entries) throws IOException {
        List<File> files = new ArrayList<>();
        for (String e : entries) {
            if (!e.isBlank()) {
                files.add(new File(e));
            }
        }
        standard.setLocation(StandardLocation.CLASS_PATH, files);
        // what the old context found (or did not find) in packages may have changed
        pool = internals.newPool();
        knownGeneration = -1;
    }

    /**
     * Compiles {@code source}, the compilation unit of class {@code binaryName} in package
     * {@code REPL}. Never throws for bad source: errors come back in the result.
     */
    synchronized Result compile(String binaryName, String source) {
        JavaFileObject unit = new SimpleJavaFileObject(
                URI.create("string:///" + binaryName.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, byte[]> out = new LinkedHashMap<>();
        fileManager.output = out;
        // javac drops each compiled class from its table afterwards, but package REPL, once listed, keeps
        // an entry per class: forget the package now and then even while JShell loads nothing new
        if (++compilations % FORGET_EVERY == 0) {
            knownGeneration = -1;
        }
        try {
            long generation = repl.generation();
            Boolean ok = internals.run(pool, fileManager, diagnostics, List.of(unit), task -> {
                if (generation != knownGeneration) {
                    internals.forgetRepl(task);
                }
                return task.call();
            });
            knownGeneration = generation;
            List<String> errors = new ArrayList<>();
            long first = -1;
            for (var d : diagnostics.getDiagnostics()) {
                if (d.getKind() == javax.tools.Diagnostic.Kind.ERROR) {
                    errors.add(d.getMessage(null));
                    long pos = d.getPosition();
                    if (pos >= 0 && (first < 0 || pos < first)) {
                        first = pos;
                    }
                }
            }
            if (!Boolean.TRUE.equals(ok) && errors.isEmpty()) {
                errors.add("javac failed without a message");
            }
            return new Result(Map.copyOf(out), List.copyOf(errors), first);
        } catch (RuntimeException | ReflectiveOperationException e) {
            // a crashed task is not returned to the pool; the next compilation starts a new context
            knownGeneration = -1;
            return new Result(Map.of(), List.of("javac failed: " + e), -1);
        } finally {
            fileManager.output = null;
        }
    }

    /** The standard file manager plus JShell's classes, with output kept in memory. */
    private static final class ReplFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final ReplClasses repl;
        Map<String, byte[]> output;

        ReplFileManager(StandardJavaFileManager standard, ReplClasses repl) {
            super(standard);
            this.repl = repl;
        }

        @Override
        public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                                             boolean recurse) throws IOException {
            Iterable<JavaFileObject> listed = super.list(location, packageName, kinds, recurse);
            if (location != StandardLocation.CLASS_PATH || !packageName.equals(PACKAGE)
                    || !kinds.contains(JavaFileObject.Kind.CLASS)) {
                return listed;
            }
            List<JavaFileObject> all = new ArrayList<>();
            listed.forEach(all::add);
            repl.classes.forEach((name, bytes) -> {
                if (name.lastIndexOf('.') == PACKAGE.length() && name.startsWith(PACKAGE + ".")) {
                    all.add(new ReplClassFile(name, bytes));
                }
            });
            return all;
        }

        /**
         * javac asks for the annotation processor loader (the class path's, when no processor path is set)
         * and looks up compiler plugins through it in every task, reading each jar's service entries; with
         * -proc:none and no -Xplugin the loader serves only that look-up, which here finds nothing.
         */
        @Override
        public ClassLoader getClassLoader(Location location) {
            return location == StandardLocation.CLASS_PATH || location == StandardLocation.ANNOTATION_PROCESSOR_PATH
                ? NO_PLUGINS : super.getClassLoader(location);
        }

        private static final ClassLoader NO_PLUGINS = new ClassLoader("tensorshell-no-plugins",
                ClassLoader.getPlatformClassLoader()) {
        };

        @Override
        public String inferBinaryName(Location location, JavaFileObject file) {
            return file instanceof ReplClassFile r ? r.binaryName : super.inferBinaryName(location, file);
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            if (a instanceof ReplClassFile || b instanceof ReplClassFile) {
                return a == b;
            }
            return super.isSameFile(a, b);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            Map<String, byte[]> sink = output;
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() throws IOException {
                            super.close();
                            if (sink != null) {
                                sink.put(className, toByteArray());
                            }
                        }
                    };
                }
            };
        }
    }

    private static final class ReplClassFile extends SimpleJavaFileObject {
        final String binaryName;
        private final byte[] bytes;

        ReplClassFile(String binaryName, byte[] bytes) {
            super(URI.create("mem:///" + binaryName.replace('.', '/') + ".class"), Kind.CLASS);
            this.binaryName = binaryName;
            this.bytes = bytes;
        }

        @Override
        public InputStream openInputStream() {
            return new ByteArrayInputStream(bytes);
        }
    }

    /** Reflective access to jdk.compiler's task pool and symbol table. */
    private static final class Internals {
        private final java.lang.reflect.Constructor<?> poolConstructor;
        private final Method getTask;
        private final Class<?> workerType;
        private final Method getContext;
        private final Method symtabInstance;
        private final Method namesInstance;
        private final Method fromString;
        private final Method getPackage;
        private final Method getAllClasses;
        private final Method removeClass;
        private final Method packge;
        private final Method flatName;
        private final Field unnamedModule;
        private final Field membersField;
        private final Field completer;
        private final Method finderInstance;
        private final Method getCompleter;

        private Internals() throws ReflectiveOperationException {
            Class<?> poolType = Class.forName("com.sun.tools.javac.api.JavacTaskPool");
            poolConstructor = poolType.getConstructor(int.class);
            workerType = Class.forName("com.sun.tools.javac.api.JavacTaskPool$Worker");
            getTask = poolType.getMethod("getTask", Writer.class, JavaFileManager.class,
                    javax.tools.DiagnosticListener.class, Iterable.class, Iterable.class, Iterable.class, workerType);
            Class<?> context = Class.forName("com.sun.tools.javac.util.Context");
            getContext = Class.forName("com.sun.tools.javac.api.BasicJavacTask").getMethod("getContext");
            Class<?> symtab = Class.forName("com.sun.tools.javac.code.Symtab");
            symtabInstance = symtab.getMethod("instance", context);
            Class<?> names = Class.forName("com.sun.tools.javac.util.Names");
            namesInstance = names.getMethod("instance", context);
            fromString = names.getMethod("fromString", String.class);
            Class<?> name = Class.forName("com.sun.tools.javac.util.Name");
            Class<?> moduleSymbol = Class.forName("com.sun.tools.javac.code.Symbol$ModuleSymbol");
            getPackage = symtab.getMethod("getPackage", moduleSymbol, name);
            getAllClasses = symtab.getMethod("getAllClasses");
            removeClass = symtab.getMethod("removeClass", moduleSymbol, name);
            Class<?> symbol = Class.forName("com.sun.tools.javac.code.Symbol");
            packge = symbol.getMethod("packge");
            flatName = symbol.getMethod("flatName");
            unnamedModule = symtab.getField("unnamedModule");
            membersField = Class.forName("com.sun.tools.javac.code.Symbol$PackageSymbol").getField("members_field");
            completer = symbol.getField("completer");
            Class<?> finder = Class.forName("com.sun.tools.javac.code.ClassFinder");
            finderInstance = finder.getMethod("instance", context);
            getCompleter = finder.getMethod("getCompleter");
        }

        /** Null where the packages are not exported to this module. */
        static Internals load() throws ReflectiveOperationException {
            Module javac = ModuleLayer.boot().findModule("jdk.compiler").orElse(null);
            Module self = DirectCompiler.class.getModule();
            if (javac == null) {
                return null;
            }
            for (String p : List.of("com.sun.tools.javac.api", "com.sun.tools.javac.code", "com.sun.tools.javac.util")) {
                if (!javac.isExported(p, self)) {
                    return null;
                }
            }
            return new Internals();
        }

        Object newPool() {
            try {
                return poolConstructor.newInstance(1);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        <Z> Z run(Object pool, JavaFileManager fm, DiagnosticCollector<JavaFileObject> diagnostics,
                  List<JavaFileObject> units, Function<com.sun.source.util.JavacTask, Z> body)
                throws ReflectiveOperationException {
            Object worker = Proxy.newProxyInstance(DirectCompiler.class.getClassLoader(), new Class<?>[]{workerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "withTask" -> body.apply((com.sun.source.util.JavacTask) args[0]);
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "tensorshell-worker";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            try {
                @SuppressWarnings("unchecked")
                Z z = (Z) getTask.invoke(pool, null, fm, diagnostics, OPTIONS, null, units, worker);
                return z;
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }

        /**
         * Drops package {@code REPL} and its classes from the kept context's symbol table, so the
         * package is listed again (with JShell's newest classes) when this task needs it.
         */
        void forgetRepl(com.sun.source.util.JavacTask task) {
            try {
                Object context = getContext.invoke(task);
                Object syms = symtabInstance.invoke(null, context);
                Object names = namesInstance.invoke(null, context);
                Object module = unnamedModule.get(syms);
                Object repl = getPackage.invoke(syms, module, fromString.invoke(names, PACKAGE));
                if (repl == null) {
                    return;
                }
                List<Object> drop = new ArrayList<>();
                for (Object c : (Iterable<?>) getAllClasses.invoke(syms)) {
                    if (packge.invoke(c) == repl) {
                        drop.add(flatName.invoke(c));
                    }
                }
                for (Object n : drop) {
                    removeClass.invoke(syms, module, n);
                }
                membersField.set(repl, null);
                completer.set(repl, getCompleter.invoke(finderInstance.invoke(null, context)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot reset package REPL in javac's symbol table", e);
            }
        }
    }
}
