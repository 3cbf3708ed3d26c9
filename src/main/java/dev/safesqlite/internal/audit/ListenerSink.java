package dev.safesqlite.internal.audit;

import dev.safesqlite.ProtectionEvent;
import dev.safesqlite.ProtectionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands every event to the {@link ProtectionListener}s found through {@link ServiceLoader}. */
public final class ListenerSink implements AuditSink {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerSink.class);
    private final List<ProtectionListener> listeners;

    private ListenerSink(List<ProtectionListener> listeners) {
        this.listeners = listeners;
    }

    /** Listeners visible from the context class loader (the application's) or SafeSQLite's own. */
    public static ListenerSink load() {
        List<ProtectionListener> found = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader cl : new ClassLoader[] {context, ListenerSink.class.getClassLoader()}) {
            if (cl == null) continue;
            for (ProtectionListener l : ServiceLoader.load(ProtectionListener.class, cl)) {
                if (found.stream().noneMatch(f -> f.getClass() == l.getClass())) found.add(l);
            }
        }
        return new ListenerSink(List.copyOf(found));
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    @Override
    public void record(AuditEvent e) {
        ProtectionEvent pe = new ProtectionEvent(e.ts(), e.event(), e.db(), e.fields());
        for (ProtectionListener l : listeners) {
            try {
                l.onEvent(pe);
            } catch (RuntimeException ex) {
                LOG.warn("SafeSQLite: ProtectionListener {} failed on {}", l.getClass().getName(), e.event(), ex);
            }
        }
    }
}
