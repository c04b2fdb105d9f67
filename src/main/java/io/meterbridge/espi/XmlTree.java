package io.meterbridge.espi;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.TreeMap;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small element tree of an ESPI document, read with StAX: names without namespaces (PG&E, the Green Button
 * Alliance and eemeter all prefix differently), attributes, trimmed text. A document type declaration is refused
 * outright, so no entity is ever expanded and no file or URL is ever read; depth and element count are bounded.
 * ESPI needs none of DTDs, mixed content or entities, which is why a tree this plain is enough.
 */
final class XmlTree {

    private static final int MAX_DEPTH = 32;
    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    private XmlTree() {
    }

    /** One element: its local name, attributes, child elements and its own text, trimmed. */
    record Node(String name, Map<String, String> attributes, List<Node> children, StringBuilder textBuilder) {

        String text() {
            return textBuilder.toString().trim();
        }

        Node child(String name) {
            for (Node c : children) {
                if (c.name.equals(name)) {
                    return c;
                }
            }
            return null;
        }

        List<Node> all(String name) {
            List<Node> found = new ArrayList<>();
            for (Node c : children) {
                if (c.name.equals(name)) {
                    found.add(c);
                }
            }
            return found;
        }

        /** The text of the child element {@code name}, or null when there is none or it is empty. */
        String text(String name) {
            Node c = child(name);
            String t = c == null ? "" : c.text();
            return t.isEmpty() ? null : t;
        }

        /** The child {@code name} as a whole number; null when absent. */
        Long number(String name) throws EspiRejectedException {
            String t = text(name);
            if (t == null) {
                return null;
            }
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new EspiRejectedException("<" + name + "> is not a whole number: " + EspiRejectedException.clip(t));
            }
        }
    }

    /** The entries of an Atom feed, or an entry alone; null when the root is neither. */
    static List<Node> entries(Node root) {
        return switch (root.name()) {
            case "feed" -> root.all("entry");
            case "entry" -> List.of(root);
            default -> null;
        };
    }

    /** The document's root element; a document type declaration, malformed XML or excess size is rejected. */
    static Node parse(byte[] xml, int maxElements) throws EspiRejectedException {
        try (EntryReader reader = new EntryReader(new ByteArrayInputStream(withoutLiteralLineBreaks(xml)), maxElements)) {
            return reader.document();
        }
    }

    /**
     * Reads a document from a stream: the whole of it ({@link #document()}), or a feed one {@code <entry>} at a time
     * ({@link #next()}), so a Green Button file of any size is read with one entry in memory. Bytes are decoded here,
     * strictly: the JDK's parser would print "[Fatal Error]" to stderr for bytes that are not UTF-8 before throwing.
     */
    static final class EntryReader implements java.io.Closeable {
        private final java.io.Reader source;
        private final XMLStreamReader r;
        private final int maxElements;
        private String root;
        private int depth;

        EntryReader(java.io.InputStream in, int maxElements) throws EspiRejectedException {
            this.source = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8.newDecoder());
            this.maxElements = maxElements;
            try {
                this.r = FACTORY.createXMLStreamReader(source);
            } catch (XMLStreamException | MissingResourceException e) {
                throw malformed(e);
            }
        }

        /** The whole document as one tree (bounded by maxElements in all). */
        Node document() throws EspiRejectedException {
            try {
                while (r.hasNext()) {
                    if (event(r.next()) == XMLStreamConstants.START_ELEMENT) {
                        Node root = element(new int[1]);
                        while (r.hasNext()) {
                            event(r.next()); // to the end: what follows the root must be well-formed too
                        }
                        return root;
                    }
                }
                throw new EspiRejectedException("no XML element");
            } catch (XMLStreamException | MissingResourceException e) {
                throw malformed(e);
            }
        }

        /** The next entry of the feed (or the document's only entry), null after the last; each bounded by maxElements. */
        Node next() throws EspiRejectedException {
            try {
                while (r.hasNext()) {
                    int event = event(r.next());
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        if (root == null) {
                            root = r.getLocalName();
                            if (root.equals("entry")) {
                                return element(new int[1]);
                            }
                            if (!root.equals("feed")) {
                                throw new EspiRejectedException("<" + root + "> is not an Atom feed or entry");
                            }
                            depth = 1;
                        } else if (depth == 1 && r.getLocalName().equals("entry")) {
                            return element(new int[1]);
                        } else {
                            depth++;
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                    }
                }
                if (root == null) {
                    throw new EspiRejectedException("no XML element");
                }
                return null;
            } catch (XMLStreamException | MissingResourceException e) {
                throw malformed(e);
            }
        }

        /** The element whose start the reader is at, with everything in it, up to its end. */
        private Node element(int[] elements) throws XMLStreamException, EspiRejectedException {
            Deque<Node> open = new ArrayDeque<>();
            Node top = null;
            int event = XMLStreamConstants.START_ELEMENT;
            while (true) {
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++elements[0] > maxElements) {
                            throw new EspiRejectedException("more than " + maxElements + " elements");
                        }
                        if (open.size() >= MAX_DEPTH) {
                            throw new EspiRejectedException("elements nested deeper than " + MAX_DEPTH);
                        }
                        Map<String, String> attributes = new TreeMap<>();
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                        Node n = new Node(r.getLocalName(), attributes, new ArrayList<>(), new StringBuilder());
                        if (top == null) {
                            top = n;
                        } else {
                            open.peek().children().add(n);
                        }
                        open.push(n);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!open.isEmpty() && !r.isWhiteSpace()) {
                            open.peek().textBuilder().append(r.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        open.pop();
                        if (open.isEmpty()) {
                            return top;
                        }
                    }
                    default -> {
                        // comments, processing instructions, whitespace: nothing ESPI carries
                    }
                }
                if (!r.hasNext()) {
                    throw new EspiRejectedException("the document ends inside <" + open.peek().name() + ">");
                }
                event = event(r.next());
            }
        }

        /** Refuses what ESPI never needs and an attacker would use: a DTD, an entity reference. */
        private int event(int event) throws EspiRejectedException {
            return switch (event) {
                case XMLStreamConstants.DTD -> throw new EspiRejectedException(
                        "a document type declaration (DTD) is not allowed in ESPI data; nothing in it was read");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new EspiRejectedException(
                        "an entity reference (&" + r.getLocalName() + ";) is not allowed in ESPI data");
                default -> event;
            };
        }

        /**
         * The reader's message names the line and column and never holds more than the offending token. For some
         * malformed DTDs the JDK's reader cannot find the message of its own error (MissingResourceException): its
         * message names the missing key.
         */
        private static EspiRejectedException malformed(Exception e) {
            return new EspiRejectedException("not well-formed XML: " + EspiRejectedException.clip(e.getMessage()));
        }

        @Override
        public void close() {
            try {
                r.close();
                source.close();
            } catch (XMLStreamException | java.io.IOException ignored) {
                // reading is over; nothing written could be lost
            }
        }
    }

    /**
     * Drops the two characters {@code \n} where they stand between a tag's end and the next tag, with any white
     * space around them: real PG&E captures carry them (a Python repr saved to disk), even between the XML
     * declaration and the root, where a strict parser stops. Inside text they are left alone.
     */
    static byte[] withoutLiteralLineBreaks(byte[] xml) {
        byte[] out = null;
        int o = 0;
        for (int i = 0; i < xml.length; i++) {
            byte b = xml[i];
            if (b == '>') {
                int j = i + 1;
                boolean literal = false;
                while (j < xml.length) {
                    if (xml[j] == '\\' && j + 1 < xml.length && xml[j + 1] == 'n') {
                        literal = true;
                        j += 2;
                    } else if (xml[j] == ' ' || xml[j] == '\t' || xml[j] == '\r' || xml[j] == '\n') {
                        j++;
                    } else {
                        break;
                    }
                }
                if (literal && j < xml.length && xml[j] == '<') {
                    if (out == null) {
                        out = new byte[xml.length];
                        System.arraycopy(xml, 0, out, 0, i);
                        o = i;
                    }
                    out[o++] = '>';
                    out[o++] = '\n';
                    i = j - 1;
                    continue;
                }
            }
            if (out != null) {
                out[o++] = b;
            }
        }
        return out == null ? xml : java.util.Arrays.copyOf(out, o);
    }
}
