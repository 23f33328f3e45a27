package org.tensorshell;

/**
 * What {@code x.unique(sorted, returnInverse, returnCounts)} returns: the unique values in ascending
 * order, and (when asked for, else null) each element's position among them and each value's count.
 */
public record UniqueResult(Tensor values, Tensor inverse, Tensor counts) {}
