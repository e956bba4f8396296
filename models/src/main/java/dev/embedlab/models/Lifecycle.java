package dev.embedlab.models;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Open/closed state of an object holding native resources: calls run under a read lock and
 * throw {@code IllegalStateException("<id> is closed")} after close; {@link #close} waits for
 * running calls and releases once (idempotent). Package-private.
 */
final class Lifecycle {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String id;

  Lifecycle(String id) {
    this.id = id;
  }

  /** Runs {@code body} while open, holding off {@link #close} until it returns. */
  <T> T call(Supplier<T> body) {
    ReentrantReadWriteLock.ReadLock r = lock.readLock();
    r.lock();
    try {
      if (closed.get()) {
        throw new IllegalStateException(id + " is closed");
      }
      return body.get();
    } finally {
      r.unlock();
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Waits for running calls, then runs {@code release} the first time only. */
  void close(Runnable release) {
    ReentrantReadWriteLock.WriteLock w = lock.writeLock();
    w.lock();
    try {
      if (closed.compareAndSet(false, true)) {
        release.run();
      }
    } finally {
      w.unlock();
    }
  }
}
