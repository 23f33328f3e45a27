package org.tensorshell.kernel.eval;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.ArrayList;

/**
 * JShell's standard file manager, minus three repeated costs.
 *
 * <p>First, javac hands every task it creates the
 * option {@code --multi-release <release>}, always with the same value; the JDK's file manager
 * treats any option as a possible change of the search paths and throws away its index of the
 * class path's directories, which the next package lookup then rebuilds from every jar on the
 * class path. JShell runs three or four javac tasks per snippet, so with the kernel's few dozen
 * jars that rebuild was about a tenth of a trivial cell's compile time. Here an option that
 * repeats the value already in force is not passed on; everything else (a new value, class path
 * changes from {@code addToClasspath}) is, and so still resets the index.
 *
 * <p>Second, JShell forgets its package {@code REPL} at the end of every javac task (its classes
 * change from one snippet to the next), so the next task lists it again, which means looking for
 * the package in every jar of the class path. Those jars do not change: the class path's part of
 * the listing is kept until the class path or an option changes (JShell adds its own classes to
 * it itself).
 *
 * <p>Third, javac looks up compiler plugins in every task, through the loader of the annotation
 * processor path (the class path's, when that is not set), reading the service entries of every
 * jar. The kernel's compilations run no annotation processors ({@code -proc:none}) and name no
 * plugin, so that loader sees only the platform's classes.
 */
final class StableFileManager extends ForwardingJavaFileManager<StandardJavaFileManager>
        implements StandardJavaFileManager {
    private static final String MULTI_RELEASE = "--multi-release";

    private static final String REPL = "REPL";
    private static final ClassLoader NO_PLUGINS = new ClassLoader("tensorshell-no-plugins",
            ClassLoader.getPlatformClassLoader()) {
    };

    private String multiRelease;
    private List<JavaFileObject> replListing;
    private Set<JavaFileObject.Kind> replKinds;

    StableFileManager(StandardJavaFileManager delegate) {
        super(delegate);
    }

    @Override
    public synchronized boolean handleOption(String current, Iterator<String> remaining) {
        if (MULTI_RELEASE.equals(current) && remaining.hasNext()) {
            String value = remaining.next();
            if (value.equals(multiRelease)) {
                return true;
            }
            replListing = null;
            boolean handled = fileManager.handleOption(current, List.of(value).iterator());
            if (handled) {
                multiRelease = value;
            }
            return handled;
        }
        replListing = null;
        return fileManager.handleOption(current, remaining);
    }

    @Override
    public synchronized Iterable<JavaFileObject> list(Location location, String packageName,
                                                      Set<JavaFileObject.Kind> kinds, boolean recurse)
            throws IOException {
        if (location != StandardLocation.CLASS_PATH || !packageName.equals(REPL) || recurse) {
            return fileManager.list(location, packageName, kinds, recurse);
        }
        if (replListing == null || !kinds.equals(replKinds)) {
            List<JavaFileObject> found = new ArrayList<>();
            fileManager.list(location, packageName, kinds, false).forEach(found::add);
            replListing = List.copyOf(found);
            replKinds = Set.copyOf(kinds);
        }
        return replListing;
    }

    @Override
    public ClassLoader getClassLoader(Location location) {
        return location == StandardLocation.CLASS_PATH || location == StandardLocation.ANNOTATION_PROCESSOR_PATH
                ? NO_PLUGINS : fileManager.getClassLoader(location);
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return fileManager.isSameFile(a, b);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
        return fileManager.getJavaFileObjectsFromFiles(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return fileManager.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
        return fileManager.getJavaFileObjects(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
        return fileManager.getJavaFileObjects(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return fileManager.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return fileManager.getJavaFileObjects(names);
    }

    @Override
    public synchronized void setLocation(Location location, Iterable<? extends File> files) throws IOException {
        replListing = null;
        fileManager.setLocation(location, files);
    }

    @Override
    public synchronized void setLocationFromPaths(Location location, Collection<? extends Path> paths)
            throws IOException {
        replListing = null;
        fileManager.setLocationFromPaths(location, paths);
    }

    @Override
    public synchronized void setLocationForModule(Location location, String moduleName,
                                                  Collection<? extends Path> paths)
            throws IOException {
        replListing = null;
        fileManager.setLocationForModule(location, moduleName, paths);
    }

    @Override
    public Iterable<? extends File> getLocation(Location location) {
        return fileManager.getLocation(location);
    }

    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        return fileManager.getLocationAsPaths(location);
    }

    @Override
    public Path asPath(FileObject file) {
        return fileManager.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory f) {
        fileManager.setPathFactory(f);
    }
}
