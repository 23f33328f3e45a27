package org.tensorshell.kernel;

import org.junit.jupiter.api.Test;
import org.tensorshell.display.Display;
import org.tensorshell.display.MimeBundle;
import org.tensorshell.display.Renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderersTest {
    private final Renderers renderers = new Renderers(RenderersTest.class.getClassLoader());

    @Test
    void jdkValuesRenderWithoutUserCode() {
        assertTrue(renderers.runsNoUserCode(null));
        assertTrue(renderers.runsNoUserCode(42));
        assertTrue(renderers.runsNoUserCode("text"));
        assertTrue(renderers.runsNoUserCode(2.5));
        assertFalse(renderers.runsNoUserCode(new StringBuilder("a toString of its own")));
        assertFalse(renderers.runsNoUserCode(new int[]{1}));
        assertFalse(renderers.runsNoUserCode(java.util.List.of(1)));
        assertEquals("42", renderers.render(42).get("text/plain"));
    }

    @Test
    void aUserRendererForAJdkTypeRunsOnTheCellThread() {
        Renderer<Integer> mine = Renderer.of(Integer.class, 10, i -> MimeBundle.text("number " + i));
        Display.registry().register(mine);
        try {
            assertFalse(renderers.runsNoUserCode(7));
            assertEquals("number 7", renderers.render(7).get("text/plain"));
        } finally {
            Display.registry().unregister(mine);
        }
        assertTrue(renderers.runsNoUserCode(7));
    }
}
