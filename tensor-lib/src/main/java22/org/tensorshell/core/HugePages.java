package org.tensorshell.core;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Large off-heap buffers on transparent huge pages: an anonymous mapping of libc's {@code mmap}, aligned
 * to 2 MiB and marked {@code MADV_HUGEPAGE}, so that where the system's transparent huge pages are in
 * "madvise" mode (the usual default) the buffer is backed by 2 MiB pages. A matrix product over such
 * buffers misses the TLB far less often (2048x2048 float32: 2-3% faster here). Fresh mappings read as
 * zeros, as fresh direct buffers do.
 *
 * <p>A buffer is unmapped once it, and every buffer derived from it, is unreachable: its segment belongs
 * to an automatic arena, which every view of it keeps alive. {@link #mappedBytes} tells how many bytes are
 * mapped, for {@link OffHeap}'s accounting (the JDK's limit on direct memory does not see them). Loaded
 * only on JDK 22 or later (the foreign function API), by {@link OffHeap}.
 */
final class HugePages implements OffHeap.Mapper {
    private static final long HUGE_PAGE = 2L << 20;
    private static final int PROT_READ_WRITE = 0x3, MAP_PRIVATE_ANONYMOUS = 0x22, MADV_HUGEPAGE = 14;

    private final MethodHandle mmap, madvise, munmap;
    private final AtomicLong mapped = new AtomicLong();

    /** Throws where libc lacks the calls (the caller then uses plain direct buffers). */
    @SuppressWarnings("restricted")
    HugePages() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_LONG));
        madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }

    @Override
    @SuppressWarnings("restricted")
    public ByteBuffer map(int cap) {
        long length = cap + HUGE_PAGE; // room to align the start
        long base;
        try {
            base = ((MemorySegment) mmap.invokeExact(MemorySegment.NULL, length, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS,
                -1, 0L)).address();
        } catch (Throwable t) {
            return null;
        }
        if (base == -1L || base == 0L) return null; // MAP_FAILED
        long start = (base + HUGE_PAGE - 1) & -HUGE_PAGE;
        long whole = cap & -HUGE_PAGE; // the tail of a partial huge page keeps small pages
        try {
            if (whole > 0) {
                int ignored = (int) madvise.invokeExact(MemorySegment.ofAddress(start), whole, MADV_HUGEPAGE);
            }
        } catch (Throwable t) {
            // small pages then: the buffer is still good
        }
        mapped.addAndGet(length);
        MethodHandle unmap = munmap;
        AtomicLong count = mapped;
        MemorySegment segment = MemorySegment.ofAddress(start).reinterpret(cap, Arena.ofAuto(), s -> {
            try {
                int ignored = (int) unmap.invokeExact(MemorySegment.ofAddress(base), length);
            } catch (Throwable t) {
                return; // nothing to do but leave the mapping
            }
            count.addAndGet(-length);
        });
        return segment.asByteBuffer().order(ByteOrder.nativeOrder());
    }

    @Override
    public long mappedBytes() {
        return mapped.get();
    }
}
