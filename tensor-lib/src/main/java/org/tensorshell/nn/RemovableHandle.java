package org.tensorshell.nn;

/** Removes a registered hook; closing it does the same, so a try-with-resources block scopes a hook. */
public interface RemovableHandle extends AutoCloseable {
    void remove();

    @Override
    default void close() { remove(); }
}
