package io.streetdigits.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the shared {@link RunningSystem} when the test session ends, before the JVM does. */
public class EndToEndSession implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            RunningSystem.stopIfStarted();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the end-to-end system failed", e);
        }
    }
}
