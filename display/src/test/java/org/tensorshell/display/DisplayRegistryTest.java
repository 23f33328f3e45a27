package org.tensorshell.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import tech.tablesaw.api.Table;

class DisplayRegistryTest {
    interface Shape {}
    interface Round extends Shape {}
    static class Base implements Shape {}
    static class Circle extends Base implements Round {}

    private static MimeBundle tag(String s) { return MimeBundle.text(s); }

    @Test
    void lookupWalksClassesAndInterfaces() {
        DisplayRegistry r = new DisplayRegistry();
        r.register(Shape.class, 0, v -> tag("shape"));
        assertEquals("shape", r.render(new Circle()).text());
        r.register(Base.class, 0, v -> tag("base"));
        assertEquals("base", r.render(new Circle()).text(), "Base (distance 1) is nearer than Shape (distance 2)");
        r.register(Round.class, 0, v -> tag("round"));
        assertEquals("round", r.render(new Circle()).text(), "Round and Base are both at distance 1; later wins ties");
        r.register(Circle.class, 0, v -> tag("circle"));
        assertEquals("circle", r.render(new Circle()).text());
        assertEquals("base", r.render(new Base()).text());
        assertNull(r.render("a string"));
    }

    @Test
    void priorityBeatsNearness() {
        DisplayRegistry r = new DisplayRegistry();
        r.register(Circle.class, 0, v -> tag("near"));
        r.register(Shape.class, 5, v -> tag("important"));
        assertEquals("important", r.render(new Circle()).text());
        assertEquals(2, r.candidates(Circle.class).size());
    }

    @Test
    void nullFromARendererFallsThroughToTheNext() {
        DisplayRegistry r = new DisplayRegistry();
        r.register(Shape.class, 0, v -> tag("fallback"));
        Renderer<Circle> declines = Renderer.of(Circle.class, 10, v -> null);
        r.register(declines);
        assertEquals("fallback", r.render(new Circle()).text());
        assertTrue(r.unregister(declines));
        assertEquals(1, r.candidates(Circle.class).size());
    }

    @Test
    void objectRendererIsTheLastResort() {
        DisplayRegistry r = new DisplayRegistry();
        r.register(Object.class, 100, v -> tag("object"));
        r.register(Circle.class, 0, v -> tag("circle"));
        assertEquals("object", r.render(new Circle()).text(), "priority decides before nearness, even for Object");
        DisplayRegistry r2 = new DisplayRegistry();
        r2.register(Object.class, 0, v -> tag("object"));
        r2.register(Shape.class, 0, v -> tag("shape"));
        assertEquals("shape", r2.render(new Circle()).text());
        assertEquals("object", r2.render(42).text());
    }

    @Test
    void displayEntryPoint() {
        assertNull(Display.render(null));
        assertEquals("42", Display.render(42).text());
        assertEquals(List.of("text/plain"), new ArrayList<>(Display.render("x").data().keySet()));
        Displayable own = () -> MimeBundle.builder("mine").html("<b>mine</b>").build();
        assertEquals("<b>mine</b>", Display.render(own).html());
        MimeBundle b = MimeBundle.text("itself");
        assertEquals(b, Display.render(b));
        assertEquals("itself", Display.renderData(b).get("text/plain"));
        assertNull(Display.renderData(null));
    }

    @Test
    void builtInRenderersAreFoundWithServiceLoader() {
        assertEquals(TensorDisplay.class, Display.registry().candidates(Tensor.class).get(0).getClass());
        assertEquals(TableDisplay.class, Display.registry().candidates(Table.class).get(0).getClass());
        assertEquals(ImageDisplay.class, Display.registry().candidates(BufferedImage.class).get(0).getClass());
        assertTrue(Display.render(Torch.tensor(1.0, 2.0)).has(MimeBundle.HTML));
    }

    @Test
    void aThrowingRendererFallsBackToText() {
        class Boom {
            @Override public String toString() { return "boom"; }
        }
        Renderer<Boom> bad = Renderer.of(Boom.class, 0, v -> { throw new IllegalStateException("broken"); });
        Display.registry().register(bad);
        try {
            assertTrue(Display.render(new Boom()).text().startsWith("boom"));
        } finally {
            Display.registry().unregister(bad);
        }
    }

    @Test
    void aThrowingToStringStillGivesText() {
        Object bad = new Object() {
            @Override public String toString() { throw new IllegalStateException("nope"); }
        };
        assertTrue(Display.render(bad).text().contains("toString() threw java.lang.IllegalStateException: nope"));
    }

    @Test
    void everyBundleHasText() {
        assertThrows(IllegalArgumentException.class, () -> new MimeBundle(java.util.Map.of("text/html", "<b/>"), java.util.Map.of()));
    }
}
