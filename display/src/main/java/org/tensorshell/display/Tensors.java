package org.tensorshell.display;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Conversions between tensors and Tablesaw tables. */
public final class Tensors {
    private Tensors() {}

    /**
     * A 1-D tensor as one column, a 2-D {@code [rows, cols]} tensor as one column per tensor column. Column
     * types follow the dtype (float32 -> FloatColumn, float64 -> DoubleColumn, int64 -> LongColumn, int32 -> IntColumn, bool ->
     * BooleanColumn); names default to {@code c0, c1, ...}.
     */
    public static Table toTable(Tensor t, String... columnNames) {
        if (t.dim() < 1 || t.dim() > 2) {
            throw new TensorError("toTable: expected a 1-D or 2-D tensor, got shape " + Arrays.toString(t.shape()));
        }
        Tensor m = t.dim() == 1 ? t.unsqueeze(1) : t;
        int cols = (int) m.size(1);
        if (columnNames.length != 0 && columnNames.length != cols) {
            throw new TensorError("toTable: " + columnNames.length + " column names for " + cols + " columns (shape "
                + Arrays.toString(t.shape()) + ")");
        }
        List<Column<?>> out = new ArrayList<>();
        for (int j = 0; j < cols; j++) {
            String name = columnNames.length == 0 ? "c" + j : columnNames[j];
            Tensor col = m.select(1, j);
            out.add(switch (t.dtype()) {
                case FLOAT32 -> FloatColumn.create(name, col.toFloatArray());
                case FLOAT64 -> DoubleColumn.create(name, Values.all(col));
                case INT64 -> LongColumn.create(name, col.toLongArray());
                case INT32 -> IntColumn.create(name, Arrays.stream(col.toLongArray()).mapToInt(v -> (int) v).toArray());
                case BOOL -> BooleanColumn.create(name, col.toBooleanArray());
            });
        }
        return Table.create(out);
    }

    /**
     * Numeric (and boolean) columns as a float32 {@code [rows, cols]} tensor, in the order named (all numeric
     * columns when none are named). Missing values become NaN.
     */
    public static Tensor fromTable(Table table, String... columns) {
        List<Column<?>> cols = new ArrayList<>();
        if (columns.length == 0) {
            for (Column<?> c : table.columns()) if (c instanceof NumericColumn<?> || c instanceof BooleanColumn) cols.add(c);
            if (cols.isEmpty()) throw new TensorError("fromTable: the table has no numeric columns (columns: " + table.columnNames() + ")");
        } else {
            for (String name : columns) {
                if (!table.containsColumn(name)) {
                    throw new TensorError("fromTable: no column '" + name + "'; columns are " + table.columnNames());
                }
                Column<?> c = table.column(name);
                if (!(c instanceof NumericColumn<?>) && !(c instanceof BooleanColumn)) {
                    throw new TensorError("fromTable: column '" + name + "' is " + c.type().name() + ", not numeric");
                }
                cols.add(c);
            }
        }
        int rows = table.rowCount(), k = cols.size();
        float[] data = new float[rows * k];
        for (int j = 0; j < k; j++) {
            Column<?> c = cols.get(j);
            for (int i = 0; i < rows; i++) data[i * k + j] = value(c, i);
        }
        return Torch.tensor(data).view(rows, k);
    }

    private static float value(Column<?> c, int row) {
        if (c.isMissing(row)) return Float.NaN;
        if (c instanceof BooleanColumn b) return b.get(row) ? 1f : 0f;
        return (float) ((NumericColumn<?>) c).getDouble(row);
    }
}
