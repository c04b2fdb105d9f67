package io.meterbridge.emu2;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.meterbridge.reading.Quoted;

/**
 * Reads one fragment the {@link Emu2Framer} cut out. The protocol's XML is tiny and fixed: a root without
 * attributes whose children hold text only, no declaration, no namespaces. A reader for exactly that is simpler
 * to make safe than an XML parser: it has no DTDs, no entities beyond the five predefined ones and no external
 * anything, so hostile input can only be rejected, never followed. Anything outside the shape is rejected with
 * the reason.
 */
public final class FragmentReader {

    /** The device's character set (the RAVEn manual: 8-bit extended ASCII, code page 1252). */
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final String text;
    private int pos;

    private FragmentReader(String text) {
        this.text = text;
    }

    public static Fragment read(byte[] bytes) throws FragmentRejectedException {
        return new FragmentReader(new String(bytes, WINDOWS_1252)).fragment();
    }

    private Fragment fragment() throws FragmentRejectedException {
        skipSpace();
        String root = startTag("root");
        String canonical = Emu2Roots.canonical(root);
        Map<String, List<String>> children = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (text.startsWith("</", pos)) {
                String end = endTag();
                if (!end.equalsIgnoreCase(root)) {
                    throw reject("<" + root + "> closed by </" + end + ">");
                }
                skipSpace();
                if (pos != text.length()) {
                    throw reject("text after </" + root + ">");
                }
                return new Fragment(canonical != null ? canonical : root, children, text);
            }
            String child = startTag("child");
            int close = text.indexOf('<', pos);
            if (close < 0) {
                throw reject("<" + child + "> not closed");
            }
            String value = text.substring(pos, close);
            pos = close;
            if (!text.startsWith("</", pos)) {
                throw reject("<" + child + "> holds an element; only the root has children");
            }
            String end = endTag();
            if (!end.equalsIgnoreCase(child)) {
                throw reject("<" + child + "> closed by </" + end + ">");
            }
            children.computeIfAbsent(child.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(unescape(value.strip()));
        }
    }

    private String startTag(String what) throws FragmentRejectedException {
        if (!text.startsWith("<", pos) || text.startsWith("<!", pos) || text.startsWith("<?", pos) || text.startsWith("</", pos)) {
            throw reject("expected a " + what + " start tag at " + pos);
        }
        int close = text.indexOf('>', pos);
        if (close < 0) {
            throw reject("unterminated tag at " + pos);
        }
        String name = text.substring(pos + 1, close);
        if (!isName(name)) {
            throw reject("<" + Quoted.shorten(name, 40) + "> is not a plain element name (attributes and namespaces are not used)");
        }
        pos = close + 1;
        return name;
    }

    private String endTag() throws FragmentRejectedException {
        int close = text.indexOf('>', pos);
        if (close < 0) {
            throw reject("unterminated end tag at " + pos);
        }
        String name = text.substring(pos + 2, close);
        if (!isName(name)) {
            throw reject("</" + Quoted.shorten(name, 40) + "> is not a plain element name");
        }
        pos = close + 1;
        return name;
    }

    private static boolean isName(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** The five predefined entities (MessageCluster's Text is HTML-escaped); anything else is kept as it is. */
    private static String unescape(String value) {
        if (value.indexOf('&') < 0) {
            return value;
        }
        return value.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    private FragmentRejectedException reject(String why) {
        return new FragmentRejectedException("EMU-2 fragment rejected: " + why);
    }
}
