package dev.safesqlite.agent.apps;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Two web applications in one JVM, as a servlet container runs them: each with its own
 * child-first class loader over its own copy of sqlite-jdbc, its own code (LegacyApp) and its own
 * {@code safesqlite.properties}. Arguments: SQLITE_JAR APP_CLASSES then, per application,
 * CONFIG_DIR DATABASE.
 */
public final class TwoWebApplications {

    private TwoWebApplications() {
    }

    public static void main(String[] args) throws Exception {
        List<Class<?>> drivers = new ArrayList<>();
        for (int i = 2; i < args.length; i += 2) {
            URL[] classPath = {new File(args[0]).toURI().toURL(), new File(args[1]).toURI().toURL(),
                    new File(args[i]).toURI().toURL()};
            try (URLClassLoader webApp = new ChildFirstLoader(classPath)) {
                Thread.currentThread().setContextClassLoader(webApp);
                // DriverManager finds service-registered drivers once per JVM; a web application
                // registers its own, as servlet containers expect it to
                Class.forName("org.sqlite.JDBC", true, webApp);
                Method main = webApp.loadClass("dev.safesqlite.samples.legacy.LegacyApp").getMethod("main", String[].class);
                main.invoke(null, (Object) new String[] {"drivermanager", "jdbc:sqlite:" + args[i + 1],
                        "execute:DROP TABLE orders"});
                drivers.add(webApp.loadClass("org.sqlite.JDBC"));
            }
        }
        System.out.println("SEPARATE SQLITE-JDBC " + (drivers.get(0) != drivers.get(1)
                && drivers.get(0).getClassLoader() != ClassLoader.getSystemClassLoader()));
    }

    /** Looks in its own jars first, like a web application's loader; only java.* comes from the parent. */
    static final class ChildFirstLoader extends URLClassLoader {
        ChildFirstLoader(URL[] urls) {
            super(urls, ClassLoader.getSystemClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && !name.startsWith("java.")) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notHere) {
                        // the parent's, below
                    }
                }
                if (c == null) c = super.loadClass(name, false);
                if (resolve) resolveClass(c);
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }
}
