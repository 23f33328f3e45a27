package org.tensorshell.kernel.eval;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.tensorshell.kernel.Log;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * JShell's in-process execution engine, adapted for a notebook.
 *
 * <ul>
 *   <li>A cell's value is kept as the real object (JShell itself would only return its
 *       toString): {@link #invoke(Method)} returns a key and {@link #take(String)} hands the
 *       object to the display code.</li>
 *   <li>Cell code runs on a {@link CellRunner} worker thread, so an interrupt can stop it.
 *       The JDK's {@link LocalExecutionControl} instruments every cell class with a check of the
 *       static flag {@code REPL.$Cancel$.allStop} at method entry and before each backward
 *       branch; raising that flag makes a pure-Java {@code while (true)} throw within
 *       microseconds, no {@code Thread.stop} needed.</li>
 *   <li>{@code System.exit} and friends in cell code are redirected to {@link Guards}.</li>
 * </ul>
 */
public final class CellControl extends LocalExecutionControl {
    private static final String CANCEL_CLASS = "REPL.$Cancel$";
    private static final Method NOOP;

    static {
        try {
            NOOP = CellControl.class.getDeclaredMethod("noop");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CellRunner runner;
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private volatile Field stopFlag;
    private boolean stopFlagTried;
    private volatile boolean lastStopped;
    private volatile Class<?> lastInvoked;
    private volatile Throwable lastThrown;
    private volatile boolean stopPending;
    private boolean capturing;
    private Object[] captured;

    public CellControl(CellRunner runner) {
        this.runner = runner;
    }

    /** Used once to make the superclass generate and load its stop-flag class. */
    public static Object noop() {
        return null;
    }

    /** Provider to hand to {@code JShell.builder().executionEngine(...)}. */
    public static ExecutionControlProvider provider(CellControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "tensorshell";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        install(cbcs);
    }

    /** Loads classes compiled by the kernel itself (not JShell), instrumented like JShell's. */
    void loadOwn(ClassBytecodes[] cbcs) throws ExecutionControlException {
        install(cbcs);
    }

    private void install(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(Stream.of(cbcs)
                .map(c -> new ClassBytecodes(c.name(), ExitRewriter.rewrite(c.bytecodes())))
                .toArray(ClassBytecodes[]::new));
    }

    /**
     * The object a JShell variable holds: {@code read} is a call of JShell's own
     * {@code varValue}, which finds the variable's class and field and reaches
     * {@link #varValue(String, String)}; there the field is read without turning it into a
     * string. Null if JShell could not read it.
     */
    public synchronized Object[] variable(Runnable read) {
        capturing = true;
        captured = null;
        try {
            read.run();
            return captured;
        } finally {
            capturing = false;
            captured = null;
        }
    }

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        if (!capturing) {
            return super.varValue(className, varName);
        }
        try {
            captured = new Object[]{staticField(findClass(className), varName).get(null)};
            return "";
        } catch (Throwable e) {
            throw new InternalException(e.toString());
        }
    }

    /** True if cell code was started since {@link #beginSnippet()}. */
    public boolean snippetRan() {
        return lastInvoked != null;
    }

    /**
     * Sets the static field {@code name} of the class whose code ran last to null, so that the
     * class (which JShell's loader keeps) no longer holds the value. Quietly does nothing if
     * there is no such field.
     */
    public void clearLastStatic(String name) {
        Class<?> c = lastInvoked;
        if (c == null) {
            return;
        }
        try {
            Field f = staticField(c, name);
            if (!f.getType().isPrimitive()) {
                f.set(null, null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.info("could not clear " + c.getName() + "." + name + ": " + e);
        }
    }

    private static Field staticField(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** Starts a new cell: forgets a stop request aimed at the cell before. */
    public void beginCell() {
        stopPending = false;
        lastStopped = false;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        initStopFlag();
        setStopFlag(false);
        lastInvoked = doit.getDeclaringClass();
        lastStopped = false;
        if (stopPending) { // interrupted while the cell was still being compiled
            lastStopped = true;
            throw new StoppedException();
        }
        try {
            Object value = runner.run(() -> doit.invoke(null));
            String key = "tensorshell-value-" + keys.incrementAndGet();
            values.put(key, value == null ? NULL : value);
            return key;
        } catch (CellRunner.StuckException e) {
            lastStopped = true;
            lastThrown = e;
            throw new StoppedException();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (runner.stopRequested() || isThreadDeath(cause)) {
                lastStopped = true;
                throw new StoppedException();
            }
            lastThrown = cause;
            throw e;
        } catch (Exception e) {
            throw e;
        } catch (Throwable t) {
            lastThrown = t;
            throw new InvocationTargetException(t);
        }
    }

    private static final Object NULL = new Object();

    private static boolean isThreadDeath(Throwable t) {
        return t != null && t.getClass().getName().equals("java.lang.ThreadDeath");
    }

    /** Removes and returns the value stored under {@code key}; absent keys give null. */
    public Object take(String key) {
        Object v = key == null ? null : values.remove(key);
        return v == NULL ? null : v;
    }

    public boolean hasValue(String key) {
        return key != null && values.containsKey(key);
    }

    /** Forgets values that no snippet asked for (statements, declarations). */
    public void clearValues() {
        values.clear();
    }

    /** True if the last invocation ended because it was stopped. */
    public boolean lastStopped() {
        return lastStopped;
    }

    /** The real throwable of the last failed invocation (JShell keeps only its class name). */
    public Throwable lastThrown() {
        return lastThrown;
    }

    /** Starts a snippet: forgets the code that ran and the throwable of the snippet before. */
    public void beginSnippet() {
        lastThrown = null;
        lastInvoked = null;
    }

    /** Stops the running code; a cell still compiling is stopped as soon as its code starts. */
    @Override
    public void stop() {
        stopPending = true;
        setStopFlag(true);
        runner.stop();
    }

    private synchronized void initStopFlag() {
        if (stopFlagTried) {
            return;
        }
        stopFlagTried = true;
        try {
            super.invoke(NOOP);
            Field f = findClass(CANCEL_CLASS).getField("allStop");
            f.setAccessible(true);
            stopFlag = f;
        } catch (Throwable e) {
            Log.warn("JShell's stop flag is not available on this JDK; interrupts rely on Thread.interrupt", e);
        }
    }

    private void setStopFlag(boolean on) {
        Field f = stopFlag;
        if (f != null) {
            try {
                f.setBoolean(null, on);
            } catch (IllegalAccessException e) {
                Log.warn("cannot set JShell's stop flag", e);
            }
        }
    }
}
