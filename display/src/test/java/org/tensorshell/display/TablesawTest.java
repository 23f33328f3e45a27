package org.tensorshell.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorshell.Torch.*;

import org.junit.jupiter.api.Test;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TablesawTest {
    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }

    @Test
    void smallTableShowsEveryRow() {
        Table t = Table.create("people", StringColumn.create("name", "Ada", "<Bob>"), IntColumn.create("age", 36, 41));
        MimeBundle b = Display.render(t);
        assertEquals(t.toString(), b.text());
        Bundles.assertSafeHtml(b.html());
        assertTrue(b.html().contains("&lt;Bob&gt;"), "cell text is escaped");
        assertTrue(b.html().contains("<b>people</b>"));
        assertTrue(b.html().contains("2 rows &times; 2 columns"));
        assertTrue(b.html().contains("name: STRING, age: INTEGER"), b.html());
        assertEquals(3, count(b.html(), "<tr>"));
    }

    @Test
    void largeTableShowsHeadAndTail() {
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) v[i] = i;
        Table t = Table.create(DoubleColumn.create("x", v));
        String html = Display.render(t).html();
        assertEquals(1 + 5 + 1 + 5, count(html, "<tr>"), "header, 5 head rows, ellipsis row, 5 tail rows");
        assertTrue(html.contains(">999.0</td>") || html.contains(">999</td>"), html);
        assertTrue(html.contains("1000 rows &times; 1 columns (showing 10)"));
    }

    @Test
    void tensorToTableAndBack() {
        Tensor x = tensor(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Table t = Tensors.toTable(x, "a", "b", "c");
        assertEquals(2, t.rowCount());
        assertEquals(java.util.List.of("a", "b", "c"), t.columnNames());
        Tensor back = Tensors.fromTable(t);
        assertEquals(DType.FLOAT32, back.dtype());
        assertArrayEquals(new long[] {2, 3}, back.shape());
        assertArrayEquals(x.toFloatArray(), back.toFloatArray());
        Tensor picked = Tensors.fromTable(t, "c", "a");
        assertArrayEquals(new float[] {3, 1, 6, 4}, picked.toFloatArray());
        assertEquals(java.util.List.of("c0"), Tensors.toTable(arange(4L)).columnNames());
        assertEquals("LONG", Tensors.toTable(arange(4L)).column(0).type().name());
        assertEquals("BOOLEAN", Tensors.toTable(tensor(true, false)).column(0).type().name());
        // A non-contiguous view converts by value.
        Table tt = Tensors.toTable(arange(6L).view(2, 3).t());
        assertEquals(3, tt.rowCount());
        assertEquals(3L, tt.longColumn("c1").get(0));
    }

    @Test
    void missingValuesAndErrors() {
        Table t = Table.create(DoubleColumn.create("x", 1.0, Double.NaN), StringColumn.create("s", "a", "b"),
            IntColumn.create("n", new int[] {1, 2}));
        Tensor all = Tensors.fromTable(t);
        assertArrayEquals(new long[] {2, 2}, all.shape(), "only numeric columns");
        assertTrue(Float.isNaN(all.toFloatArray()[2]));
        TensorError e = assertThrows(TensorError.class, () -> Tensors.fromTable(t, "s"));
        assertTrue(e.getMessage().contains("column 's' is STRING, not numeric"), e.getMessage());
        e = assertThrows(TensorError.class, () -> Tensors.fromTable(t, "nope"));
        assertTrue(e.getMessage().contains("no column 'nope'"), e.getMessage());
        e = assertThrows(TensorError.class, () -> Tensors.toTable(zeros(2, 3), "a"));
        assertTrue(e.getMessage().contains("1 column names for 3 columns"), e.getMessage());
        assertThrows(TensorError.class, () -> Tensors.toTable(zeros(2, 2, 2)));
    }
}
