package io.sipcontainer.service;

/** A named statistic that only goes up (or is reset by an operator). Cheap to update from any thread. */
public interface Counter {
    void increment();

    void add(long delta);

    long get();
}
