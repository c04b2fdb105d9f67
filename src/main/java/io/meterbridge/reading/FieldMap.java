package io.meterbridge.reading;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields of one reading: a map in insertion order whose keys come from one process-wide numbering of
 * field names. A source that knows a field's number puts it with an array store instead of hashing and an
 * entry object per value, which is most of the cost of parsing a telegram. Any other name still works; it is
 * numbered the first time it is seen. Not thread-safe; values are never null.
 */
public final class FieldMap extends AbstractMap<String, Object> {

    private static final Map<String, Integer> IDS = new ConcurrentHashMap<>();
    private static volatile String[] names = new String[0];

    /** Per field number, the value or null. */
    private Object[] values;
    /** Field numbers in the order they were put. */
    private int[] order = new int[64];
    private int size;

    public FieldMap() {
        values = new Object[Math.max(64, names.length)];
    }

    /** The number of a field name, the same for the life of the process. */
    public static int id(String name) {
        Integer id = IDS.get(name);
        return id != null ? id : register(name);
    }

    private static synchronized int register(String name) {
        Integer id = IDS.get(name);
        if (id == null) {
            id = names.length;
            String[] grown = Arrays.copyOf(names, id + 1);
            grown[id] = name;
            names = grown;
            IDS.put(name, id);
        }
        return id;
    }

    /** Puts by field number: the fast path for sources whose vocabulary is fixed. */
    public Object put(int id, Object value) {
        if (value == null) {
            throw new NullPointerException("field values are never null");
        }
        if (id >= values.length) {
            values = Arrays.copyOf(values, Math.max(id + 1, values.length * 2));
        }
        Object previous = values[id];
        if (previous == null) {
            if (size == order.length) {
                order = Arrays.copyOf(order, size * 2);
            }
            order[size++] = id;
        }
        values[id] = value;
        return previous;
    }

    /** Gets by field number; null when absent. */
    public Object get(int id) {
        return id < values.length ? values[id] : null;
    }

    /** A number by field number; NaN when absent or not a Double. */
    public double getDouble(int id) {
        return get(id) instanceof Double d ? d : Double.NaN;
    }

    @Override
    public Object put(String name, Object value) {
        return put(id(name), value);
    }

    @Override
    public Object get(Object name) {
        Integer id = IDS.get(name);
        return id == null ? null : get(id.intValue());
    }

    @Override
    public boolean containsKey(Object name) {
        return get(name) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                String[] known = names;
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int id = order[next++];
                        return new SimpleImmutableEntry<>(known[id], get(id));
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
