package org.tensorshell.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorshell.DType;
import org.tensorshell.core.TensorError;
import tech.tablesaw.api.Table;

class TableDatasetTest {
    static Table csv(Path dir, String text) throws IOException {
        Path f = dir.resolve("data.csv");
        Files.writeString(f, text);
        return Table.read().csv(f.toString());
    }

    @Test
    void csvToTensorsAndBatches(@TempDir Path dir) throws IOException {
        Table t = csv(dir, """
            sepal_length,sepal_width,is_big,species,count
            5.1,3.5,false,setosa,1
            7.0,3.2,true,versicolor,2
            6.3,3.3,true,virginica,3
            4.9,3.0,false,setosa,4
            """);
        TableDataset ds = TableDataset.of(t, List.of("sepal_length", "sepal_width", "is_big"), "species");
        assertEquals(4, ds.size());
        assertEquals(List.of("setosa", "versicolor", "virginica"), ds.classes());
        assertArrayEquals(new long[] {4, 3}, ds.tensors().get(0).shape());
        assertEquals(DType.FLOAT32, ds.tensors().get(0).dtype());
        assertArrayEquals(new float[] {7.0f, 3.2f, 1f}, ds.get(1).input().toFloatArray());
        assertArrayEquals(new long[] {0, 1, 2, 0}, ds.tensors().get(1).toLongArray());
        Batch b = new DataLoader(ds, 3).iterator().next();
        assertArrayEquals(new long[] {3, 3}, b.input().shape());
        assertArrayEquals(new long[] {0, 1, 2}, b.target().toLongArray());

        TableDataset ints = TableDataset.of(t, List.of("sepal_length"), "count");
        assertEquals(DType.INT64, ints.tensors().get(1).dtype());
        assertArrayEquals(new long[] {1, 2, 3, 4}, ints.tensors().get(1).toLongArray());
        assertEquals(List.of(), ints.classes());

        TableDataset regression = TableDataset.of(t, List.of("sepal_width"), "sepal_length");
        assertEquals(DType.FLOAT32, regression.tensors().get(1).dtype());
        assertArrayEquals(new float[] {5.1f, 7.0f, 6.3f, 4.9f}, regression.tensors().get(1).toFloatArray());

        TableDataset bools = TableDataset.of(t, List.of("sepal_width"), "is_big");
        assertArrayEquals(new float[] {0, 1, 1, 0}, bools.tensors().get(1).toFloatArray());

        TensorError e = assertThrows(TensorError.class, () -> TableDataset.of(t, "count"));
        assertTrue(e.getMessage().contains("feature column \"species\" has type STRING"), e.getMessage());
        e = assertThrows(TensorError.class, () -> TableDataset.of(t, List.of("petal"), "species"));
        assertTrue(e.getMessage().contains("has no column \"petal\""), e.getMessage());
    }

    @Test
    void missingValuesNameColumnAndRow(@TempDir Path dir) throws IOException {
        Table t = csv(dir, "a,b,y\n1,2,0\n3,,1\n5,6,0\n");
        TensorError e = assertThrows(TensorError.class, () -> TableDataset.of(t, "y"));
        assertTrue(e.getMessage().contains("column \"b\" has a missing value in row 1"), e.getMessage());
        TableDataset ds = TableDataset.of(t.dropRowsWithMissingValues(), "y");
        assertEquals(List.of("a", "b"), ds.featureNames());
        assertArrayEquals(new float[] {1, 2, 5, 6}, ds.tensors().get(0).toFloatArray());
    }
}
