package io.sipcontainer.util;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.core.rolling.RollingFileAppender;

/**
 * Logback's rolling file appender, made to open its file again after a rollover could not.
 *
 * <p>A rollover closes the log file, renames it and opens a new one. When the process is out of file
 * descriptors at that moment ("Too many open files"), logback 1.5 records the failure and keeps no
 * file open, and every later event fails on the missing stream: file logging stopped for good while
 * the console went on (issue 17 #2). Here an event that finds no open file tries to open the active
 * file again, at most once per {@link #RETRY_MILLIS}, and is dropped (not counted as an appender
 * error for each event) until that succeeds. Used by {@code conf/logback.xml}.
 */
public class ReopeningRollingFileAppender<E> extends RollingFileAppender<E> {
    static final long RETRY_MILLIS = 1000;

    private volatile long nextAttempt;

    @Override
    protected void subAppend(E event) {
        if (getOutputStream() == null && !reopen()) {
            return;
        }
        super.subAppend(event);
    }

    private boolean reopen() {
        long now = System.nanoTime();
        if (now - nextAttempt < 0) {
            return false;
        }
        nextAttempt = now + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
        String file = getRollingPolicy() != null ? getRollingPolicy().getActiveFileName() : getFile();
        streamWriteLock.lock();
        try {
            if (getOutputStream() == null) {
                openFile(file);
                addInfo("Log file " + file + " opened again after a failed rollover");
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            streamWriteLock.unlock();
        }
    }
}
