package dev.safesqlite.agent;

import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;

/**
 * Defines classes in the bootstrap loader through the JDK's internal {@code Unsafe.defineClass}.
 * Runs in a class loader of its own, the only module {@link BootstrapBridge} gives access to
 * {@code jdk.internal.misc}; reached by reflection, so it uses java.base types only.
 */
public final class BootClassDefiner {

    private BootClassDefiner() {
    }

    public static void define(Map<String, byte[]> classes) throws ReflectiveOperationException {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method defineClass = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            byte[] bytes = c.getValue();
            defineClass.invoke(unsafe, c.getKey(), bytes, 0, bytes.length, null, null);
        }
    }
}
