package org.tensorshell;

/**
 * Element types, named as in PyTorch. {@link #FLOAT32} is the default floating type.
 * Promotion follows {@code torch.promote_types}: bool < integral < floating, wider wins within a category.
 */
public enum DType {
    BOOL("torch.bool", 1, Category.BOOL),
    INT32("torch.int32", 4, Category.INTEGRAL),
    INT64("torch.int64", 8, Category.INTEGRAL),
    FLOAT32("torch.float32", 4, Category.FLOATING),
    FLOAT64("torch.float64", 8, Category.FLOATING);

    /** Kinds of dtype, ordered as PyTorch orders them for promotion. */
    public enum Category { BOOL, INTEGRAL, FLOATING }

    private final String torchName;
    private final int itemSize;
    private final Category category;

    DType(String torchName, int itemSize, Category category) {
        this.torchName = torchName;
        this.itemSize = itemSize;
        this.category = category;
    }

    /** Bytes per element. */
    public int itemSize() { return itemSize; }

    public Category category() { return category; }

    public boolean isFloatingPoint() { return category == Category.FLOATING; }

    public boolean isIntegral() { return category == Category.INTEGRAL; }

    /** The name PyTorch prints, e.g. {@code torch.float32}. */
    public String torchName() { return torchName; }

    /** {@code torch.promote_types(a, b)}. */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a.category != b.category) return a.category.compareTo(b.category) > 0 ? a : b;
        return a.itemSize >= b.itemSize ? a : b;
    }

    /** {@code torch.can_cast(from, to)}: casting never lowers the category. */
    public static boolean canCast(DType from, DType to) {
        return from.category.compareTo(to.category) <= 0;
    }

    @Override
    public String toString() { return torchName; }
}
