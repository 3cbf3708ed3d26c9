package dev.safesqlite.micrometer;

import dev.safesqlite.ProtectionEvent;
import dev.safesqlite.ProtectionListener;

/**
 * The engine's audit events, as every {@link ProtectionListener} receives them, turned into
 * the totals the meters read. Found by the engine through {@code ServiceLoader}
 * ({@code META-INF/services/dev.safesqlite.ProtectionListener}), so having this jar on the
 * class path is enough: the metrics see the same events as the audit log, through one path.
 */
public final class MeterFeed implements ProtectionListener {

    @Override
    public void onEvent(ProtectionEvent event) {
        ProtectionTotals.INSTANCE.record(event);
    }
}
