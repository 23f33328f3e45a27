package org.tensorshell;

import java.util.Objects;

/**
 * Where a tensor's data lives: {@code cpu} or {@code cuda[:index]}.
 * {@link #cudaAvailable()} asks the installed backends; without one every tensor lives on the CPU.
 */
public record Device(Type type, int index) {
    public enum Type { CPU, CUDA }

    public static final Device CPU = new Device(Type.CPU, -1);
    public static final Device CUDA = new Device(Type.CUDA, -1);

    public Device {
        Objects.requireNonNull(type, "type");
        if (index < -1) throw new IllegalArgumentException("Device: index must be >= 0 (or -1 for the current device), got " + index);
    }

    /** Parses {@code "cpu"}, {@code "cuda"} or {@code "cuda:1"}. */
    public static Device of(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        int idx = -1;
        if (colon >= 0) {
            try {
                idx = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Device: bad device index in '" + spec + "'; expected e.g. 'cuda:0'");
            }
        }
        return switch (kind) {
            case "cpu" -> CPU;
            case "cuda" -> new Device(Type.CUDA, idx);
            default -> throw new IllegalArgumentException("Device: unknown device '" + spec + "'; valid: 'cpu', 'cuda', 'cuda:N'");
        };
    }

    /** Whether a CUDA backend is installed and found a usable GPU. */
    public static boolean cudaAvailable() {
        return org.tensorshell.core.Backends.cudaUnavailableReason() == null;
    }

    @Override
    public String toString() {
        String base = type == Type.CPU ? "cpu" : "cuda";
        return index < 0 ? base : base + ":" + index;
    }
}
