package org.tensorshell.display;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Renderers for foreign types. Lookup walks the value's type hierarchy breadth-first (class, its
 * interfaces, superclass, their interfaces, ...); among the renderers registered for any of those types
 * the highest priority wins, then the nearest type, then the latest registration. A renderer that
 * returns null passes the value to the next candidate. The candidate list per class is cached.
 */
public final class DisplayRegistry {
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, List<Renderer<?>>> cache = new ConcurrentHashMap<>();
    private int sequence;

    private record Entry(Renderer<?> renderer, int order) {}

    /** An empty registry (tests); {@link Display#registry()} is the shared one with the built-ins. */
    public DisplayRegistry() {}

    /** A registry with every renderer that {@link ServiceLoader} finds through {@code loader}. */
    public static DisplayRegistry withServiceLoader(ClassLoader loader) {
        DisplayRegistry r = new DisplayRegistry();
        r.loadProviders(loader);
        return r;
    }

    /** Adds the providers of {@code META-INF/services/org.tensorshell.display.Renderer} visible to loader. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void loadProviders(ClassLoader loader) {
        var it = ServiceLoader.load(Renderer.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) break;
                register(it.next());
            } catch (ServiceConfigurationError e) {
                // A broken third-party provider must not take the built-in renderers down with it.
                System.err.println("display: skipping renderer provider: " + e.getMessage());
            }
        }
    }

    public synchronized <T> DisplayRegistry register(Renderer<T> renderer) {
        Objects.requireNonNull(renderer.type(), "renderer.type()");
        entries.add(new Entry(renderer, sequence++));
        cache.clear();
        return this;
    }

    public <T> DisplayRegistry register(Class<T> type, int priority, java.util.function.Function<? super T, MimeBundle> render) {
        return register(Renderer.of(type, priority, render));
    }

    public synchronized boolean unregister(Renderer<?> renderer) {
        boolean removed = entries.removeIf(e -> e.renderer == renderer);
        cache.clear();
        return removed;
    }

    /** The renderers that apply to values of {@code type}, in the order they are tried. */
    public List<Renderer<?>> candidates(Class<?> type) {
        return cache.computeIfAbsent(type, this::rank);
    }

    /** The first non-null bundle of the candidates for value's class, or null. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public MimeBundle render(Object value) {
        if (value == null) return null;
        for (Renderer r : candidates(value.getClass())) {
            MimeBundle b = r.render(value);
            if (b != null) return b;
        }
        return null;
    }

    private List<Renderer<?>> rank(Class<?> type) {
        Map<Class<?>, Integer> distance = hierarchy(type);
        List<Entry> hits = new ArrayList<>();
        for (Entry e : entries) if (distance.containsKey(e.renderer.type())) hits.add(e);
        hits.sort((a, b) -> {
            int c = Integer.compare(b.renderer.priority(), a.renderer.priority());
            if (c != 0) return c;
            c = Integer.compare(distance.get(a.renderer.type()), distance.get(b.renderer.type()));
            return c != 0 ? c : Integer.compare(b.order, a.order);
        });
        return hits.stream().<Renderer<?>>map(Entry::renderer).toList();
    }

    /** Every supertype of {@code type} with its breadth-first distance; Object last. */
    static Map<Class<?>, Integer> hierarchy(Class<?> type) {
        Map<Class<?>, Integer> distance = new LinkedHashMap<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        queue.add(type);
        seen.add(type);
        distance.put(type, 0);
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            int d = distance.get(c);
            List<Class<?>> parents = new ArrayList<>(List.of(c.getInterfaces()));
            if (c.getSuperclass() != null && c.getSuperclass() != Object.class) parents.add(c.getSuperclass());
            for (Class<?> p : parents) {
                if (seen.add(p)) {
                    distance.put(p, d + 1);
                    queue.add(p);
                }
            }
        }
        distance.put(Object.class, Integer.MAX_VALUE);
        return distance;
    }
}
