package org.tensorshell.display;

/** A value that knows how a notebook should show it: Tensorshell's own types implement this. */
@FunctionalInterface
public interface Displayable {
    MimeBundle toMimeBundle();
}
