package org.tensorshell.kernel.eval;

import jdk.jshell.JShell;
import org.tensorshell.kernel.Log;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles one class in one javac task, in JShell's own javac context for compiling snippets:
 * same task pool, same options, same file manager (the class path, JShell's classes of package
 * {@code REPL}, class path additions), so what JShell's context has read and completed is not
 * read again, and the first compilation after start-up is as fast as JShell's next one.
 *
 * <p>JShell needs three javac tasks for a snippet (parse, analyse, generate); a cell's final
 * expression compiled here needs one, which is most of a trivial cell's time. A compilation runs
 * holding the lock JShell's own tasks hold (its task factory), and ends as JShell's tasks end:
 * package {@code REPL} is dropped from the symbol table, and the class files the task wrote are
 * taken out of JShell's file manager, so JShell never sees them.
 *
 * <p>It reaches into {@code jdk.jshell} and {@code jdk.compiler}: the kernel's JVM opens and
 * exports what it needs ({@code --add-opens jdk.jshell/jdk.jshell},
 * {@code --add-opens jdk.compiler/com.sun.tools.javac.api},
 * {@code --add-exports jdk.compiler/com.sun.tools.javac.{code,util}}, all set by the kernelspec).
 * Without them, or on a JDK whose JShell is built differently, {@link #create} returns null and
 * every cell goes through JShell.
 */
final class DirectCompiler {
    static final String PACKAGE = "REPL";

    /**
     * The outcome of {@link #compile}: class files by binary name, or javac's error messages;
     * {@code voidValue} when the only error is that a value of type void was used (a void method's
     * call where the source wanted its value).
     */
    record Result(Map<String, byte[]> classes, List<String> errors, boolean voidValue) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * After a compilation that succeeded, only JShell's classes and this task's own are dropped from
     * the symbol table (JShell drops every class of package REPL it finds among all the classes javac
     * knows, which took about a sixth of a trivial cell's time); after one that failed, and every
     * so many, everything JShell would drop is.
     */
    private static final int THOROUGH_EVERY = 64;

    /** javac's codes for a void value where one is needed ("incompatible types: void cannot be converted"). */
    private static final String MISMATCH = "compiler.err.prob.found.req", VOID_NOT_ALLOWED = "compiler.err.void.not.allowed.here";

    private final JShell shell;
    private final Internals internals;
    private final ImportFilter imports = new ImportFilter();
    /** {@code -Dtensorshell.narrowImports=false} compiles with all of JShell's imports. */
    private static final boolean NARROW_IMPORTS = !"false".equals(System.getProperty("tensorshell.narrowImports"));
    private long compilations;

    private DirectCompiler(JShell shell, Internals internals) {
        this.shell = shell;
        this.internals = internals;
    }

    /** A compiler that shares {@code shell}'s javac context, or null where it cannot be reached. */
    static DirectCompiler create(JShell shell) {
        try {
            Internals internals = Internals.load();
            if (internals == null) {
                Log.info("cells compile through JShell only: the kernel's JVM does not open jdk.jshell and "
                        + "jdk.compiler's internals (--add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED "
                        + "--add-opens jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED "
                        + "--add-exports jdk.compiler/com.sun.tools.javac.{code,util}=ALL-UNNAMED)");
                return null;
            }
            return new DirectCompiler(shell, internals);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Log.warn("cells compile through JShell only", e);
            return null;
        }
    }

    /**
     * Compiles the compilation unit of class {@code binaryName} in package {@code REPL}: {@code header}
     * (the package line and JShell's imports), narrowed to the imports {@code body} can use
     * ({@link ImportFilter}), and {@code body}. Never throws for bad source: errors come back in the
     * result. Returns null when JShell has not compiled a snippet yet (its context does not exist).
     */
    synchronized Result compile(String binaryName, String header, String body) {
        if (!NARROW_IMPORTS) {
            return compile(binaryName, header + body);
        }
        String source;
        try {
            Object factory = internals.taskFactory.get(shell);
            synchronized (factory) { // listing packages uses JShell's file manager, as its tasks do
                JavaFileManager files = (JavaFileManager) internals.fileManager.get(factory);
                source = imports.narrow(header, body, target -> members(files, target)) + body;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            source = header + body;
        }
        return compile(binaryName, source);
    }

    /** After a change of the class path: what on-demand imports provide is listed again. */
    void classPathChanged() {
        imports.clear();
    }

    /**
     * The simple names an on-demand import provides ({@code target} is a package or class name,
     * prefixed "static " for a static import), or null where that cannot be known: package
     * {@code REPL} (its classes change with every cell), or a class this kernel cannot load.
     */
    private static Set<String> members(JavaFileManager files, String target) {
        boolean isStatic = target.startsWith("static ");
        String name = isStatic ? target.substring("static ".length()) : target;
        if (name.equals(PACKAGE) || name.startsWith(PACKAGE + ".")) {
            return null;
        }
        Set<String> names = new java.util.HashSet<>();
        if (!isStatic) { // a package's top-level types, from the class path and the platform's modules
            try {
                Set<JavaFileObject.Kind> classes = Set.of(JavaFileObject.Kind.CLASS);
                for (JavaFileObject f : files.list(javax.tools.StandardLocation.CLASS_PATH, name, classes, false)) {
                    names.add(simpleName(files.inferBinaryName(javax.tools.StandardLocation.CLASS_PATH, f)));
                }
                for (Set<JavaFileManager.Location> set : files.listLocationsForModules(javax.tools.StandardLocation.SYSTEM_MODULES)) {
                    for (JavaFileManager.Location module : set) {
                        for (JavaFileObject f : files.list(module, name, classes, false)) {
                            names.add(simpleName(files.inferBinaryName(module, f)));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
            if (!names.isEmpty()) {
                return names;
            }
        }
        // a class: its member types (import p.C.*) or its static members (import static p.C.*), inherited ones too
        Class<?> c = loadable(name);
        if (c == null) {
            return null;
        }
        java.util.ArrayDeque<Class<?>> pending = new java.util.ArrayDeque<>(List.of(c));
        Set<Class<?>> seen = new java.util.HashSet<>();
        try {
            while (!pending.isEmpty()) {
                Class<?> k = pending.pop();
                if (!seen.add(k)) {
                    continue;
                }
                for (java.lang.reflect.Field f : k.getDeclaredFields()) {
                    names.add(f.getName());
                }
                for (java.lang.reflect.Method m : k.getDeclaredMethods()) {
                    names.add(m.getName());
                }
                for (Class<?> member : k.getDeclaredClasses()) {
                    names.add(member.getSimpleName());
                }
                if (k.getSuperclass() != null) {
                    pending.push(k.getSuperclass());
                }
                pending.addAll(List.of(k.getInterfaces()));
            }
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
        return names;
    }

    private static String simpleName(String binaryName) {
        return binaryName.substring(binaryName.lastIndexOf('.') + 1);
    }

    /** The class of a canonical name ({@code p.Outer.Inner} is binary {@code p.Outer$Inner}), or null. */
    private static Class<?> loadable(String canonical) {
        String binary = canonical;
        while (true) {
            try {
                return Class.forName(binary, false, DirectCompiler.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                int dot = binary.lastIndexOf('.');
                if (dot < 0) {
                    return null;
                }
                binary = binary.substring(0, dot) + "$" + binary.substring(dot + 1);
            }
        }
    }

    /**
     * Compiles {@code source}, the compilation unit of class {@code binaryName} in package
     * {@code REPL}, as written. Never throws for bad source: errors come back in the result. Returns
     * null when JShell has not compiled a snippet yet (its context does not exist).
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
        try {
            Object factory = internals.taskFactory.get(shell);
            synchronized (factory) { // JShell's tasks hold this lock too: one task at a time in its contexts
                Object pool = internals.pool.get(factory);
                List<String> options = internals.compileOptions(pool);
                if (options == null) {
                    return null;
                }
                JavaFileManager files = (JavaFileManager) internals.fileManager.get(factory);
                Map<String, byte[]> out = new LinkedHashMap<>();
                boolean thorough = ++compilations % THOROUGH_EVERY == 0;
                Boolean ok;
                try (CompileCore.Pinned pinned = CompileCore.enter()) { // the JIT keeps off this task's CPU
                    ok = internals.run(pool, files, diagnostics, options, List.of(unit), task -> {
                        Object context = internals.context(task); // the task lets go of it when it ends
                        internals.prepare(context);
                        boolean done = false;
                        try {
                            done = Boolean.TRUE.equals(task.call());
                            return done;
                        } finally {
                            internals.takeOutput(files, binaryName, out);
                            List<String> only = done && !thorough ? internals.replNames(files, out.keySet()) : null;
                            internals.forgetRepl(context, only);
                        }
                    });
                }
                var failures = diagnostics.getDiagnostics().stream()
                        .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR).toList();
                List<String> errors = new ArrayList<>(
                        failures.stream().map(d -> d.getMessage(java.util.Locale.ROOT)).toList());
                boolean voidValue = failures.size() == 1 && (VOID_NOT_ALLOWED.equals(failures.get(0).getCode())
                        || (MISMATCH.equals(failures.get(0).getCode()) && errors.get(0).contains("void")));
                if (!Boolean.TRUE.equals(ok) && errors.isEmpty()) {
                    errors.add("javac failed without a message");
                }
                return new Result(Map.copyOf(out), List.copyOf(errors), voidValue);
            }
        } catch (RuntimeException | ReflectiveOperationException e) {
            // a crashed task is not returned to the pool; the next compilation starts a new context
            return new Result(Map.of(), List.of("javac failed: " + e), false);
        }
    }

    /** Reflective access to JShell's task factory, javac's task pool and symbol table. */
    private static final class Internals {
        final Field taskFactory;
        final Field pool;
        final Field fileManager;
        private final Field classObjects;
        private final Field contextsByOptions;
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
        private final List<Method> preRegisters = new ArrayList<>();
        private Object knownPool;
        private List<String> knownOptions;

        private Internals() throws ReflectiveOperationException {
            taskFactory = accessible(JShell.class.getDeclaredField("taskFactory"));
            Class<?> factoryType = Class.forName("jdk.jshell.TaskFactory");
            pool = accessible(factoryType.getDeclaredField("javacTaskPool"));
            fileManager = accessible(factoryType.getDeclaredField("fileManager"));
            classObjects = accessible(Class.forName("jdk.jshell.MemoryFileManager").getDeclaredField("classObjects"));
            Class<?> poolType = Class.forName("com.sun.tools.javac.api.JavacTaskPool");
            contextsByOptions = accessible(poolType.getDeclaredField("options2Contexts"));
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
            for (String nested : List.of("DisableAccessibilityResolve", "JShellAnalyzeParserFactory")) {
                preRegisters.add(accessible(Class.forName("jdk.jshell.TaskFactory$" + nested)
                        .getDeclaredMethod("preRegister", context)));
            }
        }

        private static Method accessible(Method m) {
            m.setAccessible(true);
            return m;
        }

        /**
         * What JShell's own tasks register in a context before they run (its resolver and parser
         * factory; no-ops once the context has them): a context this task is the first to use
         * (JShell's pool drops its least recently used one beyond five) must be one JShell can use.
         */
        void prepare(Object context) {
            try {
                for (Method m : preRegisters) {
                    m.invoke(null, context);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot prepare the javac context as JShell does", e);
            }
        }

        private static Field accessible(Field f) {
            f.setAccessible(true);
            return f;
        }

        /** Null where the packages are not open or exported to this module. */
        static Internals load() throws ReflectiveOperationException {
            Module javac = ModuleLayer.boot().findModule("jdk.compiler").orElse(null);
            Module self = DirectCompiler.class.getModule();
            if (javac == null || !JShell.class.getModule().isOpen("jdk.jshell", self)
                    || !javac.isOpen("com.sun.tools.javac.api", self)) {
                return null;
            }
            for (String p : List.of("com.sun.tools.javac.code", "com.sun.tools.javac.util")) {
                if (!javac.isExported(p, self)) {
                    return null;
                }
            }
            return new Internals();
        }

        /**
         * The options JShell compiles snippets with, as its task pool keys that context: the one
         * option list with {@code -parameters} (JShell's parse and analysis tasks have other lists).
         * Null until JShell has compiled a snippet.
         */
        List<String> compileOptions(Object currentPool) throws ReflectiveOperationException {
            if (currentPool == knownPool && knownOptions != null) {
                return knownOptions;
            }
            List<String> found = null;
            synchronized (currentPool) {
                for (Object key : ((Map<?, ?>) contextsByOptions.get(currentPool)).keySet()) {
                    @SuppressWarnings("unchecked")
                    List<String> opts = (List<String>) key;
                    if (opts.contains("-parameters") && opts.stream().noneMatch(o -> o.startsWith("--should-stop"))) {
                        found = List.copyOf(opts);
                    }
                }
            }
            knownPool = currentPool;
            knownOptions = found;
            return found;
        }

        <Z> Z run(Object pool, JavaFileManager fm, DiagnosticCollector<JavaFileObject> diagnostics,
                  List<String> options, List<JavaFileObject> units, Function<com.sun.source.util.JavacTask, Z> body)
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
                Z z = (Z) getTask.invoke(pool, null, fm, diagnostics, options, null, units, worker);
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
         * Moves the class files of {@code binaryName} (and its nested classes) out of JShell's file
         * manager into {@code out}.
         */
        void takeOutput(JavaFileManager files, String binaryName, Map<String, byte[]> out) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, JavaFileObject> written = (Map<String, JavaFileObject>) classObjects.get(files);
                for (Iterator<Map.Entry<String, JavaFileObject>> it = written.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JavaFileObject> e = it.next();
                    String name = e.getKey();
                    if (name.equals(binaryName) || name.startsWith(binaryName + "$")) {
                        try (InputStream in = e.getValue().openInputStream()) {
                            out.put(name, in.readAllBytes());
                        }
                        it.remove();
                    }
                }
            } catch (ReflectiveOperationException | IOException e) {
                throw new IllegalStateException("cannot take the compiled class out of JShell's file manager", e);
            }
        }

        Object context(com.sun.source.util.JavacTask task) {
            try {
                return getContext.invoke(task);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot reach the javac task's context", e);
            }
        }

        /** The names of every class JShell has compiled, and {@code own}. */
        List<String> replNames(JavaFileManager files, Set<String> own) {
            try {
                List<String> all = new ArrayList<>(((Map<?, ?>) classObjects.get(files)).size() + own.size());
                for (Object name : ((Map<?, ?>) classObjects.get(files)).keySet()) {
                    all.add((String) name);
                }
                all.addAll(own);
                return all;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read JShell's class names", e);
            }
        }

        /**
         * Drops package {@code REPL} and its classes from the context's symbol table, as JShell does
         * at the end of each of its tasks, so the next task lists the package (with JShell's newest
         * classes) again: the classes named in {@code only}, or, where it is null, every class of the
         * package among all the classes javac knows (as JShell does).
         */
        void forgetRepl(Object context, List<String> only) {
            try {
                Object syms = symtabInstance.invoke(null, context);
                Object names = namesInstance.invoke(null, context);
                Object module = unnamedModule.get(syms);
                Object repl = getPackage.invoke(syms, module, fromString.invoke(names, PACKAGE));
                if (repl == null) {
                    return;
                }
                List<Object> drop = new ArrayList<>();
                if (only != null) {
                    for (String n : only) {
                        drop.add(fromString.invoke(names, n));
                    }
                } else {
                    for (Object c : (Iterable<?>) getAllClasses.invoke(syms)) {
                        if (packge.invoke(c) == repl) {
                            drop.add(flatName.invoke(c));
                        }
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
