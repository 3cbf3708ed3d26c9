package dev.safesqlite;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real ProtectionListener, registered through META-INF/services in the test resources. */
public final class RecordingListener implements ProtectionListener {

    public static final List<ProtectionEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ProtectionEvent event) {
        EVENTS.add(event);
    }
}
