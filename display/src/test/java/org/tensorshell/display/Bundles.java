package org.tensorshell.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** Assertions shared by the display tests: safe HTML, decodable and non-blank pictures. */
final class Bundles {
    private Bundles() {}

    private static final Set<String> ALLOWED = Set.of("div", "span", "b", "table", "tr", "td", "th", "details", "summary", "img");
    private static final Pattern TAG = Pattern.compile("<\\s*/?\\s*([a-zA-Z][a-zA-Z0-9-]*)");

    /** No script or style elements, no event handlers, only the tags a sanitizer keeps. */
    static void assertSafeHtml(String html) {
        assertNotNull(html, "html");
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<script"), "script element in HTML");
        assertFalse(lower.contains("<style"), "style element in HTML");
        assertFalse(Pattern.compile("\\son[a-z]+\\s*=").matcher(lower).find(), "event handler attribute in HTML");
        assertFalse(lower.contains("javascript:"), "javascript: URL in HTML");
        Matcher m = TAG.matcher(html);
        while (m.find()) assertTrue(ALLOWED.contains(m.group(1).toLowerCase(Locale.ROOT)), "unexpected tag <" + m.group(1) + ">");
    }

    static BufferedImage decodePng(String base64) {
        assertNotNull(base64, "image/png missing");
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
            assertNotNull(img, "PNG does not decode");
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int distinctColours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 1) {
            for (int x = 0; x < img.getWidth(); x += 1) seen.add(img.getRGB(x, y) & 0xffffff);
        }
        return seen.size();
    }

    /** Decodes, checks the size and that the picture is not blank. */
    static BufferedImage assertPicture(MimeBundle b, int width, int height, int minColours) {
        BufferedImage img = decodePng(b.png());
        if (width > 0) assertEquals(width, img.getWidth(), "png width");
        if (height > 0) assertEquals(height, img.getHeight(), "png height");
        int colours = distinctColours(img);
        assertTrue(colours >= minColours, "png has only " + colours + " colours");
        return img;
    }

    /** The SVG parses as XML and has no scripts. */
    static void assertSvg(String svg) {
        assertNotNull(svg, "image/svg+xml missing");
        assertFalse(svg.toLowerCase(Locale.ROOT).contains("<script"));
        try {
            var f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            var doc = f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(svg)));
            assertEquals("svg", doc.getDocumentElement().getLocalName());
        } catch (Exception e) {
            throw new AssertionError("SVG does not parse: " + e, e);
        }
    }
}
