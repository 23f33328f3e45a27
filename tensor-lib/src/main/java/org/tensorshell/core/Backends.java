package org.tensorshell.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.tensorshell.DType;
import org.tensorshell.Device;

/** The installed backends, loaded once with ServiceLoader; the reference backend is always last in line. */
public final class Backends {
    private Backends() {}

    private static volatile List<Backend> loaded;

    public static List<Backend> all() {
        List<Backend> l = loaded;
        if (l == null) {
            synchronized (Backends.class) {
                if (loaded == null) {
                    List<Backend> found = new ArrayList<>();
                    for (ServiceLoader.Provider<Backend> p : ServiceLoader.load(Backend.class).stream().toList()) {
                        try {
                            found.add(p.get());
                        } catch (Throwable t) {
                            System.err.println("tensorshell: backend " + p.type().getName() + " failed to load: " + t);
                        }
                    }
                    found.add(ReferenceBackend.INSTANCE);
                    found.sort(Comparator.comparingInt(Backend::priority).reversed());
                    loaded = List.copyOf(found);
                }
                l = loaded;
            }
        }
        return l;
    }

    /** The backend that runs a matrix product of this dtype and size. */
    public static Backend.Gemm gemm(DType dtype, int m, int n, int k) {
        for (Backend b : all()) {
            if (b instanceof Backend.Gemm g && b.unavailableReason() == null && g.accepts(dtype, m, n, k)) return g;
        }
        return ReferenceBackend.INSTANCE;
    }

    /** The usable backend with streaming-store kernels, or null when none is installed or usable. */
    public static Backend.Streaming streaming() {
        for (Backend b : all()) {
            if (b instanceof Backend.Streaming s && b.unavailableReason() == null) return s;
        }
        return null;
    }

    /** The usable backend with native softmax kernels, or null when none is installed or usable. */
    public static Backend.SoftmaxRows softmaxRows() {
        for (Backend b : all()) {
            if (b instanceof Backend.SoftmaxRows s && b.unavailableReason() == null) return s;
        }
        return null;
    }

    static void setNumThreads(int n) {
        for (Backend b : all()) if (b.unavailableReason() == null) b.setNumThreads(n);
    }

    /** Null when a CUDA backend is usable, otherwise the reason none is. */
    public static String cudaUnavailableReason() {
        String reason = "no CUDA backend is installed (Tensorshell runs on the CPU only)";
        for (Backend b : all()) {
            if (b instanceof Backend.Accelerator a && a.deviceType() == Device.Type.CUDA) {
                String r = b.unavailableReason();
                if (r == null) return null;
                reason = b.name() + ": " + r;
            }
        }
        return reason;
    }
}
