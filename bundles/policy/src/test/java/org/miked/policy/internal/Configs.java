package org.miked.policy.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes component property type instances from a property map the way DS does (OSGi Compendium 112.8.2):
 * the property name is the method name with {@code _} read as {@code .}; a missing property gives the
 * method's default; strings are converted to numbers and booleans; a scalar becomes a one-element array and
 * an array's first element a scalar. A string that does not convert throws, as SCR does.
 */
final class Configs {
    private Configs() {
    }

    /** @return a group configuration over these properties */
    static GroupPolicyConfig group(Map<String, ?> props) {
        return of(GroupPolicyConfig.class, props);
    }

    /** @return an origin with this PID and file */
    static ConfigOrigin origin(String pid, String file) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", pid);
        if (file != null) {
            p.put("felix.fileinstall.filename", file);
        }
        return of(ConfigOrigin.class, p);
    }

    static <A> A of(Class<A> type, Map<String, ?> props) {
        Map<String, Object> copy = new HashMap<>(props);
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, m, args) -> {
            switch (m.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + copy;
                case "hashCode":
                    return copy.hashCode();
                case "equals":
                    return self == args[0];
                default:
                    return value(m, copy.get(m.getName().replace('_', '.')));
            }
        });
        return type.cast(proxy);
    }

    private static Object value(Method m, Object raw) {
        Class<?> t = m.getReturnType();
        if (raw == null) {
            return m.getDefaultValue() != null ? m.getDefaultValue() : zero(t);
        }
        if (t.isArray()) {
            Object[] items = raw instanceof Collection<?> c ? c.toArray()
                    : raw.getClass().isArray() ? toObjects(raw) : new Object[] { raw };
            Object out = Array.newInstance(t.getComponentType(), items.length);
            for (int i = 0; i < items.length; i++) {
                Array.set(out, i, scalar(t.getComponentType(), items[i]));
            }
            return out;
        }
        if (raw.getClass().isArray()) {
            Object[] items = toObjects(raw);
            return items.length == 0 ? zero(t) : scalar(t, items[0]);
        }
        if (raw instanceof Collection<?> c) {
            return c.isEmpty() ? zero(t) : scalar(t, c.iterator().next());
        }
        return scalar(t, raw);
    }

    private static Object[] toObjects(Object array) {
        Object[] out = new Object[Array.getLength(array)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Array.get(array, i);
        }
        return out;
    }

    private static Object scalar(Class<?> t, Object v) {
        if (t == String.class) {
            return String.valueOf(v);
        }
        String s = String.valueOf(v).trim();
        if (t == int.class) {
            return v instanceof Number n ? n.intValue() : Integer.parseInt(s);
        }
        if (t == long.class) {
            return v instanceof Number n ? n.longValue() : Long.parseLong(s);
        }
        if (t == boolean.class) {
            return v instanceof Boolean b ? b : Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("unsupported type " + t);
    }

    private static Object zero(Class<?> t) {
        if (t == int.class) {
            return 0;
        }
        if (t == long.class) {
            return 0L;
        }
        if (t == boolean.class) {
            return false;
        }
        return null;
    }
}
