package io.meterbridge.deploy;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fields a manifest has that the Kubernetes schema does not: fabric8's model keeps every unknown field in an
 * additionalProperties map instead of refusing it, so a walk over the model finds them.
 */
final class Schema {

    private Schema() {
    }

    static void unknownFields(Object model, String path, List<String> unknown) throws Exception {
        if (model == null || !model.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : model.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = m.invoke(model);
            String name = path + "." + m.getName().substring(3);
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else if (value instanceof Collection<?> items) {
                for (Object item : items) {
                    unknownFields(item, name, unknown);
                }
            } else if (value instanceof Map<?, ?> map) {
                for (Object item : map.values()) {
                    unknownFields(item, name, unknown);
                }
            } else {
                unknownFields(value, name, unknown);
            }
        }
    }
}
