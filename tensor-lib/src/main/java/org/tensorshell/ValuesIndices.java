package org.tensorshell;

public record ValuesIndices(Tensor values, Tensor indices) {}
