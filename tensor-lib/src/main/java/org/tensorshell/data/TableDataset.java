package org.tensorshell.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} as a {@link TensorDataset}: the feature columns become one float32 [N, F] tensor,
 * the target column a vector [N]:
 * <ul>
 *   <li>integer columns (SHORT, INTEGER, LONG) give int64 class indices, for {@code CrossEntropyLoss};</li>
 *   <li>floating columns (FLOAT, DOUBLE) give float32 values, for regression losses;</li>
 *   <li>boolean columns give float32 0/1, for {@code BCEWithLogitsLoss};</li>
 *   <li>string columns give int64 indices into {@link #classes()}, the sorted distinct labels.</li>
 * </ul>
 * Feature columns must be numeric or boolean; missing values are an error naming the column and row.
 * Needs {@code tech.tablesaw:tablesaw-core} on the class path (an optional dependency of tensor-lib).
 * <pre>{@code
 * Table t = Table.read().csv("iris.csv");
 * var ds = TableDataset.of(t, List.of("sepal_length", "sepal_width"), "species");
 * }</pre>
 */
public final class TableDataset extends TensorDataset {
    private final List<String> featureNames;
    private final String targetName;
    private final List<String> classes;

    private TableDataset(Tensor x, Tensor y, List<String> featureNames, String targetName, List<String> classes) {
        super(x, y);
        this.featureNames = List.copyOf(featureNames);
        this.targetName = targetName;
        this.classes = List.copyOf(classes);
    }

    /** The given feature columns, in order, and the target column. */
    public static TableDataset of(Table table, List<String> featureColumns, String targetColumn) {
        if (featureColumns.isEmpty()) throw new TensorError("TableDataset: expected at least one feature column");
        Column<?> target = column(table, targetColumn);
        List<Column<?>> features = new ArrayList<>();
        for (String name : featureColumns) {
            if (name.equals(targetColumn)) {
                throw new TensorError("TableDataset: column \"" + name + "\" is both a feature and the target");
            }
            features.add(column(table, name));
        }
        int n = table.rowCount();
        Tensor x = features(features, n);
        List<String> classes = new ArrayList<>();
        Tensor y = target(target, n, classes);
        return new TableDataset(x, y, featureColumns, target.name(), classes);
    }

    /** Every column except {@code targetColumn} as a feature. */
    public static TableDataset of(Table table, String targetColumn) {
        List<String> features = new ArrayList<>(table.columnNames());
        column(table, targetColumn);
        features.removeIf(c -> c.equalsIgnoreCase(targetColumn));
        return of(table, features, targetColumn);
    }

    public List<String> featureNames() { return featureNames; }

    public String targetName() { return targetName; }

    /** For a string target, label {@code i} names {@code classes().get(i)}; empty for other targets. */
    public List<String> classes() { return classes; }

    private static Column<?> column(Table table, String name) {
        if (!table.containsColumn(name)) {
            throw new TensorError("TableDataset: table " + (table.name() == null ? "" : "\"" + table.name() + "\" ")
                + "has no column \"" + name + "\"; columns are " + table.columnNames());
        }
        return table.column(name);
    }

    private static Tensor features(List<Column<?>> columns, int n) {
        int f = columns.size();
        float[] data = new float[Math.multiplyExact(n, f)];
        for (int j = 0; j < f; j++) {
            double[] v = numeric(columns.get(j), "feature");
            for (int i = 0; i < n; i++) data[i * f + j] = (float) v[i];
        }
        return Torch.tensor(data).reshape(n, f);
    }

    private static double[] numeric(Column<?> c, String role) {
        checkMissing(c);
        if (c instanceof NumericColumn<?> num) return num.asDoubleArray();
        if (c instanceof BooleanColumn b) {
            double[] v = new double[b.size()];
            for (int i = 0; i < v.length; i++) v[i] = b.get(i) ? 1 : 0;
            return v;
        }
        throw new TensorError("TableDataset: " + role + " column \"" + c.name() + "\" has type " + c.type()
            + "; features must be numeric or boolean (encode categories first, e.g. one column per category)");
    }

    private static Tensor target(Column<?> c, int n, List<String> classes) {
        ColumnType t = c.type();
        if (t == ColumnType.SHORT || t == ColumnType.INTEGER || t == ColumnType.LONG) {
            checkMissing(c);
            long[] v = new long[n];
            NumericColumn<?> num = (NumericColumn<?>) c;
            for (int i = 0; i < n; i++) v[i] = (long) num.getDouble(i);
            return Torch.tensor(v);
        }
        if (t == ColumnType.STRING) {
            checkMissing(c);
            Map<String, Long> index = new TreeMap<>();
            for (int i = 0; i < n; i++) index.put(c.getString(i), 0L);
            long k = 0;
            for (Map.Entry<String, Long> e : index.entrySet()) {
                e.setValue(k++);
                classes.add(e.getKey());
            }
            long[] v = new long[n];
            for (int i = 0; i < n; i++) v[i] = index.get(c.getString(i));
            return Torch.tensor(v);
        }
        double[] v = numeric(c, "target");
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) v[i];
        return Torch.tensor(f).to(DType.FLOAT32);
    }

    private static void checkMissing(Column<?> c) {
        if (c.countMissing() == 0) return;
        for (int i = 0; i < c.size(); i++) {
            if (c.isMissing(i)) {
                throw new TensorError("TableDataset: column \"" + c.name() + "\" has a missing value in row " + i + " ("
                    + c.countMissing() + " missing in all); drop or fill them first, e.g. table.dropRowsWithMissingValues()");
            }
        }
    }
}
